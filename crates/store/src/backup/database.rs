//! Checks and reads on a backup's database file, opened read-only apart
//! from the live store (issue 3 item 6): SQLite's `PRAGMA integrity_check`,
//! the schema versions, the data keys under the KEK, the blob rows.

use std::path::Path;

use model::TenantId;
use sqlx::any::install_default_drivers;
use sqlx::{AnyConnection, Connection, Row};

use crate::backend::sqlite_url;
use crate::blobs::BlobId;
use crate::crypto::unwrap_all_data_keys;
use crate::{Kek, StoreError};

/// The tables a backup report counts, with their count queries.
const COUNTED: &[(&str, &str)] = &[
    ("tenants", "SELECT COUNT(*) FROM tenants"),
    ("extensions", "SELECT COUNT(*) FROM extensions"),
    ("registrations", "SELECT COUNT(*) FROM registrations"),
    ("audit_log", "SELECT COUNT(*) FROM audit_log"),
    ("audit_checkpoints", "SELECT COUNT(*) FROM audit_checkpoints"),
    ("data_keys", "SELECT COUNT(*) FROM data_keys"),
];

/// What a checked database holds.
pub(super) struct DatabaseReport {
    /// The latest schema migration applied in it.
    pub(super) schema_version: i64,
    /// Row counts of the [`COUNTED`] tables.
    pub(super) tables: Vec<(&'static str, i64)>,
}

/// A blob's row in a backup: which file it needs and its SHA-256.
#[derive(Debug, Clone)]
pub(super) struct BlobRow {
    pub(super) tenant: TenantId,
    pub(super) id: BlobId,
    pub(super) sealed_sha256: Vec<u8>,
}

/// Checks the database file at `path` as a backup and reports on it.
pub(super) async fn inspect(path: &Path) -> Result<DatabaseReport, StoreError> {
    let mut conn = open_read_only(path).await?;
    let report = inspect_connection(&mut conn).await;
    conn.close().await?;
    report
}

async fn inspect_connection(conn: &mut AnyConnection) -> Result<DatabaseReport, StoreError> {
    check_integrity(conn).await?;
    let schema_version = check_schema(conn).await?;
    let mut tables = Vec::with_capacity(COUNTED.len());
    for &(table, query) in COUNTED {
        tables.push((table, sqlx::query_scalar(query).fetch_one(&mut *conn).await?));
    }
    Ok(DatabaseReport { schema_version, tables })
}

/// Checks that `kek` unwraps every data key in the database at `path`.
pub(super) async fn check_kek(path: &Path, kek: &Kek) -> Result<(), StoreError> {
    let mut conn = open_read_only(path).await?;
    let checked = unwrap_all_data_keys(&mut conn, kek).await;
    conn.close().await?;
    checked.map(drop)
}

/// Every blob row in the database at `path` (none before the `blobs` table
/// existed), by tenant and id.
pub(super) async fn blob_rows(path: &Path) -> Result<Vec<BlobRow>, StoreError> {
    let mut conn = open_read_only(path).await?;
    let rows = read_blob_rows(&mut conn).await;
    conn.close().await?;
    rows
}

async fn read_blob_rows(conn: &mut AnyConnection) -> Result<Vec<BlobRow>, StoreError> {
    if !has_table(conn, "blobs").await? {
        return Ok(Vec::new());
    }
    let rows = sqlx::query("SELECT tenant_id, id, sealed_sha256 FROM blobs ORDER BY tenant_id, id")
        .fetch_all(&mut *conn)
        .await?;
    let row = |row: &sqlx::any::AnyRow| -> Result<BlobRow, StoreError> {
        let (tenant, id) = (TenantId(row.try_get("tenant_id")?), BlobId(row.try_get("id")?));
        Ok(BlobRow { tenant, id, sealed_sha256: row.try_get("sealed_sha256")? })
    };
    rows.iter().map(row).collect()
}

/// A read-only connection that takes no locks and writes nothing beside
/// the file (`immutable`: nothing else may write it meanwhile, and nothing
/// does: it is a snapshot or restore staging file of our own).
async fn open_read_only(path: &Path) -> Result<AnyConnection, StoreError> {
    install_default_drivers();
    let url = sqlite_url(path).replace("?mode=rwc", "?mode=ro&immutable=true");
    Ok(AnyConnection::connect(&url).await?)
}

/// `PRAGMA integrity_check`, which answers one row `ok` or the problems.
async fn check_integrity(conn: &mut AnyConnection) -> Result<(), StoreError> {
    let rows = sqlx::query("PRAGMA integrity_check").fetch_all(&mut *conn).await.map_err(not_a_database)?;
    let first: String = rows.first().map(|row| row.try_get(0)).transpose()?.unwrap_or_default();
    if rows.len() == 1 && first == "ok" {
        return Ok(());
    }
    Err(StoreError::BackupDamaged { first_problem: first })
}

/// SQLite's "not a database" and "malformed" answers, as damage.
fn not_a_database(err: sqlx::Error) -> StoreError {
    match &err {
        sqlx::Error::Database(db) => StoreError::BackupDamaged { first_problem: db.message().to_owned() },
        _ => StoreError::Database(err),
    }
}

/// Whether the database has a table called `name`.
async fn has_table(conn: &mut AnyConnection, name: &str) -> Result<bool, StoreError> {
    let found: Option<String> = sqlx::query_scalar("SELECT name FROM sqlite_schema WHERE type = 'table' AND name = $1")
        .bind(name)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(found.is_some())
}

/// Checks that every migration in the file succeeded and is one this build
/// knows; returns the latest.
async fn check_schema(conn: &mut AnyConnection) -> Result<i64, StoreError> {
    if !has_table(conn, "_sqlx_migrations").await? {
        return Err(StoreError::NotABackup);
    }
    let rows =
        sqlx::query("SELECT version, CAST(success AS INTEGER) AS success FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&mut *conn)
            .await?;
    let mut latest = None;
    for row in &rows {
        let (version, success): (i64, i64) = (row.try_get("version")?, row.try_get("success")?);
        if !crate::migrate::knows(version) {
            return Err(StoreError::BackupSchemaNewer { version, latest_known: crate::migrate::latest() });
        }
        if success == 0 {
            return Err(StoreError::Corrupt("a migration in the backup did not finish"));
        }
        latest = Some(version);
    }
    latest.ok_or(StoreError::NotABackup)
}
