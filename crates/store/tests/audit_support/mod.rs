//! Fixtures shared by the audit log's tests: records, a filled log, and the
//! attacker's raw SQL connection to the database (file or server), on
//! either backend.

#![allow(dead_code, unreachable_pub)]

use std::num::NonZeroU32;

use sqlx::AnyPool;
use store::{AuditDecision, AuditEntry, AuditRecord, Backend, Store};

use crate::backends::DataDir;

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
pub async fn filled(dir: &DataDir, every: u32, count: usize) -> (Store, Vec<AuditEntry>) {
    let store = dir.open().await;
    store.set_audit_checkpoint_every(NonZeroU32::new(every).unwrap()).await.unwrap();
    let mut entries = Vec::new();
    for i in 1..=count {
        entries.push(store.append_audit(&record(i)).await.unwrap());
    }
    (store, entries)
}

/// Someone with raw SQL access to the database.
pub struct Attacker {
    pub pool: AnyPool,
    backend: Backend,
}

/// A raw connection to the database, as someone holding the file (or the
/// database credentials) has.
pub async fn attacker(dir: &DataDir) -> Attacker {
    Attacker { pool: dir.raw().await, backend: dir.backend() }
}

/// Drops the append-only triggers, as an attacker would first.
pub async fn drop_triggers(db: &Attacker) {
    let sql = match db.backend {
        Backend::Sqlite => {
            "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; \
             DROP TRIGGER audit_checkpoints_no_update; DROP TRIGGER audit_checkpoints_no_delete;"
        }
        _ => {
            "DROP TRIGGER audit_log_no_update ON audit_log; DROP TRIGGER audit_log_no_delete ON audit_log; \
             DROP TRIGGER audit_checkpoints_no_update ON audit_checkpoints; \
             DROP TRIGGER audit_checkpoints_no_delete ON audit_checkpoints;"
        }
    };
    sqlx::raw_sql(sql).execute(&db.pool).await.unwrap();
}

/// Runs one statement as the attacker.
pub async fn exec(db: &Attacker, sql: &'static str) {
    sqlx::query(sql).execute(&db.pool).await.unwrap();
}

/// Plants a checkpoint of `entry` with a signature of zeros, as someone
/// without the checkpoint key would.
pub async fn plant_forged_checkpoint(db: &Attacker, entry: &AuditEntry) {
    sqlx::query("INSERT INTO audit_checkpoints (seq, hash, at_ms, signature) VALUES ($1, $2, 0, $3)")
        .bind(entry.seq)
        .bind(&entry.hash[..])
        .bind(vec![0u8; 32])
        .execute(&db.pool)
        .await
        .unwrap();
}
