//! A tail rewritten into a fully consistent chain (records deleted, the tail
//! counter reset, altered records re-chained with correct hashes) is
//! caught by the signed checkpoint it cannot re-sign.

#[macro_use]
mod backends;

use backends::DataDir;
use store::{AuditDecision, AuditProblem};

mod audit_support;

async fn a_consistently_rewritten_tail_is_named_at_its_checkpoint(dir: DataDir) {
    let (store, _) = audit_support::filled(&dir, 10, 12).await;
    store.close().await;
    let db = audit_support::attacker(&dir).await;
    audit_support::drop_triggers(&db).await;
    audit_support::exec(&db, "DELETE FROM audit_log WHERE seq >= 7").await;
    audit_support::exec(&db, "UPDATE audit_tail SET seq = 6").await;

    let store = dir.open().await;
    for i in 7..=12 {
        let record = audit_support::record(i);
        store.append_audit(&store::AuditRecord { decision: AuditDecision::Allow, ..record }).await.unwrap();
    }

    let report = store.verify_audit().await.unwrap();
    assert_eq!(report.problem, Some(AuditProblem::Rewritten { seq: 10 }));
    assert_eq!(report.records, 9);
}

on_both_backends!(a_consistently_rewritten_tail_is_named_at_its_checkpoint);
