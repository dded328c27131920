//! The carrier's compliance records, stored (issue 7 item 7; 47 CFR
//! 64.2009(b), (e); R11, R26; `cpni_records`, migration 82): each checked by
//! `compliance::records::kept::ComplianceRecord::validate`, its details
//! sealed under the platform's data key, appended (never edited) and
//! audited (`record.add`, with the kind only). The retention job deletes
//! them after their kind's period (`retention/compliance_records.rs`).

use compliance::records::kept::{ComplianceRecord, RecordKind};
use jiff::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::sealed_text::{parse_date, parse_ms};
use crate::id::new_id;
use crate::{Store, StoreError};

const TABLE: &str = "cpni_records";
const COLUMNS: &str = "id, kind, on_date, ends_on, category, details_sealed, recorded_ms, recorded_by";

/// A compliance record as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRecord {
    /// Its id.
    pub id: String,
    /// The record.
    pub record: ComplianceRecord,
    /// When it was recorded.
    pub recorded_at: Timestamp,
    /// Who recorded it.
    pub recorded_by: String,
}

impl Store {
    /// Appends `record` after checking it; its id.
    pub async fn add_compliance_record(
        &self,
        record: &ComplianceRecord,
        by: &str,
        now: Timestamp,
    ) -> Result<String, StoreError> {
        record.validate()?;
        let id = new_id();
        let details = self.seal_platform_text(TABLE, "details", &id, &record.details).await?;
        sqlx::query(
            "INSERT INTO cpni_records (id, kind, on_date, ends_on, category, details_sealed, recorded_ms, recorded_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(record.kind.code())
        .bind(record.on.to_string())
        .bind(record.ends_on.map(|day| day.to_string()))
        .bind(record.category.trim())
        .bind(details)
        .bind(now.as_millisecond())
        .bind(by)
        .execute(&self.pool)
        .await?;
        self.audit_record_change(by, "record.add", &id, record.kind.code().to_owned(), now).await?;
        Ok(id)
    }

    /// The records of `kind` (all kinds if none), oldest first.
    pub async fn compliance_records(&self, kind: Option<RecordKind>) -> Result<Vec<StoredRecord>, StoreError> {
        let rows = match kind {
            Some(kind) => {
                let sql =
                    format!("SELECT {COLUMNS} FROM cpni_records WHERE kind = $1 ORDER BY on_date, recorded_ms, id");
                sqlx::query(sqlx::AssertSqlSafe(sql)).bind(kind.code()).fetch_all(&self.pool).await?
            }
            None => {
                let sql = format!("SELECT {COLUMNS} FROM cpni_records ORDER BY on_date, recorded_ms, id");
                sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&self.pool).await?
            }
        };
        let mut records = Vec::with_capacity(rows.len());
        for row in &rows {
            records.push(self.record_from_row(row).await?);
        }
        Ok(records)
    }

    async fn record_from_row(&self, row: &AnyRow) -> Result<StoredRecord, StoreError> {
        let id: String = row.try_get("id")?;
        let ends_on: Option<String> = row.try_get("ends_on")?;
        let record = ComplianceRecord {
            kind: RecordKind::parse(row.try_get("kind")?)?,
            on: parse_date(row.try_get("on_date")?)?,
            ends_on: ends_on.as_deref().map(parse_date).transpose()?,
            category: row.try_get("category")?,
            details: self.open_platform_text(TABLE, "details", &id, row.try_get("details_sealed")?).await?,
        };
        let (recorded_at, recorded_by) = (parse_ms(row.try_get("recorded_ms")?)?, row.try_get("recorded_by")?);
        Ok(StoredRecord { id, record, recorded_at, recorded_by })
    }
}
