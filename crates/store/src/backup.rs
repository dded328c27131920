//! Backups (issue 3 item 6): a consistent online snapshot that stays
//! encrypted, and a checked restore.
//!
//! - [`Store::backup_to`] writes the whole database to one new file with
//!   SQLite's `VACUUM INTO`, which reads one consistent snapshot in a read
//!   transaction; in WAL mode writers carry on meanwhile, so it runs while
//!   `callvault serve` does. The file is created empty with mode 0600 first
//!   (`VACUUM INTO` accepts an empty target), so an existing file is never
//!   overwritten and the snapshot is never readable by others.
//! - The snapshot stays encrypted: sealed columns are copied sealed and data
//!   keys wrapped. The KEK is *not* in it, nor is `audit-checkpoint.key`:
//!   keeping the keys apart from the backups is the point (a stolen backup
//!   reveals no sealed value and cannot forge audit checkpoints). Restoring
//!   needs the same KEK (`CALLVAULT_KEK` or the `kek.key` kept separately);
//!   verifying the restored audit log needs the same `audit-checkpoint.key`.
//! - [`Store::restore_from`] restores only into a folder without a database:
//!   it copies the backup in beside the target (mode 0600), checks the copy
//!   (`PRAGMA integrity_check`, only schema versions this build knows, every
//!   data key unwraps under the KEK), then links it into place as
//!   `callvault.db` (a link never replaces a file) and opens it normally, so
//!   migrations run.
//!
//! `integrity_check` finds structural damage; damage inside a value is found
//! where it is read: sealed values by AES-GCM, audit records by the chain.
//!
//! On PostgreSQL both refuse ([`StoreError::NotOnThisBackend`]): a cluster's
//! database is backed up with PostgreSQL's own tools, `pg_dump` for a
//! consistent logical snapshot (it runs in one `REPEATABLE READ`
//! transaction while the nodes keep writing) or base backups with WAL
//! archiving (`pg_basebackup`) for point-in-time recovery. What stays true
//! there: the dump holds sealed values and wrapped keys only, and the KEK
//! and `audit-checkpoint.key` must be kept apart from it, exactly as above.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use sqlx::any::install_default_drivers;
use sqlx::{AnyConnection, Connection, Row};

use crate::backend::sqlite_url;
use crate::crypto::unwrap_all_data_keys;
use crate::{Backend, DATABASE_FILE, Kek, Store, StoreError};

/// What to use instead of `backup_to` / `restore_from` on PostgreSQL.
const POSTGRES_BACKUPS: &str = "back up the PostgreSQL database with pg_dump (or pg_basebackup and WAL archiving) and restore it with \
     pg_restore; keep the KEK and audit-checkpoint.key apart from the dump";

/// The tables a backup report counts, with their count queries.
const COUNTED: &[(&str, &str)] = &[
    ("tenants", "SELECT COUNT(*) FROM tenants"),
    ("extensions", "SELECT COUNT(*) FROM extensions"),
    ("registrations", "SELECT COUNT(*) FROM registrations"),
    ("audit_log", "SELECT COUNT(*) FROM audit_log"),
    ("audit_checkpoints", "SELECT COUNT(*) FROM audit_checkpoints"),
    ("data_keys", "SELECT COUNT(*) FROM data_keys"),
];

/// The name a backup has while it is being restored, beside the database.
const STAGING_FILE: &str = "callvault.db.restoring";

/// What a backup holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    /// The backup file's size in bytes.
    pub bytes: u64,
    /// The latest schema migration applied in it.
    pub schema_version: i64,
    /// Row counts of the main tables, in a fixed order.
    pub tables: Vec<(&'static str, i64)>,
}

impl Store {
    /// Writes a consistent snapshot of the database to `out`, which must not
    /// exist (it is created mode 0600), and reports what it holds. The
    /// snapshot is checked as a restore would check it.
    /// SQLite only: on PostgreSQL it refuses, naming `pg_dump`.
    pub async fn backup_to(&self, out: &Path) -> Result<BackupReport, StoreError> {
        self.refuse_on_postgres("backup")?;
        let out = std::path::absolute(out).map_err(|e| backup_file(out, e))?;
        let text = out.to_str().ok_or_else(|| backup_file(&out, io::ErrorKind::InvalidInput.into()))?;
        create_private(&out)?;
        let written = self.vacuum_into(text).await.and_then(|()| sync_file(&out));
        if let Err(err) = written {
            let _ = std::fs::remove_file(&out);
            return Err(err);
        }
        inspect(&out).await
    }

    fn refuse_on_postgres(&self, operation: &'static str) -> Result<(), StoreError> {
        match self.backend {
            Backend::Sqlite => Ok(()),
            backend => Err(StoreError::NotOnThisBackend { operation, backend, instead: POSTGRES_BACKUPS }),
        }
    }

    async fn vacuum_into(&self, out: &str) -> Result<(), StoreError> {
        sqlx::query("VACUUM INTO $1").bind(out).execute(&self.pool).await?;
        Ok(())
    }

