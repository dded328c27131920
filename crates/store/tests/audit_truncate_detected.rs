//! Truncating the tail is caught when a checkpoint covers a removed record;
//! records appended after the last checkpoint can be dropped unseen — the
//! documented limit, pinned here so that it stays documented.

#[macro_use]
mod backends;

use backends::DataDir;
use store::AuditProblem;

mod audit_support;

async fn a_tail_cut_below_a_checkpoint_is_named(dir: DataDir) {
    let (store, _) = audit_support::filled(&dir, 10, 25).await;
    let db = audit_support::attacker(&dir).await;
    audit_support::drop_triggers(&db).await;

    audit_support::exec(&db, "DELETE FROM audit_log WHERE seq > 15").await;

    let report = store.verify_audit().await.unwrap();
    assert_eq!(report.problem, Some(AuditProblem::Truncated { seq: 20 }));
    assert_eq!(report.records, 15);
}

async fn an_on_demand_checkpoint_protects_the_whole_tail(dir: DataDir) {
    let (store, _) = audit_support::filled(&dir, 10, 25).await;
    store.checkpoint_audit(0).await.unwrap();
    let db = audit_support::attacker(&dir).await;
    audit_support::drop_triggers(&db).await;

    audit_support::exec(&db, "DELETE FROM audit_log WHERE seq = 25").await;

    let report = store.verify_audit().await.unwrap();
    assert_eq!(report.problem, Some(AuditProblem::Truncated { seq: 25 }));
}

async fn records_after_the_last_checkpoint_can_vanish_unseen(dir: DataDir) {
    let (store, _) = audit_support::filled(&dir, 10, 25).await;
    let db = audit_support::attacker(&dir).await;
    audit_support::drop_triggers(&db).await;

    audit_support::exec(&db, "DELETE FROM audit_log WHERE seq > 20").await;

    let report = store.verify_audit().await.unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(report.records, 20);
}

on_both_backends!(
    a_tail_cut_below_a_checkpoint_is_named,
    an_on_demand_checkpoint_protects_the_whole_tail,
    records_after_the_last_checkpoint_can_vanish_unseen
);
