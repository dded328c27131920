//! Customer approvals of CPNI use, stored (issue 7 item 2; 47 CFR 64.2007,
//! 64.2008): an append-only history per customer (`cpni_approvals`,
//! migration 40), each record checked by `compliance::ApprovalRecord::validate`
//! before it is written, its evidence reference sealed under the customer's
//! data key. Every record is also audited (`consent.record`).

use compliance::{ApprovalAction, ApprovalRecord, ApprovalScope, Method};
use jiff::Timestamp;
use jiff::civil::Date;
use model::TenantId;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::crypto::Aad;
use crate::id::new_id;
use crate::{AuditDecision, AuditRecord, Store, StoreError};

const TABLE: &str = "cpni_approvals";
const EVIDENCE: &str = "evidence";

impl Store {
    /// Appends `record` to `customer`'s approval history after checking it.
    pub async fn record_approval(&self, customer: &TenantId, record: &ApprovalRecord) -> Result<(), StoreError> {
        record.validate()?;
        self.customer_path(customer).await?;
        let id = new_id();
        let sealed = self.keyring.seal(customer, record.evidence.as_bytes(), &Aad::new(TABLE, EVIDENCE, &id)).await?;
        let mut tx = self.pool.begin().await?;
        let seq: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM cpni_approvals WHERE tenant_id = $1")
            .bind(&customer.0)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO cpni_approvals (id, tenant_id, seq, scope, action, method, evidence_sealed, notified_on, \
             effective_on, recorded_ms, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&id)
        .bind(&customer.0)
        .bind(seq)
        .bind(record.scope.code())
        .bind(record.action.code())
        .bind(record.method.code())
        .bind(sealed)
        .bind(record.notified_on.map(|date| date.to_string()))
        .bind(record.effective_on.to_string())
        .bind(record.recorded_at.as_millisecond())
        .bind(&record.recorded_by)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.append_audit(&consent_record(customer, record)).await.map(|_| ())
    }

    /// `customer`'s approval history, in the order it was recorded.
    pub async fn approval_history(&self, customer: &TenantId) -> Result<Vec<ApprovalRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, scope, action, method, evidence_sealed, notified_on, effective_on, recorded_ms, recorded_by \
             FROM cpni_approvals WHERE tenant_id = $1 ORDER BY seq",
        )
        .bind(&customer.0)
        .fetch_all(&self.pool)
        .await?;
        let mut history = Vec::with_capacity(rows.len());
        for row in &rows {
            history.push(self.approval_from_row(customer, row).await?);
        }
        Ok(history)
    }

    async fn approval_from_row(&self, customer: &TenantId, row: &AnyRow) -> Result<ApprovalRecord, StoreError> {
        let id: String = row.try_get("id")?;
        let sealed: Vec<u8> = row.try_get("evidence_sealed")?;
        let evidence = self.keyring.open(customer, &sealed, &Aad::new(TABLE, EVIDENCE, &id)).await?;
        let notified: Option<String> = row.try_get("notified_on")?;
        Ok(ApprovalRecord {
            scope: ApprovalScope::parse(row.try_get("scope")?)?,
            action: ApprovalAction::parse(row.try_get("action")?)?,
            method: Method::parse(row.try_get("method")?)?,
            evidence: String::from_utf8(evidence.to_vec()).map_err(|_| StoreError::Corrupt("approval evidence"))?,
            notified_on: notified.as_deref().map(parse_date).transpose()?,
            effective_on: parse_date(row.try_get("effective_on")?)?,
            recorded_at: Timestamp::from_millisecond(row.try_get("recorded_ms")?)
                .map_err(|_| StoreError::Corrupt("approval time"))?,
            recorded_by: row.try_get("recorded_by")?,
        })
    }
}

fn parse_date(text: &str) -> Result<Date, StoreError> {
    text.parse().map_err(|_| StoreError::Corrupt("approval date"))
}

/// The audit record of a consent change: ids and codes only.
fn consent_record(customer: &TenantId, record: &ApprovalRecord) -> AuditRecord {
    AuditRecord {
        at_ms: record.recorded_at.as_millisecond(),
        actor: record.recorded_by.clone(),
        action: "consent.record".into(),
        target: customer.0.clone(),
        purpose: format!("{} {} {}", record.scope.code(), record.action.code(), record.method.code()),
        decision: AuditDecision::Allow,
        source: "store".into(),
    }
}
