//! What crypto-shredding covers in backups, tested as it is:
//!
//! - a backup taken *after* the deletion holds the customer's sealed rows
//!   and media (if the retention job has not run yet) but no data key, so
//!   restored, nothing of the customer opens while the other customer does;
//! - a backup taken *before* the deletion still holds the wrapped data key:
//!   restored under the same KEK, the deleted customer's values open again.
//!   Shredding does not reach it;
//! - rotating the KEK after the deletion and destroying the old KEK does:
//!   the new KEK cannot restore the older backup at all.
//!
//! So an operator who deletes a customer must also destroy the backups
//! older than the deletion (or let their retention expire), or rotate the
//! KEK and destroy the old one (crates/store/src/retention/shred.rs).

mod cpni_support;
mod retention_support;

use std::path::Path;

use model::TenantId;
use retention_support::put;
use store::{BlobKind, Kek, Store, StoreError};

fn old_kek() -> Kek {
    Kek::from_bytes(&[0x11; 32])
}

fn new_kek() -> Kek {
    Kek::from_bytes(&[0x22; 32])
}

async fn restored(backup: &Path, kek: Kek) -> Result<(tempfile::TempDir, Store), StoreError> {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("restored");
    Store::restore_from_with_kek(backup, &target, kek.clone()).await?;
    let store = Store::open_with_kek(&target, kek).await?;
    Ok((dir, store))
}

async fn opens(store: &Store, customer: &TenantId) -> bool {
    store.payment_methods(customer).await.is_ok()
}

#[tokio::test]
async fn shredding_reaches_backups_only_with_the_kek() {
    let (dir, backups) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let store = Store::open_with_kek(dir.path(), old_kek()).await.unwrap();
    let (a, b) = retention_support::two_customers(&store).await;
    for customer in [&a, &b] {
        retention_support::extension_and_payment(&store, customer).await;
    }
    let (media, _) = put(&store, &a, BlobKind::Voicemail, 4_000).await;
    let before = backups.path().join("before.tar");
    store.backup_to(&before).await.unwrap();

    store.delete_customer(&a, "operator").await.unwrap();
    let after = backups.path().join("after.tar");
    store.backup_to(&after).await.unwrap();
    let (_kept, from_after) = restored(&after, old_kek()).await.unwrap();
    assert!(!opens(&from_after, &a).await && opens(&from_after, &b).await);
    assert!(from_after.open_blob(&cpni_support::operator(), &a, &media).await.is_err());

    let (_kept, from_before) = restored(&before, old_kek()).await.unwrap();
    assert!(opens(&from_before, &a).await, "expected: an older backup under the same KEK still opens");
    let voicemail =
        from_before.open_blob(&cpni_support::operator(), &a, &media).await.unwrap().read_to_end().await.unwrap();
    assert_eq!(voicemail.len(), 4_000);

    store.rewrap_data_keys(&old_kek(), &new_kek()).await.unwrap();
    let refused = restored(&before, new_kek()).await.expect_err("the new KEK restored an older backup");
    assert!(matches!(refused, StoreError::WrongKek { .. } | StoreError::DataKeyUnwrap { .. }), "{refused}");
    let rotated = backups.path().join("rotated.tar");
    store.backup_to(&rotated).await.unwrap();
    let (_kept, from_rotated) = restored(&rotated, new_kek()).await.unwrap();
    assert!(!opens(&from_rotated, &a).await && opens(&from_rotated, &b).await);
}
