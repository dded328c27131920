//! Two records that swap places (their seq numbers exchanged) are caught:
//! the first of them no longer chains onto the record before it.

#[macro_use]
mod backends;

use backends::DataDir;
use store::AuditProblem;

mod audit_support;

async fn swapped_records_are_named(dir: DataDir) {
    let (store, _) = audit_support::filled(&dir, 1000, 10).await;
    let db = audit_support::attacker(&dir).await;
    audit_support::drop_triggers(&db).await;

    audit_support::exec(&db, "UPDATE audit_log SET seq = -1 WHERE seq = 4").await;
    audit_support::exec(&db, "UPDATE audit_log SET seq = 4 WHERE seq = 5").await;
    audit_support::exec(&db, "UPDATE audit_log SET seq = 5 WHERE seq = -1").await;

    let report = store.verify_audit().await.unwrap();
    assert_eq!(report.problem, Some(AuditProblem::Reordered { seq: 4 }));
    assert_eq!(report.records, 3);
}

async fn a_record_relinked_to_another_predecessor_is_named(dir: DataDir) {
    let (store, _) = audit_support::filled(&dir, 1000, 10).await;
    let db = audit_support::attacker(&dir).await;
    audit_support::drop_triggers(&db).await;

    audit_support::exec(
        &db,
        "UPDATE audit_log SET prev_hash = (SELECT hash FROM audit_log WHERE seq = 2) WHERE seq = 8",
    )
    .await;

    let report = store.verify_audit().await.unwrap();
    assert_eq!(report.problem, Some(AuditProblem::Reordered { seq: 8 }));
}

on_both_backends!(swapped_records_are_named, a_record_relinked_to_another_predecessor_is_named);
