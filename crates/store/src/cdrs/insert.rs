//! Writing CDRs: one transaction per batch, multi-row `INSERT`s, the
//! parties sealed and blind-indexed on the way in (issue 3 item 1, issue 4).
//!
//! Statements come in a fixed ladder of row counts ([`STATEMENT_ROWS`]), so
//! every statement text is one of a handful, each prepared once per
//! connection, and none comes near SQLite's limit of 32,766 bound variables.
//! While SQLite (on sqlx's worker thread) runs one statement, this task
//! seals the rows of the next.
//!
//! Sealing is per batch: one [`Sealer`] per customer (the data key's cipher
//! and the associated data's fixed fields set up once), one blind indexer
//! per customer and column (the HMAC key schedule done once, cloned per
//! value), one [`NonceSource`], and one buffer the parties are encoded
//! into; each value is encrypted in place in the buffer it is stored from. On SQLite the commit runs with
//! `synchronous = FULL`, so the batch is on stable storage (the WAL fsynced)
//! when [`Store::insert_cdrs`] returns, whatever the store's default;
//! PostgreSQL's commits are durable anyway.

use std::collections::HashMap;

use model::{Cdr, TenantId};
use sqlx::AnyConnection;

use super::{CALLEE_INDEX, CALLER_INDEX, PARTIES, TABLE, parties, stored_index};
use zeroize::Zeroizing;

use crate::crypto::{BlindIndexer, NonceSource, Sealer};
use crate::sql::values_list;
use crate::{Backend, Store, StoreError};

/// Columns per row, in the order [`bind_row`] binds them.
const COLUMNS: usize = 13;
const COLUMN_LIST: &str = "id, tenant_id, parties_sealed, caller_index, callee_index, direction, trunk, start_ms, \
                           answer_ms, end_ms, disposition, hangup_side, sip_status";
/// Rows per statement: a batch is cut greedily into these, largest first,
/// and the statements then run smallest first ([`statement_chunks`]).
const STATEMENT_ROWS: [usize; 8] = [128, 64, 32, 16, 8, 4, 2, 1];
/// SQLite's default limit on bound variables per statement.
const SQLITE_MAX_VARIABLES: usize = 32_766;
const _: () = assert!(STATEMENT_ROWS[0] * COLUMNS <= SQLITE_MAX_VARIABLES);

/// A customer's keys for a batch: a sealer under the current data key and
/// the caller and callee blind indexers.
struct BatchKeys {
    sealer: Sealer,
    caller: BlindIndexer,
    callee: BlindIndexer,
}

/// What sealing one batch uses: every customer's keys, one nonce source,
/// and one buffer for the parties' plaintext (zeroized when dropped).
struct BatchSealing<'c> {
    keys: HashMap<&'c TenantId, BatchKeys>,
    nonces: NonceSource,
    plaintext: Zeroizing<Vec<u8>>,
}

/// One CDR's columns as stored: its parties sealed, or plain for the benchmark.
struct StoredCdr<'a> {
    cdr: &'a Cdr,
    parties: Vec<u8>,
    caller_index: Vec<u8>,
    callee_index: Vec<u8>,
}

impl Store {
    /// Stores `cdrs` in one transaction, durable when this returns; their
    /// numbers are sealed under each customer's data key. A CDR whose id is
    /// already stored is left as it was, so a batch can be retried whole.
    pub async fn insert_cdrs(&self, cdrs: &[Cdr]) -> Result<(), StoreError> {
        let keys = self.batch_keys(cdrs).await?;
        let mut sealing = BatchSealing { keys, nonces: NonceSource::new(), plaintext: Zeroizing::new(Vec::new()) };
        self.insert_stored(cdrs, |cdr| sealing.seal(cdr)).await
    }

    /// [`Store::insert_cdrs`] without sealing or blind indexes: the same
    /// table, statements and transaction, with the parties' plain encoding
    /// in the sealed column and the numbers' bytes in the index columns. Only for measuring what sealing costs
    /// (`bench/store.sh`); never enabled in a build that serves calls.
    #[cfg(feature = "bench-internals")]
    #[doc(hidden)]
    pub async fn insert_cdrs_unsealed(&self, cdrs: &[Cdr]) -> Result<(), StoreError> {
        self.insert_stored(cdrs, plain_cdr).await
    }

