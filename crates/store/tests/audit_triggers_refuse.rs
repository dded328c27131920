//! The first line of defence: triggers refuse UPDATE and DELETE on the log
//! and its checkpoints (and, on PostgreSQL, TRUNCATE, which SQLite lacks),
//! and the refused statements change nothing.

#[macro_use]
mod backends;

use backends::DataDir;
use store::Backend;

mod audit_support;

async fn refused(db: &audit_support::Attacker, sql: &'static str) {
    let err = sqlx::query(sql).execute(&db.pool).await.expect_err(sql);
    assert!(err.to_string().contains("append-only"), "{sql}: {err}");
}

async fn updates_and_deletes_are_refused(dir: DataDir) {
    let (store, _) = audit_support::filled(&dir, 5, 5).await;
    let db = audit_support::attacker(&dir).await;

    refused(&db, "UPDATE audit_log SET purpose = 'x' WHERE seq = 2").await;
    refused(&db, "DELETE FROM audit_log WHERE seq = 5").await;
    refused(&db, "UPDATE audit_checkpoints SET at_ms = 0").await;
    refused(&db, "DELETE FROM audit_checkpoints").await;
    if dir.backend() == Backend::Postgres {
        refused(&db, "TRUNCATE audit_log").await;
        refused(&db, "TRUNCATE audit_checkpoints").await;
    }

    let report = store.verify_audit().await.unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!((report.records, report.checkpoints), (5, 1));
}

on_both_backends!(updates_and_deletes_are_refused);