    /// Restores `backup` into `data_dir`, which must hold no database (it
    /// may hold the key files), with the KEK from `CALLVAULT_KEK` or
    /// `data_dir/kek.key` (never a new one: it must be the backup's KEK).
    pub async fn restore_from(backup: &Path, data_dir: &Path) -> Result<(), StoreError> {
        refuse_existing_database(data_dir)?;
        let kek = Kek::load_existing(data_dir)?;
        Self::restore_from_with_kek(backup, data_dir, kek).await
    }

    /// Like [`Store::restore_from`], with the KEK given.
    pub async fn restore_from_with_kek(backup: &Path, data_dir: &Path, kek: Kek) -> Result<(), StoreError> {
        refuse_existing_database(data_dir)?;
        std::fs::create_dir_all(data_dir).map_err(StoreError::DataDir)?;
        let staging = data_dir.join(STAGING_FILE);
        let placed = stage(backup, &staging).await;
        let placed = match placed {
            Ok(()) => check_kek(&staging, &kek).await,
            Err(err) => Err(err),
        };
        let placed = placed.and_then(|()| link_into_place(&staging, &data_dir.join(DATABASE_FILE)));
        let _ = std::fs::remove_file(&staging);
        placed?;
        let store = Self::open_with_kek(data_dir, kek).await?;
        store.close().await;
        Ok(())
    }
}

/// Refuses a folder that already holds a database, or its WAL files.
fn refuse_existing_database(data_dir: &Path) -> Result<(), StoreError> {
    for name in [DATABASE_FILE.to_owned(), format!("{DATABASE_FILE}-wal"), format!("{DATABASE_FILE}-shm")] {
        let path = data_dir.join(name);
        if path.symlink_metadata().is_ok() {
            return Err(StoreError::RestoreOverDatabase { path });
        }
    }
    Ok(())
}

/// Copies `backup` to a fresh private `staging` file and checks the copy
/// (checking the copy, not the original, leaves no window to swap it).
async fn stage(backup: &Path, staging: &Path) -> Result<(), StoreError> {
    let _ = std::fs::remove_file(staging);
    let mut source = File::open(backup).map_err(|e| backup_file(backup, e))?;
    let mut copy = create_private(staging)?;
    io::copy(&mut source, &mut copy).map_err(|e| backup_file(staging, e))?;
    sync_file(staging)?;
    inspect(staging).await.map(drop)
}

/// Checks that `kek` unwraps every data key in the database at `path`.
async fn check_kek(path: &Path, kek: &Kek) -> Result<(), StoreError> {
    let mut conn = open_read_only(path).await?;
    let checked = unwrap_all_data_keys(&mut conn, kek).await;
    conn.close().await?;
    checked.map(drop)
}

/// Links `staging` to `database`; fails rather than replace a file there.
fn link_into_place(staging: &Path, database: &Path) -> Result<(), StoreError> {
    std::fs::hard_link(staging, database).map_err(|err| match err.kind() {
        io::ErrorKind::AlreadyExists => StoreError::RestoreOverDatabase { path: database.to_owned() },
        _ => StoreError::DataDir(err),
    })?;
    let dir = database.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
    File::open(dir).and_then(|d| d.sync_all()).map_err(StoreError::DataDir)
}

/// Checks the database file at `path` as a backup and reports on it.
async fn inspect(path: &Path) -> Result<BackupReport, StoreError> {
    let bytes = std::fs::metadata(path).map_err(|e| backup_file(path, e))?.len();
    let mut conn = open_read_only(path).await?;
    let report = inspect_connection(&mut conn, bytes).await;
    conn.close().await?;
    report
}

async fn inspect_connection(conn: &mut AnyConnection, bytes: u64) -> Result<BackupReport, StoreError> {
    check_integrity(conn).await?;
    let schema_version = check_schema(conn).await?;
    let mut tables = Vec::with_capacity(COUNTED.len());
    for &(table, query) in COUNTED {
        tables.push((table, sqlx::query_scalar(query).fetch_one(&mut *conn).await?));
    }
    Ok(BackupReport { bytes, schema_version, tables })
}

/// A read-only connection that takes no locks and writes nothing beside
/// the file (`immutable`: nothing else may write it meanwhile, and nothing
/// does: it is a backup or our own staging copy).
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

/// Checks that every migration in the file succeeded and is one this build
/// knows; returns the latest.
async fn check_schema(conn: &mut AnyConnection) -> Result<i64, StoreError> {
    let present: Option<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_schema WHERE type = 'table' AND name = $1")
            .bind("_sqlx_migrations")
            .fetch_optional(&mut *conn)
            .await?;
    if present.is_none() {
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

/// Creates `path`, which must not exist, readable and writable by the owner only.
fn create_private(path: &Path) -> Result<File, StoreError> {
    crate::private_file::create(path).map_err(|e| backup_file(path, e))
}

/// Flushes `path` to disk.
fn sync_file(path: &Path) -> Result<(), StoreError> {
    File::open(path).and_then(|file| file.sync_all()).map_err(|e| backup_file(path, e))
}

fn backup_file(path: &Path, source: io::Error) -> StoreError {
    StoreError::BackupFile { path: PathBuf::from(path), source }
}
