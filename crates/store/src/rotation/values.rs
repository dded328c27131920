//! Re-sealing sealed columns in batches (issue 3 item 1, data-key rotation).
//!
//! A [`SealedTable`] describes where a table keeps a tenant's sealed values
//! and how each value's [`Aad`] row is named; the table's own module defines
//! it next to the code that seals. A batch selects up to N rows of the
//! tenant with a value whose header names another key version (the version
//! is bytes 2–5 of every sealed value, compared with `substr`, which both
//! databases have for BLOB/BYTEA), ordered by id after a cursor; opens and
//! re-seals them in memory; then updates them in one short transaction,
//! each row guarded by its old sealed bytes, so a row changed meanwhile (by
//! then sealed under the current key) is left alone. No lock is held while
//! keys work, and the state is the data itself: a new run starts over and
//! skips what is done.

use std::sync::Arc;

use model::TenantId;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::Batch;
use crate::crypto::{Aad, DataKey, SEAL_FORMAT, seal, sealed_key_version};
use crate::{Store, StoreError};

/// Where one table keeps sealed values.
#[derive(Debug)]
pub(crate) struct SealedTable {
    /// The table.
    pub(crate) table: &'static str,
    /// The column naming the tenant whose key seals the values.
    pub(crate) tenant_column: &'static str,
    /// Columns to select: first the unique id (the cursor), then any that
    /// `aad_row` needs.
    pub(crate) select: &'static str,
    /// (sealed column, the column name bound into its [`Aad`]).
    pub(crate) columns: &'static [(&'static str, &'static str)],
    /// The [`Aad`] row of a selected row.
    pub(crate) aad_row: fn(&AnyRow) -> Result<String, StoreError>,
}

/// One row's values to replace: (column, old sealed, new sealed).
type Changes = Vec<(&'static str, Vec<u8>, Vec<u8>)>;

/// The 5-byte header every value sealed under `version` starts with.
pub(crate) fn header(version: u32) -> Vec<u8> {
    let mut header = vec![SEAL_FORMAT];
    header.extend_from_slice(&version.to_be_bytes());
    header
}

impl SealedTable {
    fn id_column(&self) -> &'static str {
        self.select.split(',').next().unwrap_or(self.select).trim()
    }

    /// `(substr(c1, 1, 5) <> $n OR …)`: some value not under the version
    /// bound at `$n` (a NULL column counts as none).
    fn stale_condition(&self, n: usize) -> String {
        let parts: Vec<String> = self.columns.iter().map(|(c, _)| format!("substr({c}, 1, 5) <> ${n}")).collect();
        format!("({})", parts.join(" OR "))
    }

    /// The tenant's rows in all, and those with a value not under `version`.
    pub(crate) async fn counts(
        &self,
        conn: &mut AnyConnection,
        tenant: &TenantId,
        version: u32,
    ) -> Result<(u64, u64), StoreError> {
        let sql = format!(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN {} THEN 1 ELSE 0 END), 0) FROM {} WHERE {} = $1",
            self.stale_condition(2),
            self.table,
            self.tenant_column
        );
        let (total, stale): (i64, i64) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(&tenant.0)
            .bind(header(version))
            .fetch_one(&mut *conn)
            .await?;
        let count = |n: i64| u64::try_from(n).map_err(|_| StoreError::Corrupt("negative count"));
        Ok((count(total)?, count(stale)?))
    }
}

impl Store {
    /// Re-seals up to `limit` rows of `table` for `tenant` under `target`,
    /// with ids after `after`.
    pub(crate) async fn reseal_value_batch(
        &self,
        table: &SealedTable,
        tenant: &TenantId,
        target: &Arc<DataKey>,
        after: &str,
        limit: i64,
    ) -> Result<Batch, StoreError> {
        let sql = format!(
            "SELECT {}, {} FROM {} WHERE {} = $1 AND {} > $2 AND {} ORDER BY {} LIMIT $4",
            table.select,
            table.columns.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", "),
            table.table,
            table.tenant_column,
            table.id_column(),
            table.stale_condition(3),
            table.id_column(),
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&tenant.0)
            .bind(after)
            .bind(header(target.version()))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        let mut updates = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: String = row.try_get(table.id_column())?;
            updates.push((id, self.reseal_row(table, tenant, target, row).await?));
        }
        let resealed = self.write_updates(table, &updates).await?;
        Ok(Batch { seen: rows.len(), resealed, last: updates.last().map(|(id, _)| id.clone()) })
    }

    /// The row's values not under `target`, opened and sealed again.
    async fn reseal_row(
        &self,
        table: &SealedTable,
        tenant: &TenantId,
        target: &DataKey,
        row: &AnyRow,
    ) -> Result<Changes, StoreError> {
        let aad_row = (table.aad_row)(row)?;
        let mut changes = Vec::new();
        for &(column, aad_column) in table.columns {
            let Some(old) = row.try_get::<Option<Vec<u8>>, _>(column)? else { continue };
            if sealed_key_version(&old)? >= target.version() {
                continue; // newer: another rotation came meanwhile; the next round targets it
            }
            let aad = Aad::new(table.table, aad_column, &aad_row);
            let plain = self.keyring.open(tenant, &old, &aad).await?;
            let new = seal(target, &plain, &aad)?;
            changes.push((column, old, new));
        }
        Ok(changes)
    }

    /// Applies a batch's changes in one transaction; how many rows changed.
    async fn write_updates(&self, table: &SealedTable, updates: &[(String, Changes)]) -> Result<u64, StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut changed = 0;
        for (id, changes) in updates.iter().filter(|(_, changes)| !changes.is_empty()) {
            changed += update_row(&mut tx, table, id, changes).await?;
        }
        tx.commit().await?;
        Ok(changed)
    }
}

/// `UPDATE table SET c = $new … WHERE id = $id AND c = $old …`; 1 if it changed the row.
async fn update_row(
    conn: &mut AnyConnection,
    table: &SealedTable,
    id: &str,
    changes: &Changes,
) -> Result<u64, StoreError> {
    let n = changes.len();
    let set: Vec<String> = changes.iter().enumerate().map(|(i, (c, _, _))| format!("{c} = ${}", i + 1)).collect();
    let guard: Vec<String> = changes.iter().enumerate().map(|(i, (c, _, _))| format!("{c} = ${}", n + 2 + i)).collect();
    let sql = format!(
        "UPDATE {} SET {} WHERE {} = ${} AND {}",
        table.table,
        set.join(", "),
        table.id_column(),
        n + 1,
        guard.join(" AND ")
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for (_, _, new) in changes {
        query = query.bind(new.clone());
    }
    query = query.bind(id.to_owned());
    for (_, old, _) in changes {
        query = query.bind(old.clone());
    }
    Ok(query.execute(&mut *conn).await?.rows_affected())
}
