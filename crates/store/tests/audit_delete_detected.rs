//! A record deleted from the middle (or the start) of the log is caught and
//! named by the gap it leaves.

#[macro_use]
mod backends;

use backends::DataDir;
use store::AuditProblem;

mod audit_support;

async fn a_deleted_middle_record_is_named(dir: DataDir) {
    let (store, _) = audit_support::filled(&dir, 1000, 10).await;
    let db = audit_support::attacker(&dir).await;
    audit_support::drop_triggers(&db).await;

    audit_support::exec(&db, "DELETE FROM audit_log WHERE seq = 5").await;

    let report = store.verify_audit().await.unwrap();
    assert_eq!(report.problem, Some(AuditProblem::Deleted { seq: 5 }));
    assert_eq!(report.records, 4);
}

async fn a_deleted_first_record_is_named(dir: DataDir) {
    let (store, _) = audit_support::filled(&dir, 1000, 10).await;
    let db = audit_support::attacker(&dir).await;
    audit_support::drop_triggers(&db).await;

    audit_support::exec(&db, "DELETE FROM audit_log WHERE seq = 1").await;

    let report = store.verify_audit().await.unwrap();
    assert_eq!(report.problem, Some(AuditProblem::Deleted { seq: 1 }));
}

async fn a_deletion_closed_up_by_renumbering_is_still_named(dir: DataDir) {
    let (store, _) = audit_support::filled(&dir, 1000, 10).await;
    let db = audit_support::attacker(&dir).await;
    audit_support::drop_triggers(&db).await;

    audit_support::exec(&db, "DELETE FROM audit_log WHERE seq = 5").await;
    audit_support::exec(&db, "UPDATE audit_log SET seq = seq - 1 WHERE seq > 5").await;

    let report = store.verify_audit().await.unwrap();
    assert_eq!(report.problem, Some(AuditProblem::Reordered { seq: 5 }));
}

on_both_backends!(
    a_deleted_middle_record_is_named,
    a_deleted_first_record_is_named,
    a_deletion_closed_up_by_renumbering_is_still_named
);
