//! A record edited in place with SQL (after dropping the trigger, as an
//! attacker would) is caught and named.

#[macro_use]
mod backends;

use backends::DataDir;
use store::AuditProblem;

mod audit_support;

async fn an_edited_purpose_is_named(dir: DataDir) {
    let (store, _) = audit_support::filled(&dir, 1000, 10).await;
    let db = audit_support::attacker(&dir).await;
    audit_support::drop_triggers(&db).await;

    audit_support::exec(&db, "UPDATE audit_log SET purpose = 'marketing' WHERE seq = 7").await;

    let report = store.verify_audit().await.unwrap();
    assert_eq!(report.problem, Some(AuditProblem::Edited { seq: 7 }));
    assert_eq!(report.records, 6);
}

async fn a_denial_turned_into_an_allow_is_named(dir: DataDir) {
    let (store, entries) = audit_support::filled(&dir, 1000, 10).await;
    assert_eq!(entries[3].record.decision.as_str(), "deny");
    let db = audit_support::attacker(&dir).await;
    audit_support::drop_triggers(&db).await;

    audit_support::exec(&db, "UPDATE audit_log SET decision = 'allow' WHERE seq = 4").await;

    let report = store.verify_audit().await.unwrap();
    assert_eq!(report.problem, Some(AuditProblem::Edited { seq: 4 }));
    assert_eq!(report.problem.unwrap().to_string(), "record 4 was edited: its hash does not match its contents");
}

async fn an_edited_time_is_named(dir: DataDir) {
    let (store, _) = audit_support::filled(&dir, 1000, 10).await;
    let db = audit_support::attacker(&dir).await;
    audit_support::drop_triggers(&db).await;

    audit_support::exec(&db, "UPDATE audit_log SET at_ms = at_ms + 1 WHERE seq = 10").await;

    let report = store.verify_audit().await.unwrap();
    assert_eq!(report.problem, Some(AuditProblem::Edited { seq: 10 }));
}

on_both_backends!(an_edited_purpose_is_named, a_denial_turned_into_an_allow_is_named, an_edited_time_is_named);
