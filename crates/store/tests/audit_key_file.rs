//! The checkpoint key file: created 0600 with the first checkpoint, not
//! before; without it, or open to group or others, a log with checkpoints
//! cannot be verified.

#[macro_use]
mod backends;

use backends::DataDir;
use store::{CHECKPOINT_KEY_FILE, StoreError};

mod audit_support;

async fn the_key_appears_with_the_first_checkpoint(dir: DataDir) {
    let (store, _) = audit_support::filled(&dir, 3, 2).await;
    assert!(!dir.path().join(CHECKPOINT_KEY_FILE).exists());

    store.append_audit(&audit_support::record(3)).await.unwrap();

    let meta = std::fs::metadata(dir.path().join(CHECKPOINT_KEY_FILE)).unwrap();
    #[cfg(unix)]
    assert_eq!(std::os::unix::fs::PermissionsExt::mode(&meta.permissions()) & 0o777, 0o600);
    assert_eq!(meta.len(), 65);
}

async fn a_missing_key_fails_verification(dir: DataDir) {
    let (store, _) = audit_support::filled(&dir, 3, 3).await;

    std::fs::remove_file(dir.path().join(CHECKPOINT_KEY_FILE)).unwrap();

    assert!(matches!(store.verify_audit().await, Err(StoreError::AuditKey(_))));
}

async fn a_key_open_to_group_or_others_is_refused(dir: DataDir) {
    use std::os::unix::fs::PermissionsExt;
    let (store, _) = audit_support::filled(&dir, 3, 3).await;
    let key = dir.path().join(CHECKPOINT_KEY_FILE);

    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();

    let refused = store.verify_audit().await;
    assert!(matches!(refused, Err(StoreError::KeyFileExposed { mode: 0o644, .. })), "{refused:?}");
}

on_both_backends!(
    the_key_appears_with_the_first_checkpoint,
    a_missing_key_fails_verification,
    a_key_open_to_group_or_others_is_refused,
);
