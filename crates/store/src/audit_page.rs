//! Reading the audit log back a page at a time, newest first, for the
//! portal's audit log viewer (issue 6 item 2; 47 CFR 64.2009(c) records of
//! access to CPNI). Filters match the actor and the action exactly, and the
//! target by prefix (a tenant's records name it first). Reading the log
//! is not itself CPNI: the records name ids, never numbers.

use sqlx::Row;

use crate::{AuditDecision, AuditRecord, Store, StoreError};

/// Which audit records a page wants.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Exactly this actor.
    pub actor: Option<String>,
    /// Exactly this action, e.g. `cdr.read`.
    pub action: Option<String>,
    /// Targets that start with this (a tenant id).
    pub target_prefix: Option<String>,
}

impl Store {
    /// Up to `limit` records matching `filter` before sequence number
    /// `before_seq` (from the newest if `None`), newest first, with their
    /// sequence numbers: pass the last one back for the next page.
    pub async fn audit_page(
        &self,
        filter: &AuditFilter,
        before_seq: Option<i64>,
        limit: u32,
    ) -> Result<Vec<(i64, AuditRecord)>, StoreError> {
        self.flush_audit().await?;
        let rows = sqlx::query(
            "SELECT seq, at_ms, actor, action, target, purpose, decision, source FROM audit_log \
             WHERE seq < $1 AND ($2 = '' OR actor = $2) AND ($3 = '' OR action = $3) \
             AND ($4 = '' OR substr(target, 1, length($4)) = $4) ORDER BY seq DESC LIMIT $5",
        )
        .bind(before_seq.unwrap_or(i64::MAX))
        .bind(filter.actor.clone().unwrap_or_default())
        .bind(filter.action.clone().unwrap_or_default())
        .bind(filter.target_prefix.clone().unwrap_or_default())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(record_from_row).collect()
    }
}

fn record_from_row(row: &sqlx::any::AnyRow) -> Result<(i64, AuditRecord), StoreError> {
    let decision = match row.try_get::<String, _>("decision")?.as_str() {
        "allow" => AuditDecision::Allow,
        "deny" => AuditDecision::Deny,
        _ => return Err(StoreError::Corrupt("audit decision")),
    };
    let record = AuditRecord {
        at_ms: row.try_get("at_ms")?,
        actor: row.try_get("actor")?,
        action: row.try_get("action")?,
        target: row.try_get("target")?,
        purpose: row.try_get("purpose")?,
        decision,
        source: row.try_get("source")?,
    };
    Ok((row.try_get("seq")?, record))
}
