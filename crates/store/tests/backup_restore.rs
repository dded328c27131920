//! Backups (issue 3 item 6): a backup taken while registrations keep being
//! written restores into a new folder with everything in it (tenants,
//! extensions unsealed to the same plaintext, bindings, a verifying audit
//! log); the backup file holds no display name or HA1 in plaintext and is
//! private; an existing backup file is never overwritten; restore refuses
//! a folder with a database or blob folder, another KEK, a damaged database, a file that
//! is no archive, an archive without a database and a newer schema,
//! leaving no database behind; and a database-only backup from before
//! media was included still restores. (Media: the other `backup_*` tests.)

mod support;

use std::num::NonZeroU32;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use model::{Aor, SipSecret, TenantId};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use store::{AuditDecision, AuditRecord, BindingChange, DATABASE_FILE, KEK_FILE, Kek, NewExtension, Store, StoreError};

const DISPLAY_NAME: &str = "Zanzibar Quux";
const HA1_MD5: &str = "216f6bbe6e66c993660d63d1b6de0c34";
const HA1_SHA256: &str = "d4e734625b1a90aeb1c775b5474388b517d62466a9180553888f03b600a81c36";
const AUDIT_RECORDS: usize = 10;

fn record(i: usize) -> AuditRecord {
    AuditRecord {
        at_ms: 1_700_000_000_000 + i as i64,
        actor: "admin".into(),
        action: "cdr.read".into(),
        target: format!("customer-{i}"),
        purpose: "billing".into(),
        decision: if i.is_multiple_of(3) { AuditDecision::Deny } else { AuditDecision::Allow },
        source: "192.0.2.7".into(),
    }
}

fn extension(customer: &TenantId, number: &str, name: &str, secret: SipSecret) -> NewExtension {
    let (customer, number, display_name) = (customer.clone(), number.into(), name.into());
    NewExtension { customer, number, display_name, realm: "c.example".into(), secret }
}

fn upsert(customer: &TenantId, number: &str, expires_at_ms: i64) -> BindingChange {
    let aor = Aor { customer: customer.clone(), number: number.into() };
    BindingChange::Upsert(support::binding(&aor, &format!("<sip:{number}@192.0.2.1>"), expires_at_ms, number))
}

/// Fills `store`: reseller `r`, customer `c`, extensions 4711 (the known
/// name and HA1s) and 4712, two bindings, and audit records with
/// checkpoints (every 4 and one at the end).
async fn fill(store: &Store) -> TenantId {
    let c = support::customer(store).await;
    let known = SipSecret { ha1_md5: HA1_MD5.into(), ha1_sha256: HA1_SHA256.into() };
    store.upsert_extension(&extension(&c, "4711", DISPLAY_NAME, known)).await.unwrap();
    let other = SipSecret { ha1_md5: "0".repeat(32), ha1_sha256: "1".repeat(64) };
    store.upsert_extension(&extension(&c, "4712", "Other Person", other)).await.unwrap();
    store.apply_binding_changes(&[upsert(&c, "4711", 9_000_000), upsert(&c, "4712", 9_000_000)]).await.unwrap();
    store.set_audit_checkpoint_every(NonZeroU32::new(4).unwrap()).await.unwrap();
    for i in 0..AUDIT_RECORDS {
        store.append_audit(&record(i)).await.unwrap();
    }
    store.checkpoint_audit(1_800_000_000_000).await.unwrap().unwrap();
    c
}

/// A filled store in `dir` under a fixed KEK.
async fn filled(dir: &Path, kek: &Kek) -> (Store, TenantId) {
    let store = Store::open_with_kek(dir, kek.clone()).await.unwrap();
    let c = fill(&store).await;
    (store, c)
}

