//! Registrations (location bindings, RFC 3261 §10.3) kept across restarts.
//!
//! The registrar owns the live table in memory; it writes every change here
//! in batches (one transaction per batch) before it answers 200 OK.

use std::collections::HashSet;

use model::{Aor, Binding, SipTransport, TenantId};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::{Store, StoreError};

/// One change to the stored bindings.
#[derive(Debug, Clone, PartialEq)]
pub enum BindingChange {
    /// Insert or refresh a binding.
    Upsert(Binding),
    /// Remove one contact of an AOR.
    Remove {
        /// The AOR.
        aor: Aor,
        /// The contact URI as registered.
        contact: String,
    },
    /// Remove every contact of an AOR (`Contact: *`).
    RemoveAll(Aor),
}

impl Store {
    /// Applies a batch of changes in one transaction, in order; runs of
    /// upserts go `ROWS_PER_STATEMENT` (32) rows to a statement.
    pub async fn apply_binding_changes(&self, changes: &[BindingChange]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut rest = changes;
        while let Some(first) = rest.first() {
            let upserts = rest.iter().take_while(|c| matches!(c, BindingChange::Upsert(_))).count();
            if upserts == 0 {
                remove(&mut tx, first).await?;
                rest = &rest[1..];
                continue;
            }
            upsert_run(&mut tx, &last_per_contact(&rest[..upserts])).await?;
            rest = &rest[upserts..];
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every binding that has not lapsed at `now_ms`.
    pub async fn live_bindings(&self, now_ms: i64) -> Result<Vec<Binding>, StoreError> {
        let rows = sqlx::query(
            "SELECT tenant_id, number, contact, expires_ms, call_id, cseq, q, transport, source, user_agent \
             FROM registrations WHERE expires_ms > $1 ORDER BY tenant_id, number, contact",
        )
        .bind(now_ms)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(binding_from_row).collect()
    }

    /// Deletes bindings that lapsed at or before `now_ms`; returns how many.
    pub async fn purge_lapsed_bindings(&self, now_ms: i64) -> Result<u64, StoreError> {
        let done =
            sqlx::query("DELETE FROM registrations WHERE expires_ms <= $1").bind(now_ms).execute(&self.pool).await?;
        Ok(done.rows_affected())
    }
}

/// Rows per multi-row upsert. Every such statement has the same text, so it
/// is prepared once per connection (on both backends); shorter runs go one
/// row at a time (also one cached statement). Large or varying row counts
/// cost more in SQLite's parser and parameter look-up than they save.
const ROWS_PER_STATEMENT: usize = 32;
const BINDING_COLUMNS: usize = 10;

async fn remove(tx: &mut sqlx::AnyConnection, change: &BindingChange) -> Result<(), sqlx::Error> {
    match change {
        BindingChange::Remove { aor, contact } => {
            sqlx::query("DELETE FROM registrations WHERE tenant_id = $1 AND number = $2 AND contact = $3")
                .bind(&aor.customer.0)
                .bind(&aor.number)
                .bind(contact)
                .execute(tx)
                .await
                .map(drop)
        }
        BindingChange::RemoveAll(aor) => sqlx::query("DELETE FROM registrations WHERE tenant_id = $1 AND number = $2")
            .bind(&aor.customer.0)
            .bind(&aor.number)
            .execute(tx)
            .await
            .map(drop),
        BindingChange::Upsert(_) => Ok(()),
    }
}

/// The bindings of a run of upserts, each contact's last one only, in order
/// of those last ones. PostgreSQL refuses an `INSERT … ON CONFLICT DO UPDATE`
/// that touches one row twice; applying only the last upsert per contact is
/// what applying them all in order would leave.
fn last_per_contact(run: &[BindingChange]) -> Vec<&Binding> {
    let mut seen = HashSet::with_capacity(run.len());
    let mut last: Vec<&Binding> = run
        .iter()
        .rev()
        .filter_map(|change| match change {
            BindingChange::Upsert(b) => seen.insert((&b.aor, &b.contact)).then_some(b),
            _ => None,
        })
        .collect();
    last.reverse();
    last
}

/// Upserts `bindings` (distinct contacts) `ROWS_PER_STATEMENT` to a
/// statement, the remainder one at a time.
async fn upsert_run(tx: &mut AnyConnection, bindings: &[&Binding]) -> Result<(), sqlx::Error> {
    let mut chunks = bindings.chunks_exact(ROWS_PER_STATEMENT);
    for chunk in &mut chunks {
        upsert_rows(tx, chunk).await?;
    }
    for binding in chunks.remainder() {
        upsert_rows(tx, std::slice::from_ref(binding)).await?;
    }
    Ok(())
}

/// One INSERT … ON CONFLICT for `bindings`, which name distinct contacts.
async fn upsert_rows(tx: &mut AnyConnection, bindings: &[&Binding]) -> Result<(), sqlx::Error> {
    let sql = upsert_sql(bindings.len());
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for b in bindings {
        query = query
            .bind(&b.aor.customer.0)
            .bind(&b.aor.number)
            .bind(&b.contact)
            .bind(b.expires_at_ms)
            .bind(&b.call_id)
            .bind(i64::from(b.cseq))
            .bind(b.q.map(f64::from))
            .bind(b.transport.as_str())
            .bind(&b.source)
            .bind(b.user_agent.as_deref());
    }
    query.execute(tx).await.map(drop)
}

/// The upsert statement for `rows` rows: generated placeholders only
/// (`$1` … `$N`, numbered, which both backends bind by number), every value
/// is bound.
fn upsert_sql(rows: usize) -> String {
    let values: Vec<String> = (0..rows)
        .map(|row| {
            let first = row * BINDING_COLUMNS + 1;
            let params: Vec<String> = (first..first + BINDING_COLUMNS).map(|n| format!("${n}")).collect();
            format!("({})", params.join(", "))
        })
        .collect();
    format!(
        "INSERT INTO registrations (tenant_id, number, contact, expires_ms, call_id, cseq, q, transport, source, user_agent) \
         VALUES {} \
         ON CONFLICT (tenant_id, number, contact) DO UPDATE SET expires_ms = excluded.expires_ms, \
         call_id = excluded.call_id, cseq = excluded.cseq, q = excluded.q, transport = excluded.transport, \
         source = excluded.source, user_agent = excluded.user_agent",
        values.join(", ")
    )
}

fn binding_from_row(row: &AnyRow) -> Result<Binding, StoreError> {
    let transport: String = row.try_get("transport")?;
    let cseq: i64 = row.try_get("cseq")?;
    let q: Option<f64> = row.try_get("q")?;
    Ok(Binding {
        aor: Aor { customer: TenantId(row.try_get("tenant_id")?), number: row.try_get("number")? },
        contact: row.try_get("contact")?,
        expires_at_ms: row.try_get("expires_ms")?,
        call_id: row.try_get("call_id")?,
        cseq: u32::try_from(cseq).map_err(|_| StoreError::Corrupt("cseq"))?,
        #[allow(clippy::cast_possible_truncation)]
        q: q.map(|q| q as f32),
        transport: SipTransport::from_stored(&transport).ok_or(StoreError::Corrupt("transport"))?,
        source: row.try_get("source")?,
        user_agent: row.try_get("user_agent")?,
    })
}