    /// The current data key and the index key of every customer in `cdrs`,
    /// each fetched once.
    async fn batch_keys<'c>(&self, cdrs: &'c [Cdr]) -> Result<HashMap<&'c TenantId, BatchKeys>, StoreError> {
        let mut keys = HashMap::new();
        for cdr in cdrs {
            if !keys.contains_key(&cdr.customer) {
                let sealer = Sealer::new(self.keyring.data_key(&cdr.customer).await?, TABLE, PARTIES);
                let index_key = self.keyring.index_key(&cdr.customer).await?;
                let (caller, callee) =
                    (BlindIndexer::new(&index_key, CALLER_INDEX), BlindIndexer::new(&index_key, CALLEE_INDEX));
                keys.insert(&cdr.customer, BatchKeys { sealer, caller, callee });
            }
        }
        Ok(keys)
    }

    /// Turns each CDR into its stored form with `store_form` and inserts
    /// them all in one transaction, committed durably (on SQLite with
    /// `synchronous = FULL`, then back to the store's `NORMAL`).
    async fn insert_stored<'c, F>(&self, cdrs: &'c [Cdr], store_form: F) -> Result<(), StoreError>
    where
        F: FnMut(&'c Cdr) -> Result<StoredCdr<'c>, StoreError>,
    {
        let mut conn = self.pool.acquire().await?;
        set_sqlite_synchronous(&mut conn, self.backend, "FULL").await?;
        let inserted = insert_in_transaction(&mut conn, self.backend, cdrs, store_form).await;
        set_sqlite_synchronous(&mut conn, self.backend, "NORMAL").await?;
        inserted
    }
}

/// SQLite's `synchronous` setting for `conn`; PostgreSQL's commits are
/// durable already, so there it does nothing.
async fn set_sqlite_synchronous(conn: &mut AnyConnection, backend: Backend, level: &str) -> Result<(), sqlx::Error> {
    if backend == Backend::Sqlite {
        let pragma = format!("PRAGMA synchronous = {level}");
        sqlx::query(sqlx::AssertSqlSafe(pragma)).execute(conn).await?;
    }
    Ok(())
}

