//! Opt-out mechanism failures, stored (issue 7 item 6; 47 CFR 64.2009(f),
//! R15; `cpni_optout_failures`, migration 81): opened once after
//! `compliance::records::opt_out_failure::OptOutFailureIncident::validate`
//! shows it can become a complete letter; the record is sealed whole under
//! the platform's data key; nothing is edited; opening is audited
//! (`optout_failure.open`).

use compliance::calendar::BusinessCalendar;
use compliance::records::opt_out_failure::OptOutFailureIncident;
use jiff::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::sealed_text::parse_ms;
use crate::id::new_id;
use crate::{Store, StoreError};

const TABLE: &str = "cpni_optout_failures";

/// An opt-out failure as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredOptOutFailure {
    /// Its id.
    pub id: String,
    /// The record.
    pub incident: OptOutFailureIncident,
    /// When it was opened.
    pub opened_at: Timestamp,
    /// Who opened it.
    pub opened_by: String,
}

impl Store {
    /// Records an opt-out failure of `carrier_name` after checking that its
    /// letter can be drafted; its id.
    pub async fn open_optout_failure(
        &self,
        incident: &OptOutFailureIncident,
        calendar: &BusinessCalendar,
        carrier_name: &str,
        by: &str,
        now: Timestamp,
    ) -> Result<String, StoreError> {
        incident.validate(calendar, carrier_name)?;
        let id = new_id();
        let sealed = self.seal_platform_text(TABLE, "record", &id, &serde_json::to_string(incident)?).await?;
        sqlx::query(
            "INSERT INTO cpni_optout_failures (id, discovered_on, record_sealed, opened_ms, opened_by) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(incident.discovered.to_string())
        .bind(sealed)
        .bind(now.as_millisecond())
        .bind(by)
        .execute(&self.pool)
        .await?;
        self.audit_record_change(by, "optout_failure.open", &id, "47 CFR 64.2009(f)".into(), now).await?;
        Ok(id)
    }

    /// The opt-out failure with this id.
    pub async fn optout_failure(&self, id: &str) -> Result<Option<StoredOptOutFailure>, StoreError> {
        let sql = "SELECT id, record_sealed, opened_ms, opened_by FROM cpni_optout_failures WHERE id = $1";
        let row = sqlx::query(sql).bind(id).fetch_optional(&self.pool).await?;
        match row {
            Some(row) => Ok(Some(self.optout_failure_from_row(&row).await?)),
            None => Ok(None),
        }
    }

    /// Every opt-out failure, oldest discovery first.
    pub async fn optout_failures(&self) -> Result<Vec<StoredOptOutFailure>, StoreError> {
        let sql = "SELECT id, record_sealed, opened_ms, opened_by FROM cpni_optout_failures \
                   ORDER BY discovered_on, opened_ms, id";
        let rows = sqlx::query(sql).fetch_all(&self.pool).await?;
        let mut all = Vec::with_capacity(rows.len());
        for row in &rows {
            all.push(self.optout_failure_from_row(row).await?);
        }
        Ok(all)
    }

    async fn optout_failure_from_row(&self, row: &AnyRow) -> Result<StoredOptOutFailure, StoreError> {
        let id: String = row.try_get("id")?;
        let text = self.open_platform_text(TABLE, "record", &id, row.try_get("record_sealed")?).await?;
        let incident = serde_json::from_str(&text).map_err(|_| StoreError::Corrupt("opt-out failure record"))?;
        let (opened_at, opened_by) = (parse_ms(row.try_get("opened_ms")?)?, row.try_get("opened_by")?);
        Ok(StoredOptOutFailure { id, incident, opened_at, opened_by })
    }
}