fn kek(byte: u8) -> Kek {
    Kek::from_bytes(&[byte; 32])
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

/// Keeps writing new registrations until told to stop; counts batches.
fn keep_registering(
    store: Store,
    c: TenantId,
    stop: Arc<AtomicBool>,
    written: Arc<AtomicUsize>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut n = 0;
        while !stop.load(Ordering::Relaxed) {
            let batch: Vec<_> = (0..20).map(|i| upsert(&c, &format!("w{n}-{i}"), 9_000_000)).collect();
            store.apply_binding_changes(&batch).await.unwrap();
            written.fetch_add(1, Ordering::Relaxed);
            n += 1;
            tokio::task::yield_now().await;
        }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_under_writes_restores_everything() {
    let (source, backups, target) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let store = Store::open(source.path()).await.unwrap();
    let c = fill(&store).await;
    let before_backup = store.live_bindings(0).await.unwrap();

    let (stop, written) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicUsize::new(0)));
    let writer = keep_registering(store.clone(), c.clone(), Arc::clone(&stop), Arc::clone(&written));
    while written.load(Ordering::Relaxed) < 3 {
        tokio::task::yield_now().await;
    }
    let out = backups.path().join("snapshot.tar");
    let report = store.backup_to(&out).await.unwrap();
    stop.store(true, Ordering::Relaxed);
    writer.await.unwrap();

    assert_eq!(report.bytes, std::fs::metadata(&out).unwrap().len());
    let count = |table: &str| report.tables.iter().find(|(name, _)| *name == table).unwrap().1;
    assert_eq!(count("tenants"), 3, "platform, reseller, customer");
    assert_eq!(count("extensions"), 2);
    assert_eq!(count("audit_log"), AUDIT_RECORDS as i64);
    assert!(count("registrations") >= 2 + 3 * 20, "the bindings written before the backup are in it");
    assert_eq!(count("registrations") % 20, 2, "the writer's batches are in it whole or not at all");

    std::fs::copy(source.path().join(KEK_FILE), target.path().join(KEK_FILE)).unwrap();
    Store::restore_from(&out, target.path()).await.unwrap();
    let restored = Store::open(target.path()).await.unwrap();

    for slug in ["r", "c"] {
        assert_eq!(restored.tenant_by_slug(slug).await.unwrap(), store.tenant_by_slug(slug).await.unwrap());
    }
    assert_eq!(restored.platform().await.unwrap(), store.platform().await.unwrap());
    let extensions = restored.extensions(&c).await.unwrap();
    assert_eq!(extensions, store.extensions(&c).await.unwrap());
    let zanzibar = extensions.iter().find(|e| e.number == "4711").unwrap();
    assert_eq!((zanzibar.display_name.as_str(), zanzibar.secret.ha1_md5.as_str()), (DISPLAY_NAME, HA1_MD5));

    let restored_bindings = restored.live_bindings(0).await.unwrap();
    assert_eq!(restored_bindings.len() as i64, count("registrations"));
    let now = store.live_bindings(0).await.unwrap();
    assert!(before_backup.iter().all(|b| restored_bindings.contains(b)), "nothing from before the backup is lost");
    assert!(restored_bindings.iter().all(|b| now.contains(b)), "nothing in the backup was made up");

    let audit = restored.verify_audit().await.unwrap();
    assert!(audit.is_ok(), "{audit:?}");
    assert_eq!((audit.records, audit.checkpoints), (AUDIT_RECORDS as u64, 3));
    restored.close().await;
    store.close().await;
}

#[tokio::test]
async fn the_backup_is_private_and_holds_no_secret_in_plaintext() {
    let (source, backups) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (store, _) = filled(source.path(), &kek(1)).await;
    let out = backups.path().join("snapshot.tar");
    store.backup_to(&out).await.unwrap();
    store.close().await;

    let bytes = std::fs::read(&out).unwrap();
    assert!(contains(&bytes, b"4711") && contains(&bytes, b"c.example"), "the search finds plain columns");
    assert!(contains(&bytes, b"customer-3"), "the search finds the audit log");
    for secret in [DISPLAY_NAME.as_bytes(), HA1_MD5.as_bytes(), HA1_SHA256.as_bytes(), &hex::decode(HA1_MD5).unwrap()] {
        assert!(!contains(&bytes, secret), "{:?} is in the backup", String::from_utf8_lossy(secret));
    }
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
}

#[tokio::test]
async fn a_backup_never_overwrites_a_file() {
    let (source, backups) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (store, _) = filled(source.path(), &kek(1)).await;
    let out = backups.path().join("precious");
    std::fs::write(&out, b"keep me").unwrap();
    let err = store.backup_to(&out).await.unwrap_err();
    assert!(
        matches!(&err, StoreError::BackupFile { source, .. } if source.kind() == std::io::ErrorKind::AlreadyExists),
        "{err:?}"
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"keep me");
    store.close().await;
}

