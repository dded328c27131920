//! callvault's store: one implementation over two databases (ARCHITECTURE.md,
//! principle 6): SQLite (WAL) in the data folder by default, PostgreSQL for
//! the clustered deployment; migrations embedded in the binary and
//! parameterized SQL only.
//!
//! Why `sqlx::Any` and one implementation: every query is written once in
//! the SQL both databases speak (`$N` placeholders, `ON CONFLICT … DO …`,
//! `RETURNING`, BIGINT/TEXT/BLOB-or-BYTEA columns, values bound and read only
//! as i64, f64, text and bytes), and runs on an [`sqlx::AnyPool`]. A trait
//! with a SQLite and a PostgreSQL implementation would be two copies of every
//! query to keep in step, and a query changed in one copy only is a bug
//! neither backend's tests see. The few places where the dialects truly
//! differ branch on [`Backend`] in one small function each (`backend.rs`):
//! connection set-up, a whole-table write lock, a snapshot for reads that
//! span several queries, and backups (`VACUUM INTO` is SQLite's; a
//! PostgreSQL store's rows are copied into an SQLite snapshot from one
//! `REPEATABLE READ` transaction, so both make the same archive, see `backup`). The schema is the one
//! thing kept twice (`migrations/sqlite`, `migrations/postgres`), because
//! DDL differs (BLOB/BYTEA, trigger syntax); `migrate.rs` picks per backend.
//! sqlx is used without its `macros` feature (reference/crates.md), so
//! nothing is checked against a live database at compile time: the store's
//! tests run on both backends instead (`tests/backends`).
//!
//! It also owns the two foundations of data protection (ARCHITECTURE.md,
//! principle 5): envelope encryption (`crypto`: a key-encryption key wraps
//! one data key per tenant; AES-256-GCM sealing bound to table, column, row
//! and tenant; keyed blind indexes) and the tamper-evident audit log
//! (`audit`: SHA-256 hash chain with signed checkpoints); `rotation` gives a
//! tenant a new data key and re-seals its values and files under it in the
//! background. `backup` takes
//! online snapshots that stay encrypted and restores them after checking.
//! `retention` deletes records past their keep time and deleted customers
//! (crypto-shredding). `oidc` keeps the OpenID Connect provider's clients,
//! codes, access tokens and sealed signing keys.
//! Key files (`kek.key`, `audit-checkpoint.key`) live in the data folder on
//! both backends: they must never be in the database they protect.

mod accounts;
mod audit;
mod audit_page;
mod backend;
mod backup;
mod blobs;
mod cdrs;
mod cpni;
mod crypto;
mod delegation_ids;
mod error;
mod export;
mod extension_owners;
mod extensions;
mod id;
mod migrate;
mod oidc;
mod outbox;
mod payments;
mod private_file;
mod provisioning;
mod registrations;
mod retention;
mod rotation;
mod sql;
mod tenant_reads;
mod tenant_zone;
mod tenants;
mod trunks;

pub use accounts::{API_TOKEN_PREFIX, ApiToken, NewApiToken, NewSession, Session, SessionPolicy};
pub use accounts::{
    AccountChange, Authenticated, BACKUP_ATTEMPTS, BackupQuestion, CHANGE_NOTICE_TEMPLATE, ContactsOfRecord, NewPerson,
    OfRecord, Person, Recovery, SignInAttempt,
};
pub use accounts::{MAX_QUESTIONS as MAX_BACKUP_QUESTIONS, MIN_QUESTIONS as MIN_BACKUP_QUESTIONS};
pub use audit::{
    AuditCheckpoint, AuditDecision, AuditEntry, AuditProblem, AuditRecord, AuditReport, CHECKPOINT_KEY_FILE,
};
pub use audit_page::AuditFilter;
pub use backend::Backend;
pub use backup::BackupReport;
pub use blobs::{BlobId, BlobInfo, BlobKind, BlobReader};
pub use cdrs::{CdrCursor, CdrQuery, DayVolume};
pub use cpni::{
    AudienceEntry, DeliveryTarget, DisclosureOutcome, DisclosureRequest, DisclosureStep, LetterFiled,
    MAX_PASSWORD_ATTEMPTS, NoticeToSend, Officer, StoredBreach, StoredDisclosure, StoredOptOutFailure, StoredRecord,
};
pub use crypto::{
    Aad, BlindIndexer, DataKey, IndexKey, KEK_ENV, KEK_FILE, Kek, Keyring, LATEST_KEY_TTL, Rewrapped, SEAL_FORMAT,
    blind_index, open, seal, sealed_key_version,
};
pub use delegation_ids::ActiveDelegation;
pub use error::StoreError;
pub use export::ExportReport;
pub use extensions::{ExtensionChanges, NewExtension};
pub use oidc::SIGNING_KEY_GRACE;
pub use outbox::{Channel, NewMessage, QueuedMessage};
pub use payments::check_free_text;
pub use registrations::BindingChange;
pub use retention::{
    Bounds as RetentionBounds, CustomerDeletion, Purged, RecordType, RetentionOptions, RetentionPolicy,
    RetentionReport, Swept, Tally,
};
pub use rotation::{ResealOptions, ResealReport, TableProgress};
pub use tenants::NewTenant;
pub use trunks::{StoredDid, StoredTrunk, TrunkSecret};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sqlx::AnyPool;

