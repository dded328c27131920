//! A checkpoint not signed with the checkpoint key is caught, whether it is
//! made up, altered, or planted to cover a truncated tail.

#[macro_use]
mod backends;

use backends::DataDir;
use store::AuditProblem;

mod audit_support;

async fn a_made_up_checkpoint_is_named(dir: DataDir) {
    let (store, entries) = audit_support::filled(&dir, 10, 12).await;
    let db = audit_support::attacker(&dir).await;

    audit_support::plant_forged_checkpoint(&db, &entries[4]).await;

    let report = store.verify_audit().await.unwrap();
    assert_eq!(report.problem, Some(AuditProblem::ForgedCheckpoint { seq: 5 }));
}

async fn an_altered_checkpoint_is_named(dir: DataDir) {
    let (store, _) = audit_support::filled(&dir, 10, 12).await;
    let db = audit_support::attacker(&dir).await;
    audit_support::drop_triggers(&db).await;

    audit_support::exec(&db, "UPDATE audit_checkpoints SET at_ms = at_ms + 1 WHERE seq = 10").await;

    let report = store.verify_audit().await.unwrap();
    assert_eq!(report.problem, Some(AuditProblem::ForgedCheckpoint { seq: 10 }));
}

async fn a_checkpoint_moved_down_to_hide_a_truncation_is_named(dir: DataDir) {
    let (store, _) = audit_support::filled(&dir, 10, 25).await;
    let db = audit_support::attacker(&dir).await;
    audit_support::drop_triggers(&db).await;

    audit_support::exec(&db, "DELETE FROM audit_log WHERE seq > 15").await;
    audit_support::exec(&db, "DELETE FROM audit_checkpoints WHERE seq = 10").await;
    audit_support::exec(
        &db,
        "UPDATE audit_checkpoints SET seq = 15, hash = (SELECT hash FROM audit_log WHERE seq = 15) WHERE seq = 20",
    )
    .await;

    let report = store.verify_audit().await.unwrap();
    assert_eq!(report.problem, Some(AuditProblem::ForgedCheckpoint { seq: 15 }));
}

on_both_backends!(
    a_made_up_checkpoint_is_named,
    an_altered_checkpoint_is_named,
    a_checkpoint_moved_down_to_hide_a_truncation_is_named
);