/// A backup of a filled store under `kek(1)`, in `backups`.
async fn backup(backups: &Path) -> std::path::PathBuf {
    let source = tempfile::tempdir().unwrap();
    let (store, _) = filled(source.path(), &kek(1)).await;
    let out = backups.join("snapshot.tar");
    store.backup_to(&out).await.unwrap();
    store.close().await;
    out
}

fn no_database(dir: &Path) -> bool {
    std::fs::read_dir(dir).map(|entries| entries.count() == 0).unwrap_or(true)
}

#[tokio::test]
async fn restore_refuses_a_folder_with_a_database() {
    let (backups, target) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let out = backup(backups.path()).await;
    let existing = Store::open_with_kek(target.path(), kek(1)).await.unwrap();
    existing.close().await;
    let before = std::fs::read(target.path().join(DATABASE_FILE)).unwrap();

    let err = Store::restore_from_with_kek(&out, target.path(), kek(1)).await.unwrap_err();
    assert!(matches!(err, StoreError::RestoreOverDatabase { .. }), "{err:?}");
    assert_eq!(std::fs::read(target.path().join(DATABASE_FILE)).unwrap(), before);
    let reopened = Store::open_with_kek(target.path(), kek(1)).await.unwrap();
    assert_eq!(reopened.tenant_by_slug("c").await.unwrap(), None, "the existing database is untouched");
    reopened.close().await;
}

#[tokio::test]
async fn restore_refuses_a_folder_with_blobs() {
    let (backups, target) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let out = backup(backups.path()).await;
    std::fs::create_dir_all(target.path().join("blobs").join("0a")).unwrap();

    let err = Store::restore_from_with_kek(&out, target.path(), kek(1)).await.unwrap_err();
    assert!(matches!(&err, StoreError::RestoreOverDatabase { path } if path.ends_with("blobs")), "{err:?}");
    assert!(!target.path().join(DATABASE_FILE).exists());
    assert_eq!(std::fs::read_dir(target.path()).unwrap().count(), 1, "only the blob folder that was there");
}

#[tokio::test]
async fn another_kek_is_refused_by_restore_and_cannot_read_the_restored_data() {
    let (backups, target) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let out = backup(backups.path()).await;

    let err = Store::restore_from_with_kek(&out, target.path(), kek(2)).await.unwrap_err();
    assert!(matches!(err, StoreError::WrongKek { .. }), "{err:?}");
    assert!(no_database(target.path()), "a refused restore leaves nothing behind");

    Store::restore_from_with_kek(&out, target.path(), kek(1)).await.unwrap();
    let right = Store::open_with_kek(target.path(), kek(1)).await.unwrap();
    let c = right.tenant_by_slug("c").await.unwrap().unwrap().id;
    assert_eq!(right.extensions(&c).await.unwrap().len(), 2);
    right.close().await;
    let wrong = Store::open_with_kek(target.path(), kek(2)).await.unwrap();
    let err = wrong.extensions(&c).await.unwrap_err();
    assert!(matches!(err, StoreError::WrongKek { .. } | StoreError::Unauthentic), "{err:?}");
    let err = wrong.tenant_by_slug("c").await.unwrap_err();
    assert!(matches!(err, StoreError::WrongKek { .. } | StoreError::Unauthentic), "{err:?} (names are sealed)");
    wrong.close().await;
}

#[tokio::test]
async fn restore_without_a_kek_mints_none() {
    let (backups, target) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let out = backup(backups.path()).await;
    if std::env::var_os(store::KEK_ENV).is_some() {
        return; // the environment supplies a KEK; nothing to check
    }
    let err = Store::restore_from(&out, target.path()).await.unwrap_err();
    assert!(matches!(err, StoreError::KekFile { .. }), "{err:?}");
    assert!(no_database(target.path()), "no database and no new kek.key");
}

/// The archive's first entry, the database, starts after one 512-byte
/// ustar header (crates/store/src/backup/archive.rs).
const DATABASE_AT: usize = 512;

