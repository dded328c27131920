//! The audit checkpoint key lives in the database, wrapped under the KEK
//! (migration 70): no key file appears, the key's bytes are nowhere on disk
//! in plaintext, a legacy `audit-checkpoint.key` is adopted (and removed) so
//! old data folders keep verifying, and a log with checkpoints but no key
//! is refused, not passed.

#[macro_use]
mod backends;

use std::path::Path;

use backends::DataDir;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use sqlx::Row;
use store::{AuditEntry, CHECKPOINT_KEY_FILE, StoreError};

mod audit_support;
mod crypto_support;

/// A legacy key file's key.
const LEGACY_KEY: [u8; 32] = [0x5c; 32];

/// The signature the pre-migration-70 code made with `key` (and this code
/// must still make): HMAC-SHA-256 over the tag, seq, hash and time.
fn legacy_signature(key: &[u8; 32], entry: &AuditEntry) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(b"callvault audit checkpoint v1\0");
    mac.update(&entry.seq.to_be_bytes());
    mac.update(&entry.hash);
    mac.update(&entry.record.at_ms.to_be_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn write_legacy_key_file(dir: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(CHECKPOINT_KEY_FILE);
    std::fs::write(&path, format!("{}\n", hex::encode(LEGACY_KEY))).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
}

async fn a_legacy_key_file_is_adopted_and_removed(dir: DataDir) {
    write_legacy_key_file(dir.path(), 0o600);
    let (store, entries) = audit_support::filled(&dir, 3, 7).await;
    assert!(!dir.path().join(CHECKPOINT_KEY_FILE).exists(), "the key file was left behind");

    let db = dir.raw().await;
    let signature: Vec<u8> =
        sqlx::query_scalar("SELECT signature FROM audit_checkpoints WHERE seq = 6").fetch_one(&db).await.unwrap();
    assert_eq!(signature, legacy_signature(&LEGACY_KEY, &entries[5]), "not signed with the adopted key");
    store.close().await;

    let reopened = dir.open().await;
    let report = reopened.verify_audit().await.unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!((report.records, report.checkpoints), (7, 2));
}

async fn checkpoints_signed_before_adoption_verify(dir: DataDir) {
    let (store, entries) = audit_support::filled(&dir, 1000, 4).await;
    store.close().await;
    let db = dir.raw().await;
    sqlx::query("DELETE FROM audit_checkpoint_key").execute(&db).await.unwrap();
    sqlx::query("INSERT INTO audit_checkpoints (seq, hash, at_ms, signature) VALUES (4, $1, $2, $3)")
        .bind(&entries[3].hash[..])
        .bind(entries[3].record.at_ms)
        .bind(legacy_signature(&LEGACY_KEY, &entries[3]))
        .execute(&db)
        .await
        .unwrap();
    write_legacy_key_file(dir.path(), 0o600);

    let report = dir.open().await.verify_audit().await.unwrap();

    assert!(report.is_ok(), "{report:?}");
    assert_eq!(report.checkpoints, 1);
    assert!(!dir.path().join(CHECKPOINT_KEY_FILE).exists());
}

async fn another_nodes_key_file_is_kept(dir: DataDir) {
    let (store, _) = audit_support::filled(&dir, 2, 4).await;
    store.close().await;
    write_legacy_key_file(dir.path(), 0o600);

    let store = dir.open().await;

    assert!(dir.path().join(CHECKPOINT_KEY_FILE).exists(), "a key the database does not hold was destroyed");
    assert!(store.verify_audit().await.unwrap().is_ok(), "the stored key was replaced");
}

async fn a_key_file_open_to_group_or_others_is_refused(dir: DataDir) {
    write_legacy_key_file(dir.path(), 0o644);

    let refused = dir.try_open().await;

    assert!(matches!(refused, Err(StoreError::KeyFileExposed { mode: 0o644, .. })), "{refused:?}");
}

async fn a_missing_key_fails_verification(dir: DataDir) {
    let (store, _) = audit_support::filled(&dir, 3, 3).await;
    store.close().await;
    let db = dir.raw().await;
    sqlx::query("DELETE FROM audit_checkpoint_key").execute(&db).await.unwrap();

    let refused = dir.open().await.verify_audit().await;

    assert!(matches!(refused, Err(StoreError::NoAuditKey)), "{refused:?}");
}

/// SQLite only: on PostgreSQL the files are the server's, so
/// `crypto_no_plaintext_in_postgres` searches every stored column instead.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_key_is_not_on_disk_in_plaintext() {
    backends::run(store::Backend::Sqlite, key_not_on_disk).await;
}

async fn key_not_on_disk(dir: DataDir) {
    let kek = [1u8; 32];
    let store = dir.open_with_kek(crypto_support::kek(1)).await.unwrap();
    store.checkpoint_audit(0).await.unwrap();
    store.append_audit(&audit_support::record(1)).await.unwrap();
    store.checkpoint_audit(1).await.unwrap();
    let db = dir.raw().await;
    let row = sqlx::query("SELECT wrapped, kek_id FROM audit_checkpoint_key").fetch_one(&db).await.unwrap();
    assert_eq!(row.get::<String, _>("kek_id"), crypto_support::kek(1).id());
    let key = crypto_support::unwrap_checkpoint_key(&kek, &row.get::<Vec<u8>, _>("wrapped"));
    db.close().await;
    store.close().await;

    let files = crypto_support::files_under(dir.path());
    assert!(files.iter().any(|(_, bytes)| !bytes.is_empty()), "control: nothing to search");
    for (path, bytes) in files {
        assert!(!crypto_support::contains(&bytes, &key), "the key's bytes are in {path}");
        let text = hex::encode(&key);
        assert!(!crypto_support::contains(&bytes, text.as_bytes()), "the key's hex is in {path}");
    }
}

on_both_backends!(
    a_legacy_key_file_is_adopted_and_removed,
    checkpoints_signed_before_adoption_verify,
    another_nodes_key_file_is_kept,
    a_key_file_open_to_group_or_others_is_refused,
    a_missing_key_fails_verification,
);
