//! Store errors.

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The data folder could not be created or read.
    #[error("data folder: {0}")]
    DataDir(#[source] std::io::Error),
    /// The database refused or failed a query.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// A migration failed.
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A row referred to a tenant that does not exist.
    #[error("no tenant with slug {0:?}")]
    UnknownTenant(String),
    /// A tenant of the wrong kind was named (e.g. a customer as a reseller).
    #[error("tenant {slug:?} is not a {expected}")]
    WrongKind {
        /// The tenant named.
        slug: String,
        /// The kind it had to be.
        expected: &'static str,
    },
    /// The legacy audit checkpoint key file could not be read or removed.
    #[error("audit checkpoint key file: {0}")]
    AuditKey(#[source] std::io::Error),
    /// The log has checkpoints but the database holds no checkpoint key.
    #[error("audit checkpoint key: none in the database, so the checkpoints cannot be verified")]
    NoAuditKey,
    /// The audit checkpoint key is wrapped by another KEK than the one given.
    #[error("audit checkpoint key is wrapped by KEK {wrapped_by}, not by the KEK given ({current})")]
    AuditKeyWrongKek {
        /// The fingerprint stored with the key.
        wrapped_by: String,
        /// The fingerprint of the KEK given.
        current: String,
    },
    /// The wrapped audit checkpoint key did not authenticate under the KEK.
    #[error("audit checkpoint key: does not unwrap under this key-encryption key")]
    AuditKeyUnwrap,
    /// A tenant's blind-index key did not unwrap under the KEK.
    #[error("index key of tenant {tenant}: does not unwrap under this key-encryption key")]
    IndexKeyUnwrap {
        /// The tenant.
        tenant: String,
    },
    /// A stored value could not be understood.
    #[error("corrupt row: {0}")]
    Corrupt(&'static str),
    /// The key-encryption key text is not hex.
    #[error("key-encryption key from {origin}: expected 64 hex digits")]
    KekNotHex {
        /// Where it came from: `CALLVAULT_KEK` or a key file's path.
        origin: String,
    },
    /// The key-encryption key has the wrong length.
    #[error("key-encryption key from {origin}: expected 32 bytes (64 hex digits), found {found} bytes")]
    KekLength {
        /// Where it came from: `CALLVAULT_KEK` or a key file's path.
        origin: String,
        /// How many bytes it decoded to.
        found: usize,
    },
    /// The key file could not be created or read.
    #[error("key file {path}: {source}")]
    KekFile {
        /// The key file.
        path: std::path::PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// The key file may be read or written by group or others.
    #[error("key file {path} has mode {mode:o}, open to group or others; refusing it (chmod 600 it)")]
    KeyFileExposed {
        /// The key file.
        path: std::path::PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// A data key is wrapped by another key-encryption key than the one given.
    #[error("data key of tenant {tenant} is wrapped by KEK {wrapped_by}, not by the KEK given ({current})")]
    WrongKek {
        /// The tenant.
        tenant: String,
        /// The fingerprint stored with the data key.
        wrapped_by: String,
        /// The fingerprint of the KEK given.
        current: String,
    },
    /// A wrapped data key did not authenticate under the key-encryption key.
    #[error("data key {version} of tenant {tenant} did not unwrap: wrong KEK or altered row")]
    DataKeyUnwrap {
        /// The tenant.
        tenant: String,
        /// The key version.
        version: u32,
    },
    /// A tenant has no data key of the version asked for.
    #[error("tenant {tenant} has no data key {version}")]
    NoDataKey {
        /// The tenant.
        tenant: String,
        /// The key version.
        version: u32,
    },
    /// A sealed value did not authenticate: wrong key, or altered, or moved
    /// from another row, column or tenant (deliberately not saying which).
    #[error("sealed value did not authenticate")]
    Unauthentic,
    /// A value is not a sealed value of a format this build knows.
    #[error("malformed sealed value: {0}")]
    SealedMalformed(&'static str),
    /// A value is too large to seal (over 64 GiB).
    #[error("value too large to seal")]
    PlaintextTooLarge,
    /// An extension's HA1 is not hex digits (it would not survive the
    /// sealed secret's encoding, and is no RFC 7616 HA1 anyway).
    #[error("the {algorithm} HA1 of an extension is not hex digits")]
    Ha1NotHex {
        /// `"MD5"` or `"SHA-256"`.
        algorithm: &'static str,
    },
    /// A backup file could not be created, written or read.
    #[error("backup file {path}: {source}")]
    BackupFile {
        /// The file.
        path: std::path::PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// A backup failed SQLite's integrity check (or is no SQLite file).
    #[error("backup is damaged: {first_problem}")]
    BackupDamaged {
        /// SQLite's first complaint.
        first_problem: String,
    },
    /// A file is an SQLite database but no callvault database.
    #[error("not a callvault backup: it has no schema migrations")]
    NotABackup,
    /// A backup has a schema migration this build does not know.
    #[error(
        "backup has schema version {version}, newer than this build knows ({latest_known}); restore it with a newer callvault"
    )]
    BackupSchemaNewer {
        /// The unknown version found.
        version: i64,
        /// The latest version this build knows.
        latest_known: i64,
    },
    /// A backup archive holds an entry a backup never holds: an absolute
    /// path, `..`, a link or other non-file, a name outside `callvault.db`
    /// and `blobs/<tenant>/<blob>`, a duplicate, or a blob without a row.
    #[error("backup entry {entry:?} refused: {reason}")]
    BackupEntryRefused {
        /// The entry's name as the archive gives it (lossy UTF-8).
        entry: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// A blob row in a backup's database has no file (in the data folder
    /// when backing up, in the archive when restoring): damage.
    #[error("blob {blob} has a row but no file")]
    BackupBlobMissing {
        /// The blob.
        blob: String,
    },
    /// A blob file's SHA-256 differs from its row's `sealed_sha256`.
    #[error("blob {blob}: the file does not match the SHA-256 in its row")]
    BackupBlobDamaged {
        /// The blob.
        blob: String,
    },
    /// Blobs in every snapshot taken were deleted before their files could
    /// be linked; try again.
    #[error("blobs kept being deleted while the backup was taken; try again")]
    BackupKeptChanging,
    /// A restore was pointed at a folder that already holds a database.
    #[error("{path} exists; restore only into a folder without a database")]
    RestoreOverDatabase {
        /// The file found.
        path: std::path::PathBuf,
    },
    /// A PostgreSQL restore was pointed at a database that already holds rows.
    #[error("the database is not empty (table {table} has rows); restore only into an empty database")]
    RestoreIntoNonEmptyDatabase {
        /// The first table found with rows.
        table: String,
    },
    /// The two databases of a backup or restore copy have different schemas
    /// (different callvault versions migrated them).
    #[error("the databases' schemas differ ({detail}); run the same callvault version on both")]
    BackupSchemaMismatch {
        /// What differs (table and column names only).
        detail: String,
    },
    /// Free text held what looks like a card or bank account number
    /// (issue 3 item 5); the message names the field, never the digits.
    #[error(transparent)]
    PaymentDataRefused(#[from] model::PaymentDataRefused),
    /// A payment method's reference or label was refused or malformed.
    /// (A refusal by the payment-number guard inside it arrives as
    /// [`StoreError::PaymentDataRefused`] instead.)
    #[error(transparent)]
    Payment(model::PaymentError),
    /// A value to store was refused; names the field, never the value.
    #[error("invalid {0}")]
    Invalid(&'static str),
    /// A database URL names a database the store does not run on.
    #[error("database URL scheme {scheme:?} is not supported: use sqlite: or postgres:")]
    UnsupportedUrl {
        /// The URL's scheme (never the rest: it may hold a password).
        scheme: String,
    },
    /// An operation only one backend offers was asked of the other.
    #[error("{operation} is not available on {backend:?}: {instead}")]
    NotOnThisBackend {
        /// What was asked.
        operation: &'static str,
        /// The backend in use.
        backend: crate::Backend,
        /// What to use instead.
        instead: &'static str,
    },
    /// The operating system's random source failed.
    #[error("random source: {0}")]
    Randomness(getrandom::Error),
    /// A blob file or its folder could not be created, written, read or removed.
    #[error("blob file {path}: {source}")]
    BlobFile {
        /// The file or folder (its name holds only ids).
        path: std::path::PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// Reading the media to store failed (the caller's reader, not our file).
    #[error("reading the media to store: {0}")]
    BlobSource(#[source] std::io::Error),
    /// The tenant has no blob with that id.
    #[error("no such blob")]
    NoBlob,
    /// A tenant or blob id is not lower-case hex, so it cannot name a file.
    #[error("a tenant or blob id is not lower-case hex")]
    BlobIdUnsafe,
    /// A blob is too large for its format (2^32 chunks of 64 KiB).
    #[error("blob too large to seal")]
    BlobTooLarge,
    /// A blob file is not a sealed blob of a format this build knows.
    #[error("blob {blob} is malformed: {problem}")]
    BlobMalformed {
        /// The blob.
        blob: String,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// A chunk of a blob file did not authenticate: the file was altered,
    /// truncated, extended or reordered, or belongs to another blob or tenant.
    #[error(
        "blob {blob}: chunk {chunk} did not authenticate (file altered, truncated, extended, reordered, or from another blob)"
    )]
    BlobUnauthentic {
        /// The blob.
        blob: String,
        /// The index of the first chunk that failed.
        chunk: u64,
    },
    /// An anonymized export's target folder exists and is not empty (or cannot be read).
    #[error("export target {path} exists and is not an empty folder; choose a new one")]
    ExportTargetNotEmpty {
        /// The folder.
        path: std::path::PathBuf,
    },
    /// A retention length outside the platform's bounds for its record type.
    #[error(
        "retention of {record} records must be between {} and {} days (default {}); {} ms refused",
        bounds.min_ms / 86_400_000, bounds.max_ms / 86_400_000, bounds.default_ms / 86_400_000, keep_ms
    )]
    RetentionOutOfBounds {
        /// The record type.
        record: &'static str,
        /// The length asked for, in milliseconds.
        keep_ms: i64,
        /// The platform's bounds for the type.
        bounds: crate::RetentionBounds,
    },
    /// The customer was deleted (its data keys destroyed).
    #[error("the customer is deleted")]
    CustomerDeleted,
    /// Sign-in refused. Deliberately one variant for an unknown name, a wrong
    /// password or code, a lock and a disabled account (no user enumeration).
    #[error("sign-in failed")]
    SignInFailed,
    /// The password was right but the role needs a confirmed TOTP enrolment first.
    #[error("sign-in needs two-factor enrolment first")]
    SecondFactorNotEnrolled,
    /// A rule of the access core refused (weak password, bad code, grant refused…).
    #[error("access: {0}")]
    Access(#[from] access::AccessError),
    /// No person with that id or sign-in name.
    #[error("no such person")]
    UnknownPerson,
    /// The sign-in name is already taken.
    #[error("sign-in name already in use")]
    LoginTaken,
    /// The role cannot be held at that kind of tenant.
    #[error("role {role} cannot be held at a {kind} tenant")]
    RoleDoesNotFitTenant {
        /// The role.
        role: &'static str,
        /// The tenant's kind.
        kind: &'static str,
    },
    /// A grant issuer is not a security officer.
    #[error("only a security officer issues grants")]
    IssuerNotSecurityOfficer,
    /// No grant or delegation with that id.
    #[error("no such grant")]
    UnknownGrant,
    /// Back-up authentication refused. One variant for an unknown name, no
    /// back-up questions, a disabled account and wrong answers.
    #[error("back-up authentication failed")]
    RecoveryFailed,
    /// Password and back-up answers both failed: only an administrator's
    /// reset re-opens the account (47 CFR 64.2010(e)).
    #[error("the account needs a new password set by an administrator")]
    MustSetPassword,
    /// Back-up questions refused (count, duplicates, answer length).
    #[error("back-up questions refused: {0}")]
    BackupQuestions(&'static str),
    /// An address or telephone number of record is not usable.
    #[error("not a usable {0} of record")]
    AddressOfRecord(&'static str),
    /// No outbox message with that id (or it is no longer pending).
    #[error("no such pending message")]
    UnknownMessage,
    /// A notice's context could not be encoded.
    #[error("notice encoding: {0}")]
    NoticeEncoding(#[from] serde_json::Error),
    /// The password hashing task did not finish.
    #[error("password hashing task failed")]
    HashingTask,
    /// The CPNI gate refused the read (the refusal is in the audit log).
    #[error("CPNI access refused: {0}")]
    CpniDenied(compliance::DenyReason),
    /// A compliance rule refused a record (approval, campaign).
    #[error("{0}")]
    Compliance(#[from] compliance::Error),
    /// No campaign with that id.
    #[error("no such campaign")]
    UnknownCampaign,
    /// No compliance record (breach, opt-out failure, …) with that id.
    #[error("no such {0} record")]
    UnknownRecord(&'static str),
    /// A permit was used for another customer or another kind of CPNI than it allows.
    #[error("the CPNI permit does not cover this read")]
    PermitMismatch,
}
