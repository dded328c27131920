//! Fixtures shared by the audit log's tests: records, a filled log, and the
//! attacker's raw SQL connection to the database file.

#![allow(dead_code, unreachable_pub)]

use std::num::NonZeroU32;
use std::path::Path;

use sqlx::SqlitePool;
use sqlx::sqlite::SqliteConnectOptions;
use store::{AuditDecision, AuditEntry, AuditRecord, DATABASE_FILE, Store};

/// The `i`th test record.
pub fn record(i: usize) -> AuditRecord {
    AuditRecord {
        at_ms: 1_700_000_000_000 + i as i64,
        actor: format!("user-{}", i % 3),
        action: "cdr.read".into(),
        target: format!("customer-{i}"),
        purpose: "billing".into(),
        decision: if i.is_multiple_of(4) { AuditDecision::Deny } else { AuditDecision::Allow },
        source: "192.0.2.7".into(),
    }
}

/// A store in `dir` with a checkpoint every `every` records and `count` records appended.
pub async fn filled(dir: &Path, every: u32, count: usize) -> (Store, Vec<AuditEntry>) {
    let store = Store::open(dir).await.unwrap();
    store.set_audit_checkpoint_every(NonZeroU32::new(every).unwrap()).await.unwrap();
    let mut entries = Vec::new();
    for i in 1..=count {
        entries.push(store.append_audit(&record(i)).await.unwrap());
    }
    (store, entries)
}

/// A raw connection to the database, as someone holding the file has.
pub async fn attacker(dir: &Path) -> SqlitePool {
    let options = SqliteConnectOptions::new().filename(dir.join(DATABASE_FILE));
    SqlitePool::connect_with(options).await.unwrap()
}

/// Drops the append-only triggers, as an attacker would first.
pub async fn drop_triggers(db: &SqlitePool) {
    sqlx::raw_sql(
        "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; \
         DROP TRIGGER audit_checkpoints_no_update; DROP TRIGGER audit_checkpoints_no_delete;",
    )
    .execute(db)
    .await
    .unwrap();
}

/// Runs one statement as the attacker.
pub async fn exec(db: &SqlitePool, sql: &'static str) {
    sqlx::query(sql).execute(db).await.unwrap();
}
