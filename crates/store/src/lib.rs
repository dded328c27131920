//! callvault's store: one SQLite database (WAL) in the data folder, with
//! migrations embedded in the binary and parameterized SQL only.
//!
//! It also owns the two foundations of data protection (ARCHITECTURE.md,
//! principle 5): envelope encryption (`crypto`: a key-encryption key wraps
//! one data key per tenant; AES-256-GCM sealing bound to table, column, row
//! and tenant; keyed blind indexes) and the tamper-evident audit log
//! (`audit`: SHA-256 hash chain with signed checkpoints). `backup` takes
//! online snapshots that stay encrypted and restores them after checking.
//!
//! The PostgreSQL backend of the clustered deployment arrives with the
//! cluster work; until then this is the only backend, so it is a concrete type.

mod audit;
mod backup;
mod blobs;
mod crypto;
mod error;
mod extensions;
mod id;
mod migrate;
mod payments;
mod private_file;
mod registrations;
mod tenants;

pub use audit::{
    AuditCheckpoint, AuditDecision, AuditEntry, AuditProblem, AuditRecord, AuditReport, CHECKPOINT_KEY_FILE,
};
pub use backup::BackupReport;
pub use blobs::{BlobId, BlobInfo, BlobKind, BlobReader};
pub use crypto::{
    Aad, DataKey, KEK_ENV, KEK_FILE, Kek, Keyring, SEAL_FORMAT, blind_index, open, seal, sealed_key_version,
};
pub use error::StoreError;
pub use extensions::NewExtension;
pub use payments::check_free_text;
pub use registrations::BindingChange;
pub use tenants::NewTenant;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

/// The database file's name inside the data folder.
pub const DATABASE_FILE: &str = "callvault.db";

/// A handle to the database; cheap to clone.
///
/// It owns a [`Keyring`] under the KEK it was opened with, so sensitive
/// columns (e.g. extensions' names and digest secrets) are sealed on the way
/// in and opened on the way out without callers seeing it.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    keyring: Arc<Keyring>,
    data_dir: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir` and migrates
    /// it, with the KEK from [`Kek::load`] (`CALLVAULT_KEK`, else the data
    /// folder's `kek.key`, created on first use).
    pub async fn open(data_dir: &Path) -> Result<Self, StoreError> {
        let kek = Kek::load(data_dir)?;
        Self::open_with_kek(data_dir, kek).await
    }

    /// Like [`Store::open`], with the KEK given.
    pub async fn open_with_kek(data_dir: &Path, kek: Kek) -> Result<Self, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(StoreError::DataDir)?;
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(data_dir.join(DATABASE_FILE))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new().max_connections(4).connect_with(options).await?;
        migrate::run(&pool).await?;
        let keyring = Arc::new(Keyring::new(pool.clone(), kek));
        Ok(Self { pool, keyring, data_dir: data_dir.to_owned() })
    }

    /// Closes every connection, checkpointing the WAL.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}