/// The database file's name inside the data folder (SQLite backend).
pub const DATABASE_FILE: &str = "callvault.db";

/// A handle to the database; cheap to clone.
///
/// It owns a [`Keyring`] under the KEK it was opened with, so sensitive
/// columns (e.g. extensions' names and digest secrets) are sealed on the way
/// in and opened on the way out without callers seeing it.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    data_dir: Arc<PathBuf>,
    keyring: Arc<Keyring>,
    audit_queue: Arc<audit::AuditQueue>,
    /// Customers' tenant paths, for the CPNI gate (`cpni`).
    customer_paths: Arc<cpni::CustomerPaths>,
    /// Wakes this process's outbox sender on enqueue (`outbox`).
    outbox_wakeup: Arc<tokio::sync::Notify>,
}

impl Store {
    /// Opens (creating if needed) the SQLite database in `data_dir` and
    /// migrates it, with the KEK from [`Kek::load`] (`CALLVAULT_KEK`, else
    /// the data folder's `kek.key`, created on first use).
    pub async fn open(data_dir: &Path) -> Result<Self, StoreError> {
        let kek = Kek::load(data_dir)?;
        Self::open_with_kek(data_dir, kek).await
    }

    /// Like [`Store::open`], with the KEK given.
    pub async fn open_with_kek(data_dir: &Path, kek: Kek) -> Result<Self, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(StoreError::DataDir)?;
        let url = backend::sqlite_url(&data_dir.join(DATABASE_FILE));
        Self::connect_with_kek(&url, data_dir, kek).await
    }

    /// Connects to the database at `url` (`postgres://…` for the cluster;
    /// `sqlite:…` works too) and migrates it. `data_dir` still holds the
    /// KEK's key file (`kek.key`) unless `CALLVAULT_KEK` is set; the KEK
    /// comes from [`Kek::load`]. A legacy `audit-checkpoint.key` there is
    /// moved into the database (`audit::checkpoint`).
    pub async fn connect(url: &str, data_dir: &Path) -> Result<Self, StoreError> {
        let kek = Kek::load(data_dir)?;
        Self::connect_with_kek(url, data_dir, kek).await
    }

    /// Like [`Store::connect`], with the KEK given.
    pub async fn connect_with_kek(url: &str, data_dir: &Path, kek: Kek) -> Result<Self, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(StoreError::DataDir)?;
        let backend = Backend::of_url(url)?;
        let pool = backend.pool(url).await?;
        let keyring = Arc::new(Keyring::new(pool.clone(), kek));
        migrate::run(&pool, backend, &keyring).await?;
        audit::adopt_key_file(&keyring, data_dir).await?;
        let (audit_queue, customer_paths, outbox_wakeup) = (Arc::default(), Arc::default(), Arc::default());
        let data_dir = Arc::new(data_dir.to_owned());
        Ok(Self { pool, backend, data_dir, keyring, audit_queue, customer_paths, outbox_wakeup })
    }

    /// Which database this store runs on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Writes the queued CPNI gate decisions to the audit log, then closes
    /// every connection (on SQLite, checkpointing the WAL).
    pub async fn close(&self) {
        if let Err(error) = self.flush_audit().await {
            tracing::error!(%error, "queued CPNI gate decisions could not be written to the audit log at close");
        }
        self.pool.close().await;
    }
}