/// The database entry of the backup archive at `path`.
fn database_of(path: &Path) -> Vec<u8> {
    let mut archive = tar::Archive::new(std::fs::File::open(path).unwrap());
    let mut first = archive.entries().unwrap().next().unwrap().unwrap();
    assert_eq!(&*first.path_bytes(), DATABASE_FILE.as_bytes());
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut first, &mut bytes).unwrap();
    bytes
}

/// The page size of an SQLite database, from its header.
fn page_size(database: &[u8]) -> usize {
    match u16::from_be_bytes([database[16], database[17]]) {
        1 => 65_536,
        n => usize::from(n),
    }
}

/// Overwrites page `page` (from 1) of the database inside the backup
/// archive at `path` with `byte`.
fn overwrite_page(path: &Path, page: usize, byte: u8) {
    let (mut bytes, size) = (std::fs::read(path).unwrap(), page_size(&database_of(path)));
    bytes[DATABASE_AT + (page - 1) * size..DATABASE_AT + page * size].fill(byte);
    std::fs::write(path, bytes).unwrap();
}

/// Writes an archive at `path` holding `database` as its only entry.
fn archive_of(database: &Path, path: &Path) {
    let mut builder = tar::Builder::new(std::fs::File::create(path).unwrap());
    builder.append_path_with_name(database, DATABASE_FILE).unwrap();
    builder.into_inner().unwrap();
}

#[tokio::test]
async fn a_damaged_backup_is_refused() {
    let (backups, target) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let out = backup(backups.path()).await;
    let database = database_of(&out);
    let pages = database.len() / page_size(&database);
    assert!(pages >= 6, "the backup has pages in the middle ({pages})");
    overwrite_page(&out, pages / 2 + 1, 0xA5);

    let err = Store::restore_from_with_kek(&out, target.path(), kek(1)).await.unwrap_err();
    assert!(matches!(err, StoreError::BackupDamaged { .. }), "{err:?}");
    assert!(no_database(target.path()));

    let junk = backups.path().join("junk");
    std::fs::write(&junk, vec![0x5A; 8192]).unwrap();
    let err = Store::restore_from_with_kek(&junk, target.path(), kek(1)).await.unwrap_err();
    assert!(matches!(err, StoreError::BackupFile { .. }), "{err:?}");
    assert!(no_database(target.path()));

    let empty = backups.path().join("empty.tar");
    tar::Builder::new(std::fs::File::create(&empty).unwrap()).into_inner().unwrap();
    let err = Store::restore_from_with_kek(&empty, target.path(), kek(1)).await.unwrap_err();
    assert!(matches!(err, StoreError::NotABackup), "{err:?}");
    assert!(no_database(target.path()));
}

#[tokio::test]
async fn a_backup_of_a_newer_schema_is_refused() {
    let (backups, target) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let out = backup(backups.path()).await;
    let database = backups.path().join("newer.db");
    std::fs::write(&database, database_of(&out)).unwrap();
    let mut conn = SqliteConnectOptions::new().filename(&database).connect().await.unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) \
         VALUES (999, 'from the future', CURRENT_TIMESTAMP, 1, x'00', 0)",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();
    let newer = backups.path().join("newer.tar");
    archive_of(&database, &newer);

    for backup in [&newer, &database] {
        let err = Store::restore_from_with_kek(backup, target.path(), kek(1)).await.unwrap_err();
        assert!(matches!(err, StoreError::BackupSchemaNewer { version: 999, .. }), "{err:?}");
        assert!(no_database(target.path()));
    }
}

/// A backup from before media was included is the bare database file; it
/// still restores.
#[tokio::test]
async fn a_database_only_backup_still_restores() {
    let (backups, target) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let out = backup(backups.path()).await;
    let bare = backups.path().join("old-style.db");
    std::fs::write(&bare, database_of(&out)).unwrap();

    Store::restore_from_with_kek(&bare, target.path(), kek(1)).await.unwrap();
    let restored = Store::open_with_kek(target.path(), kek(1)).await.unwrap();
    let c = restored.tenant_by_slug("c").await.unwrap().unwrap().id;
    let names: Vec<_> = restored.extensions(&c).await.unwrap().into_iter().map(|e| e.display_name).collect();
    assert!(names.iter().any(|name| name == DISPLAY_NAME), "{names:?}");
    restored.close().await;
}
