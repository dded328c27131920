//! A KEK rotation re-wraps the audit checkpoint key with the data keys:
//! afterwards the log's checkpoints verify under the new KEK alone, a
//! forged checkpoint is still caught, and the old KEK no longer opens the key.

#[macro_use]
mod backends;

use backends::DataDir;
use store::{AuditProblem, StoreError};

mod audit_support;
mod crypto_support;

async fn checkpoints_verify_under_the_new_kek(dir: DataDir) {
    let (old, new) = (crypto_support::kek(1), crypto_support::kek(2));
    let store = dir.open_with_kek(old.clone()).await.unwrap();
    crypto_support::two_tenants(&store).await;
    store.set_audit_checkpoint_every(std::num::NonZeroU32::new(4).unwrap()).await.unwrap();
    let mut entries = Vec::new();
    for i in 1..=9 {
        entries.push(store.append_audit(&audit_support::record(i)).await.unwrap());
    }

    let rewrapped = store.rewrap_keys(&old, &new).await.unwrap();
    assert_eq!((rewrapped.data_keys, rewrapped.audit_keys), (3, 1), "{rewrapped:?}");
    store.close().await;

    let store = dir.open_with_kek(new.clone()).await.unwrap();
    let report = store.verify_audit().await.unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!((report.records, report.checkpoints), (9, 2));
    assert_eq!(store.rewrap_keys(&old, &new).await.unwrap().audit_keys, 0, "a second run has nothing left to do");

    let db = audit_support::attacker(&dir).await;
    audit_support::plant_forged_checkpoint(&db, &entries[4]).await;
    let report = store.verify_audit().await.unwrap();
    assert_eq!(report.problem, Some(AuditProblem::ForgedCheckpoint { seq: 5 }));
    store.close().await;

    let stale = dir.open_with_kek(old).await.unwrap().verify_audit().await;
    assert!(matches!(stale, Err(StoreError::AuditKeyWrongKek { .. })), "{stale:?}");
}

on_both_backends!(checkpoints_verify_under_the_new_kek);
