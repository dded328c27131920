//! The export's audit log (issue 3 item 4): re-built record by record
//! through [`Store::append_audit`](crate::Store::append_audit), so it is a
//! new valid hash chain, ended by a checkpoint signed with the new data
//! folder's own checkpoint key (wrapped under its new KEK). Times, actions, purposes (the gate's
//! fixed purpose names) and decisions are kept; actors and targets become
//! tokens (a target that is a tenant id becomes the export's id of that
//! tenant), sources documentation addresses.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::Export;
use crate::id::now_ms;
use crate::{AuditDecision, AuditRecord, StoreError};

/// Records read per query.
const PAGE: i64 = 1000;

impl Export {
    pub(super) async fn copy_audit_log(&mut self) -> Result<(), StoreError> {
        let mut after = i64::MIN;
        loop {
            let rows = sqlx::query(
                "SELECT seq, at_ms, actor, action, target, purpose, decision, source \
                 FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
            )
            .bind(after)
            .bind(PAGE)
            .fetch_all(&self.source.pool)
            .await?;
            let Some(last) = rows.last() else { break };
            after = last.try_get("seq")?;
            for row in &rows {
                let record = self.copy_record(row)?;
                self.target.append_audit(&record).await?;
                self.report.audit_records += 1;
            }
        }
        if self.report.audit_records > 0 {
            self.target.checkpoint_audit(now_ms()).await?;
        }
        Ok(())
    }

    fn copy_record(&mut self, row: &AnyRow) -> Result<AuditRecord, StoreError> {
        let decision = match row.try_get::<String, _>("decision")?.as_str() {
            "allow" => AuditDecision::Allow,
            "deny" => AuditDecision::Deny,
            _ => return Err(StoreError::Corrupt("audit decision")),
        };
        let target: String = row.try_get("target")?;
        let source: String = row.try_get("source")?;
        Ok(AuditRecord {
            at_ms: row.try_get("at_ms")?,
            actor: self.names.token("actor", &row.try_get::<String, _>("actor")?),
            action: row.try_get("action")?,
            target: self.target_token(&target),
            purpose: row.try_get("purpose")?,
            decision,
            source: if source.is_empty() { source } else { self.names.address(&source) },
        })
    }

    /// A tenant id as the export's id of that tenant, anything else a token.
    fn target_token(&mut self, target: &str) -> String {
        let tenant = self.tenants.iter().find(|(old, _)| old.0 == target);
        match tenant {
            Some((_, copy)) => copy.id.0.clone(),
            None => self.names.token("target", target),
        }
    }
}
