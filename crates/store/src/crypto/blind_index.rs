//! Blind indexes: keyed HMAC-SHA-256 (RFC 2104) of a normalized value, for
//! equality lookups on sealed columns without storing the plaintext.
//!
//! The HMAC key is derived from the tenant's [`IndexKey`] per column
//! (HMAC(index key, "callvault/blind-index/v1/" ‖ column)), so equal values
//! match within one tenant and column, and nowhere else; the index key does
//! not rotate with the data keys, so indexes stay valid across a data-key
//! rotation. Callers normalize first (e.g. E.164 for phone numbers,
//! lower-case for e-mail addresses).

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::IndexKey;

/// The blind index of `normalized` in `column` (e.g. `"users.email"`) under `key`.
pub fn blind_index(key: &IndexKey, column: &str, normalized: &[u8]) -> [u8; 32] {
    BlindIndexer::new(key, column).index(normalized)
}

/// One tenant's blind-index function for one column, keyed once: the column
/// key's derivation and HMAC key schedule are done up front, so indexing a
/// batch of values costs one HMAC each (a batched CDR insert indexes two
/// numbers per row).
#[derive(Clone)]
pub struct BlindIndexer {
    keyed: Hmac<Sha256>,
}

impl BlindIndexer {
    /// The indexer of `column` under `key`.
    pub fn new(key: &IndexKey, column: &str) -> Self {
        let column_key = key.column_key(column);
        Self {
            keyed: <Hmac<Sha256> as KeyInit>::new_from_slice(column_key.as_slice()).expect("HMAC takes any key length"),
        }
    }

    /// The blind index of `normalized`, as [`blind_index`] gives it.
    pub fn index(&self, normalized: &[u8]) -> [u8; 32] {
        let mut mac = self.keyed.clone();
        mac.update(normalized);
        mac.finalize().into_bytes().into()
    }
}

impl std::fmt::Debug for BlindIndexer {
    /// Never prints key material.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlindIndexer").finish_non_exhaustive()
    }
}
