//! Retention of the carrier's CPNI compliance records (issue 7 item 7):
//! breach incidents with their events (64.2011(d): at least 2 years after
//! the last notification; never while customers have not been told),
//! opt-out failures (2 years after discovery), one-time approvals (1 year
//! after their call, 64.2007(a)(3)) and the records of
//! `cpni_records` (training, discipline, complaints, broker actions: 2
//! years; agreements and agent certifications: 1 year after they end, never
//! while in effect). The periods are `compliance::records::kept`'s; a record
//! goes only when its last kept day is before the run's day (America/New_York),
//! so never early, and a clock set back deletes less. Breach clocks are
//! computed on the federal-holiday calendar: closure days could only move
//! a computed date by days, and a breach is kept 2 years after its actual
//! customer notice anyway.
//!
//! Each record is deleted in its own transaction (a breach's events with
//! it), so an interrupted run leaves whole records and the next run
//! finishes the job.

use std::collections::BTreeMap;

use compliance::calendar::BusinessCalendar;
use compliance::records::kept::{
    approval_keep_until, breach_keep_until, campaign_keep_until, expired, one_time_keep_until,
    opt_out_failure_keep_until,
};
use jiff::civil::Date;
use sqlx::Row;

use crate::cpni::StoredRecord;
use crate::{Store, StoreError};

/// One compliance record past its period: its kind's name and id.
pub(crate) struct Expired {
    pub(crate) kind: &'static str,
    pub(crate) id: String,
}

impl Store {
    /// Every compliance record whose period ended before `today`.
    pub(crate) async fn expired_compliance_records(&self, today: Date) -> Result<Vec<Expired>, StoreError> {
        let mut found = self.expired_breaches(today).await?;
        found.extend(self.expired_optout_failures(today).await?);
        found.extend(self.expired_approvals(today).await?);
        found.extend(self.expired_campaigns(today).await?);
        found.extend(self.expired_one_time_approvals(today).await?);
        for stored in self.compliance_records(None).await? {
            if record_expired(&stored, today)? {
                found.push(Expired { kind: stored.record.kind.code(), id: stored.id });
            }
        }
        Ok(found)
    }

    async fn expired_breaches(&self, today: Date) -> Result<Vec<Expired>, StoreError> {
        let calendar = BusinessCalendar::default();
        let mut found = Vec::new();
        for stored in self.breaches().await? {
            if expired(breach_keep_until(&stored.incident, &calendar)?, today) {
                found.push(Expired { kind: "breach", id: stored.id });
            }
        }
        Ok(found)
    }

    async fn expired_optout_failures(&self, today: Date) -> Result<Vec<Expired>, StoreError> {
        let rows = sqlx::query("SELECT id, discovered_on FROM cpni_optout_failures").fetch_all(&self.pool).await?;
        let mut found = Vec::new();
        for row in &rows {
            let discovered: Date = crate::cpni::parse_record_date(row.try_get("discovered_on")?)?;
            if expired(Some(opt_out_failure_keep_until(discovered)?), today) {
                found.push(Expired { kind: "optout_failure", id: row.try_get("id")? });
            }
        }
        Ok(found)
    }

    async fn expired_approvals(&self, today: Date) -> Result<Vec<Expired>, StoreError> {
        let customers: Vec<String> =
            sqlx::query_scalar("SELECT DISTINCT tenant_id FROM cpni_approvals ORDER BY tenant_id")
                .fetch_all(&self.pool)
                .await?;
        let mut found = Vec::new();
        for customer in customers {
            let ids: Vec<String> =
                sqlx::query_scalar("SELECT id FROM cpni_approvals WHERE tenant_id = $1 ORDER BY seq")
                    .bind(&customer)
                    .fetch_all(&self.pool)
                    .await?;
            let history = self.approval_history(&model::TenantId(customer)).await?;
            for (id, keep_until) in ids.into_iter().zip(approval_keep_until(&history)?) {
                if expired(keep_until, today) {
                    found.push(Expired { kind: "approval", id });
                }
            }
        }
        Ok(found)
    }

    async fn expired_campaigns(&self, today: Date) -> Result<Vec<Expired>, StoreError> {
        let rows = sqlx::query("SELECT id, ended_ms FROM cpni_campaigns WHERE ended_ms IS NOT NULL")
            .fetch_all(&self.pool)
            .await?;
        let mut found = Vec::new();
        for row in &rows {
            let ended = crate::cpni::parse_record_ms(row.try_get("ended_ms")?)?;
            if expired(campaign_keep_until(Some(compliance::gate::eastern_date(ended)))?, today) {
                found.push(Expired { kind: "campaign", id: row.try_get("id")? });
            }
        }
        Ok(found)
    }

    /// One-time approvals, kept a year after their call ended (or could
    /// last no longer, [`compliance::ONE_TIME_USE_LIMIT`]).
    async fn expired_one_time_approvals(&self, today: Date) -> Result<Vec<Expired>, StoreError> {
        let rows =
            sqlx::query("SELECT id, granted_ms, ended_ms FROM cpni_one_time_approvals").fetch_all(&self.pool).await?;
        let mut found = Vec::new();
        for row in &rows {
            let granted = crate::cpni::parse_record_ms(row.try_get("granted_ms")?)?;
            let ended: Option<i64> = row.try_get("ended_ms")?;
            let last = granted + compliance::ONE_TIME_USE_LIMIT;
            let ended = ended.map(crate::cpni::parse_record_ms).transpose()?.map_or(last, |ended| ended.min(last));
            if expired(Some(one_time_keep_until(compliance::gate::eastern_date(ended))?), today) {
                found.push(Expired { kind: "one_time_approval", id: row.try_get("id")? });
            }
        }
        Ok(found)
    }

    /// Deletes one expired record (a breach with its events) in one transaction.
    pub(crate) async fn delete_compliance_record(&self, expired: &Expired) -> Result<(), StoreError> {
        let statements: &[&str] = match expired.kind {
            "breach" => {
                &["DELETE FROM cpni_breach_events WHERE breach_id = $1", "DELETE FROM cpni_breaches WHERE id = $1"]
            }
            "optout_failure" => &[
                "DELETE FROM cpni_optout_failure_filings WHERE failure_id = $1",
                "DELETE FROM cpni_optout_failures WHERE id = $1",
            ],
            "approval" => &["DELETE FROM cpni_approvals WHERE id = $1"],
            "campaign" => &["DELETE FROM cpni_campaigns WHERE id = $1"],
            "one_time_approval" => &["DELETE FROM cpni_one_time_approvals WHERE id = $1"],
            _ => &["DELETE FROM cpni_records WHERE id = $1"],
        };
        let mut tx = self.pool.begin().await?;
        for statement in statements {
            sqlx::query(*statement).bind(&expired.id).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

fn record_expired(stored: &StoredRecord, today: Date) -> Result<bool, StoreError> {
    Ok(expired(stored.record.keep_until()?, today))
}

/// Counts per kind name.
pub(crate) fn tally(counts: &mut BTreeMap<String, u64>, kind: &str) {
    *counts.entry(kind.to_owned()).or_default() += 1;
}
