//! Opt-out mechanism failures, stored (issue 7 item 6; 47 CFR 64.2009(f),
//! R15; `cpni_optout_failures`, migration 81): opened once after
//! `compliance::records::opt_out_failure::OptOutFailureIncident::validate`
//! shows it can become a complete letter; the record is sealed whole under
//! the platform's data key; nothing is edited; opening is audited
//! (`optout_failure.open`). The letter's filing with the Commission is
//! recorded once (`cpni_optout_failure_filings`, migration 85; audited
//! `optout_failure.filed`), not before discovery, and closes its clock.

use compliance::calendar::BusinessCalendar;
use compliance::records::opt_out_failure::OptOutFailureIncident;
use jiff::Timestamp;
use jiff::civil::Date;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::sealed_text::{parse_date, parse_ms};
use crate::id::new_id;
use crate::{Store, StoreError};

const TABLE: &str = "cpni_optout_failures";
const FILINGS: &str = "cpni_optout_failure_filings";

/// The filing of a failure's letter with the Commission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterFiled {
    /// The day it was filed.
    pub on: Date,
    /// Its reference (ECFS confirmation, letter number).
    pub reference: String,
}

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
    /// The letter's filing, once recorded.
    pub filed: Option<LetterFiled>,
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

    /// Records that the letter of failure `id` was filed on `filed.on`
    /// (once; not before the failure's discovery); the updated record.
    pub async fn record_optout_letter_filed(
        &self,
        id: &str,
        filed: &LetterFiled,
        by: &str,
        now: Timestamp,
    ) -> Result<StoredOptOutFailure, StoreError> {
        let mut stored = self.optout_failure(id).await?.ok_or(StoreError::UnknownRecord("opt-out failure"))?;
        compliance::purpose::check_reference("filing reference", &filed.reference)?;
        if stored.filed.is_some() {
            return Err(compliance::Error::AlreadyRecorded { what: "the letter's filing" }.into());
        }
        let discovered = stored.incident.discovered;
        if filed.on < discovered {
            let (earlier_name, later_name) = ("discovered", "filed");
            return Err(compliance::Error::DatesOutOfOrder {
                earlier_name,
                earlier: discovered,
                later_name,
                later: filed.on,
            }
            .into());
        }
        let sealed = self.seal_platform_text(FILINGS, "reference", id, &filed.reference).await?;
        sqlx::query(
            "INSERT INTO cpni_optout_failure_filings (failure_id, filed_on, reference_sealed, recorded_ms, recorded_by) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(filed.on.to_string())
        .bind(sealed)
        .bind(now.as_millisecond())
        .bind(by)
        .execute(&self.pool)
        .await?;
        self.audit_record_change(by, "optout_failure.filed", id, "47 CFR 64.2009(f)".into(), now).await?;
        stored.filed = Some(filed.clone());
        Ok(stored)
    }

    async fn optout_letter_filed(&self, id: &str) -> Result<Option<LetterFiled>, StoreError> {
        let sql = "SELECT filed_on, reference_sealed FROM cpni_optout_failure_filings WHERE failure_id = $1";
        let Some(row) = sqlx::query(sql).bind(id).fetch_optional(&self.pool).await? else { return Ok(None) };
        let reference = self.open_platform_text(FILINGS, "reference", id, row.try_get("reference_sealed")?).await?;
        Ok(Some(LetterFiled { on: parse_date(row.try_get("filed_on")?)?, reference }))
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
        let filed = self.optout_letter_filed(&id).await?;
        Ok(StoredOptOutFailure { id, incident, opened_at, opened_by, filed })
    }
}
