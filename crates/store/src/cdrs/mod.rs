//! Call detail records (issue 4) with their parties sealed (issue 3).
//!
//! A CDR is call detail information, part of CPNI (47 CFR 64.2003(d)), so
//! under the customer's data key ([`Keyring`](crate::Keyring)):
//!
//! - `parties_sealed` holds the caller, callee and DID numbers in one value
//!   (`parties`) sealed with AES-256-GCM and bound ([`Aad`](crate::Aad)) to
//!   table `cdrs`, column `parties` and the CDR's id, so a sealed value
//!   copied to another CDR (or customer) does not open;
//! - `caller_index` and `callee_index` hold keyed blind indexes
//!   ([`blind_index`](crate::blind_index) under the customer's index key,
//!   columns `cdrs.caller` and
//!   `cdrs.callee`) of the numbers exactly as given, cut to their first
//!   [`INDEX_LEN`] bytes, for [`Store::cdrs_for_party`] by equality without
//!   plaintext. Eight bytes keep the indexes small (each insert touches a
//!   random page of each); a rare collision is filtered out after opening.
//!
//! [`Store::insert_cdrs`] writes a batch in one transaction, sealing under
//! each customer's key fetched once per batch. Everything else (times,
//! direction, disposition, trunk name, SIP status) stays plain: it is what
//! reports aggregate over, and it names no party.
//!
//! The readers take a [`CpniRequest`](compliance::CpniRequest) and go
//! through the CPNI gate (`crate::cpni`, issue 7, ARCHITECTURE.md principle
//! 3), which decides and audits every read; the raw readers are private and
//! take the gate's `Permit`.
//!
//! Blind indexes use the customer's [`IndexKey`], which does not rotate with
//! the data keys, so a data-key rotation re-seals `parties_sealed`
//! ([`SEALED`], `crate::rotation`) and leaves the indexes as they are (see
//! `crate::crypto`).

mod insert;
mod parties;
mod query;
mod read;
mod volume;

pub use query::{CdrCursor, CdrQuery};
pub use volume::DayVolume;

use model::CdrId;

use crate::Store;
use crate::crypto::{BlindIndexer, IndexKey};
use crate::id::now_ms;
use crate::rotation::SealedTable;

/// The table, and the sealed value's table and column in its [`Aad`](crate::Aad).
const TABLE: &str = "cdrs";
const PARTIES: &str = "parties";
/// The blind-index column names (`table.column`) for [`crate::blind_index`].
const CALLER_INDEX: &str = "cdrs.caller";
const CALLEE_INDEX: &str = "cdrs.callee";
/// How many bytes of a blind index are stored.
const INDEX_LEN: usize = 8;

/// Where the re-seal job finds CDRs' sealed parties.
pub(crate) const SEALED: SealedTable = SealedTable {
    table: TABLE,
    tenant_column: "tenant_id",
    select: "id",
    columns: &[("parties_sealed", PARTIES)],
    aad_row: |row| Ok(sqlx::Row::try_get(row, "id")?),
};

/// The stored blind index of `number` in `column` under `key`.
fn index_of(key: &IndexKey, column: &str, number: &str) -> Vec<u8> {
    stored_index(&BlindIndexer::new(key, column), number)
}

/// The stored blind index of `number` by `indexer`.
fn stored_index(indexer: &BlindIndexer, number: &str) -> Vec<u8> {
    indexer.index(number.as_bytes())[..INDEX_LEN].to_vec()
}

impl Store {
    /// A fresh CDR id: 32 hex digits, the current Unix time in milliseconds
    /// (48 bits) then 80 random bits, so ids sort by creation time and new
    /// rows append to the primary key's index instead of scattering over it.
    pub fn new_cdr_id() -> CdrId {
        let mut random = [0u8; 10];
        getrandom::fill(&mut random).expect("the OS random source is available");
        let millis = now_ms().to_be_bytes();
        CdrId(format!("{}{}", hex::encode(&millis[2..]), hex::encode(random)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_32_hex_digits_in_creation_order() {
        let first = Store::new_cdr_id();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let second = Store::new_cdr_id();
        assert_eq!(first.0.len(), 32);
        assert!(first.0.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(first < second);
    }
}
