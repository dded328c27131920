//! Appended records chain onto each other, checkpoints are taken every N
//! records and on demand, and an untouched log verifies — also after a
//! restart.

#[macro_use]
mod backends;

use backends::DataDir;
use store::AuditEntry;

mod audit_support;

async fn an_untouched_log_verifies_with_its_checkpoints(dir: DataDir) {
    let (store, entries) = audit_support::filled(&dir, 10, 25).await;

    assert_eq!(entries.iter().map(|e| e.seq).collect::<Vec<_>>(), (1..=25).collect::<Vec<_>>());
    assert_eq!(entries[0].prev_hash, [0; 32]);
    assert!(entries.windows(2).all(|w| w[1].prev_hash == w[0].hash));
    let report = store.verify_audit().await.unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!((report.records, report.checkpoints), (25, 2));
}

async fn an_on_demand_checkpoint_covers_the_tail(dir: DataDir) {
    let (store, entries) = audit_support::filled(&dir, 10, 13).await;

    let checkpoint = store.checkpoint_audit(42).await.unwrap().unwrap();

    assert_eq!((checkpoint.seq, checkpoint.hash), (13, entries[12].hash));
    let report = store.verify_audit().await.unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!((report.records, report.checkpoints), (13, 2));
}

async fn an_empty_log_verifies_and_has_nothing_to_checkpoint(dir: DataDir) {
    let store = dir.open().await;

    assert_eq!(store.checkpoint_audit(1).await.unwrap(), None);
    let report = store.verify_audit().await.unwrap();
    assert!(report.is_ok());
    assert_eq!((report.records, report.checkpoints), (0, 0));
}

async fn the_chain_continues_across_a_restart(dir: DataDir) {
    let (store, entries) = audit_support::filled(&dir, 1000, 3).await;
    store.close().await;

    let store = dir.open().await;
    let next: AuditEntry = store.append_audit(&audit_support::record(4)).await.unwrap();

    assert_eq!((next.seq, next.prev_hash), (4, entries[2].hash));
    let report = store.verify_audit().await.unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(report.records, 4);
}

on_both_backends!(
    an_untouched_log_verifies_with_its_checkpoints,
    an_on_demand_checkpoint_covers_the_tail,
    an_empty_log_verifies_and_has_nothing_to_checkpoint,
    the_chain_continues_across_a_restart
);