/// Inserts `cdrs` in one transaction. Each statement's rows are sealed and
/// bound while SQLite runs the statement before, so only the first (and
/// smallest) statement's sealing is not overlapped with SQLite's work.
async fn insert_in_transaction<'c, F>(
    conn: &mut AnyConnection,
    backend: Backend,
    cdrs: &'c [Cdr],
    mut store_form: F,
) -> Result<(), StoreError>
where
    F: FnMut(&'c Cdr) -> Result<StoredCdr<'c>, StoreError>,
{
    let mut tx = sqlx::Connection::begin(conn).await?;
    let mut prepare = |chunk: &'c [Cdr]| -> Result<Query<'static>, StoreError> {
        let rows = chunk.iter().map(&mut store_form).collect::<Result<Vec<_>, _>>()?;
        Ok(insert_query(backend, rows))
    };
    let mut chunks = statement_chunks(cdrs);
    let mut next = chunks.next().map(&mut prepare).transpose()?;
    while let Some(query) = next {
        let prepare_next = async { chunks.next().map(&mut prepare).transpose() };
        let (inserted, prepared) = tokio::join!(biased; query.execute(&mut *tx), prepare_next);
        inserted?;
        next = prepared?;
    }
    tx.commit().await?;
    Ok(())
}

/// `items` cut into statements of [`STATEMENT_ROWS`] sizes, smallest first.
fn statement_chunks<T>(items: &[T]) -> impl Iterator<Item = &[T]> {
    let mut sizes = Vec::new();
    let mut remaining = items.len();
    while remaining > 0 {
        let rows = STATEMENT_ROWS.into_iter().find(|&rows| rows <= remaining).unwrap_or(1);
        sizes.push(rows);
        remaining -= rows;
    }
    let mut rest = items;
    sizes.into_iter().rev().map(move |rows| {
        let (chunk, after) = rest.split_at(rows);
        rest = after;
        chunk
    })
}

/// One multi-row `INSERT` of `rows`, every value bound.
fn insert_query(backend: Backend, rows: Vec<StoredCdr<'_>>) -> Query<'static> {
    let mut query = sqlx::query(sqlx::AssertSqlSafe(insert_sql(backend, rows.len())));
    for row in rows {
        query = bind_row(query, row);
    }
    query
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

fn bind_row<'q>(query: Query<'q>, row: StoredCdr<'_>) -> Query<'q> {
    let cdr = row.cdr;
    query
        .bind(cdr.id.0.clone())
        .bind(cdr.customer.0.clone())
        .bind(row.parties)
        .bind(row.caller_index)
        .bind(row.callee_index)
        .bind(cdr.direction.as_str())
        .bind(cdr.trunk.clone())
        .bind(cdr.start_ms)
        .bind(cdr.answer_ms)
        .bind(cdr.end_ms)
        .bind(cdr.disposition.as_str())
        .bind(cdr.hangup.as_str())
        .bind(i64::from(cdr.sip_status))
}

/// The `INSERT` for `rows` rows; retrying a stored id does nothing.
fn insert_sql(backend: Backend, rows: usize) -> String {
    let values = values_list(backend, rows, COLUMNS);
    format!("INSERT INTO cdrs ({COLUMN_LIST}) VALUES {values} ON CONFLICT (id) DO NOTHING")
}

impl BatchSealing<'_> {
    /// `cdr` with its parties sealed and its numbers blind-indexed under
    /// its customer's keys.
    fn seal<'c>(&mut self, cdr: &'c Cdr) -> Result<StoredCdr<'c>, StoreError> {
        let keys = self.keys.get_mut(&cdr.customer).ok_or(StoreError::Corrupt("a batch's customer has no keys"))?;
        parties::encode_into(cdr, &mut self.plaintext)?;
        Ok(StoredCdr {
            cdr,
            parties: keys.sealer.seal(&self.plaintext, &cdr.id.0, &mut self.nonces)?,
            caller_index: stored_index(&keys.caller, &cdr.caller),
            callee_index: stored_index(&keys.callee, &cdr.callee),
        })
    }
}

/// `cdr` with its parties' plain encoding where the sealed value goes, and
/// the numbers' bytes where the blind indexes go.
#[cfg(feature = "bench-internals")]
fn plain_cdr(cdr: &Cdr) -> Result<StoredCdr<'_>, StoreError> {
    let mut parties = Vec::with_capacity(64);
    parties::encode_into(cdr, &mut parties)?;
    Ok(StoredCdr {
        cdr,
        parties,
        caller_index: cdr.caller.as_bytes().to_vec(),
        callee_index: cdr.callee.as_bytes().to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_is_cut_into_ladder_statements_smallest_first() {
        let batch: Vec<usize> = (0..500).collect();
        let chunks: Vec<&[usize]> = statement_chunks(&batch).collect();
        let sizes: Vec<usize> = chunks.iter().map(|chunk| chunk.len()).collect();
        assert_eq!(sizes, [4, 16, 32, 64, 128, 128, 128]);
        assert_eq!(chunks.concat(), batch, "every row once, in order");
        assert_eq!(statement_chunks::<usize>(&[]).count(), 0);
    }

    #[test]
    fn every_column_of_every_row_has_a_placeholder() {
        let sql = insert_sql(Backend::Sqlite, 3);
        assert_eq!(sql.matches('?').count(), 3 * COLUMNS);
        assert_eq!(sql.matches("), (").count(), 2);
        let sql = insert_sql(Backend::Postgres, 2);
        assert!(sql.contains("($1, $2,") && sql.contains("$13), ($14,") && sql.contains("$26) ON CONFLICT"), "{sql}");
    }
}
