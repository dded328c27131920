//! Backups of a PostgreSQL store (issue 3 item 6), in the same archive as
//! SQLite's: the snapshot is an SQLite file made with the SQLite
//! migrations and filled by copying every table's rows (`copy`), read in
//! one `REPEATABLE READ READ ONLY` transaction, so one instant of the
//! cluster's database while the nodes keep writing. Sealed values are
//! copied as bytes, never opened. Restore goes the other way, into an
//! empty PostgreSQL database, in one transaction that holds `tenants`'
//! write lock.

use std::path::Path;

use sqlx::{Any, AnyConnection, AnyPool, Transaction};

use super::copy::{self, Table};
use super::{create_private, sync_file};
use crate::backend::sqlite_url;
use crate::{Backend, Store, StoreError, migrate};

impl Store {
    /// Writes this PostgreSQL store's snapshot as a new SQLite database at
    /// `snapshot` (replacing an earlier snapshot of ours).
    pub(super) async fn postgres_into(&self, snapshot: &Path) -> Result<(), StoreError> {
        let _ = std::fs::remove_file(snapshot);
        create_private(snapshot)?;
        let pool = Backend::Sqlite.pool(&sqlite_url(snapshot)).await?;
        let copied = self.copy_snapshot_into(&pool).await;
        pool.close().await;
        copied?;
        sync_file(snapshot)
    }

    async fn copy_snapshot_into(&self, pool: &AnyPool) -> Result<(), StoreError> {
        migrate::run(pool, Backend::Sqlite, &self.keyring).await?;
        let mut to = pool.begin().await?;
        let mut from = self.backend.begin_snapshot(&self.pool).await?;
        let tables = copy::sqlite_tables(&mut to).await?;
        let kinds = copy::check_same_schema(&mut to, &mut from, &tables).await?;
        copy::copy_tables(&mut from, &mut to, Backend::Sqlite, &tables, &kinds).await?;
        from.commit().await?;
        to.commit().await?;
        Ok(())
    }

    /// Copies every row of the SQLite database at `database` into this
    /// PostgreSQL store, whose tables must be empty (but for the rows its
    /// migrations seed), in one transaction.
    pub(super) async fn fill_from_sqlite(&self, database: &Path) -> Result<(), StoreError> {
        let pool = Backend::Sqlite.pool(&sqlite_url(database)).await?;
        let filled = self.fill_from(&pool).await;
        pool.close().await;
        filled
    }

    async fn fill_from(&self, source: &AnyPool) -> Result<(), StoreError> {
        let mut from = Backend::Sqlite.begin_snapshot(source).await?;
        let mut to = self.backend.begin_write_locked(&self.pool, "tenants").await?;
        let tables = copy::sqlite_tables(&mut from).await?;
        let kinds = copy::check_same_schema(&mut from, &mut to, &tables).await?;
        refuse_rows(&mut to, &tables).await?;
        copy::copy_tables(&mut from, &mut to, self.backend, &tables, &kinds).await?;
        to.commit().await?;
        from.rollback().await?;
        Ok(())
    }
}

/// Refuses a database with rows in any table the migrations leave empty.
async fn refuse_rows(to: &mut Transaction<'static, Any>, tables: &[Table]) -> Result<(), StoreError> {
    let conn: &mut AnyConnection = to;
    match copy::first_with_rows(conn, tables).await? {
        Some(table) => Err(StoreError::RestoreIntoNonEmptyDatabase { table }),
        None => Ok(()),
    }
}
