//! Breach incidents, stored (issue 7 item 5; 47 CFR 64.2011, R24, R25;
//! `cpni_breaches` and `cpni_breach_events`, migration 80): an incident is
//! opened once with its dates, rule and sealed description and
//! circumstances; events are appended after
//! `compliance::records::breach::BreachIncident::check_append` accepts them
//! on the caller's business-day calendar. Nothing is edited (both tables
//! refuse UPDATE); every change is audited (`breach.open`, `breach.event`).

use compliance::calendar::BusinessCalendar;
use compliance::clocks::breach::BreachRule;
use compliance::records::breach::{BreachEvent, BreachEventKind, BreachIncident};
use jiff::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::sealed_text::{parse_date, parse_ms};
use crate::id::new_id;
use crate::{Store, StoreError};

const BREACHES: &str = "cpni_breaches";
const EVENTS: &str = "cpni_breach_events";

/// A breach incident as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBreach {
    /// Its id.
    pub id: String,
    /// The record.
    pub incident: BreachIncident,
    /// When it was opened.
    pub opened_at: Timestamp,
    /// Who opened it.
    pub opened_by: String,
}

impl Store {
    /// Opens a breach incident (no events yet) after checking it; its id.
    pub async fn open_breach(
        &self,
        incident: &BreachIncident,
        calendar: &BusinessCalendar,
        by: &str,
        now: Timestamp,
    ) -> Result<String, StoreError> {
        let incident = BreachIncident { events: Vec::new(), ..incident.clone() };
        incident.validate(calendar)?;
        let id = new_id();
        let description = self.seal_platform_text(BREACHES, "description", &id, &incident.description).await?;
        let circumstances = self.seal_platform_text(BREACHES, "circumstances", &id, &incident.circumstances).await?;
        sqlx::query(
            "INSERT INTO cpni_breaches (id, discovered_on, determined_on, rule, customers, description_sealed, \
             circumstances_sealed, opened_ms, opened_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&id)
        .bind(incident.discovered.to_string())
        .bind(incident.determined.to_string())
        .bind(incident.rule.as_str())
        .bind(incident.customers.map(|count| i64::try_from(count).unwrap_or(i64::MAX)))
        .bind(description)
        .bind(circumstances)
        .bind(now.as_millisecond())
        .bind(by)
        .execute(&self.pool)
        .await?;
        self.audit_record_change(
            by,
            "breach.open",
            &id,
            format!("47 CFR 64.2011 ({} rule)", incident.rule.as_str()),
            now,
        )
        .await?;
        Ok(id)
    }

    /// Appends `event` to breach `id` after checking it; the updated record.
    pub async fn add_breach_event(
        &self,
        id: &str,
        event: &BreachEvent,
        calendar: &BusinessCalendar,
        by: &str,
        now: Timestamp,
    ) -> Result<StoredBreach, StoreError> {
        let mut stored = self.breach(id).await?.ok_or(StoreError::UnknownRecord("breach"))?;
        stored.incident.check_append(calendar, event)?;
        let seq = i64::try_from(stored.incident.events.len()).unwrap_or(i64::MAX) + 1;
        let event_id = format!("{id}/{seq}");
        let note = self.seal_platform_text(EVENTS, "note", &event_id, &event.note).await?;
        sqlx::query(
            "INSERT INTO cpni_breach_events (breach_id, seq, kind, on_date, days, note_sealed, recorded_ms, \
             recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(seq)
        .bind(event.kind.code())
        .bind(event.on.to_string())
        .bind(event.days.map(i64::from))
        .bind(note)
        .bind(now.as_millisecond())
        .bind(by)
        .execute(&self.pool)
        .await?;
        self.audit_record_change(by, "breach.event", id, event.kind.code().to_owned(), now).await?;
        stored.incident.events.push(event.clone());
        Ok(stored)
    }

    /// The breach incident with this id.
    pub async fn breach(&self, id: &str) -> Result<Option<StoredBreach>, StoreError> {
        let row = sqlx::query(
            "SELECT id, discovered_on, determined_on, rule, customers, description_sealed, circumstances_sealed, \
             opened_ms, opened_by FROM cpni_breaches WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => Ok(Some(self.breach_from_row(&row).await?)),
            None => Ok(None),
        }
    }

    /// Every breach incident, oldest determination first.
    pub async fn breaches(&self) -> Result<Vec<StoredBreach>, StoreError> {
        let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM cpni_breaches ORDER BY determined_on, opened_ms, id")
            .fetch_all(&self.pool)
            .await?;
        let mut all = Vec::with_capacity(ids.len());
        for id in ids {
            all.extend(self.breach(&id).await?);
        }
        Ok(all)
    }

    async fn breach_from_row(&self, row: &AnyRow) -> Result<StoredBreach, StoreError> {
        let id: String = row.try_get("id")?;
        let rule: String = row.try_get("rule")?;
        let customers: Option<i64> = row.try_get("customers")?;
        let incident = BreachIncident {
            discovered: parse_date(row.try_get("discovered_on")?)?,
            determined: parse_date(row.try_get("determined_on")?)?,
            rule: rule.parse::<BreachRule>()?,
            customers: customers.map(|count| u64::try_from(count).unwrap_or(0)),
            description: self
                .open_platform_text(BREACHES, "description", &id, row.try_get("description_sealed")?)
                .await?,
            circumstances: self
                .open_platform_text(BREACHES, "circumstances", &id, row.try_get("circumstances_sealed")?)
                .await?,
            events: self.breach_events(&id).await?,
        };
        let (opened_at, opened_by) = (parse_ms(row.try_get("opened_ms")?)?, row.try_get("opened_by")?);
        Ok(StoredBreach { id, incident, opened_at, opened_by })
    }

    async fn breach_events(&self, id: &str) -> Result<Vec<BreachEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, kind, on_date, days, note_sealed FROM cpni_breach_events WHERE breach_id = $1 ORDER BY seq",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut events = Vec::with_capacity(rows.len());
        for row in &rows {
            let seq: i64 = row.try_get("seq")?;
            let days: Option<i64> = row.try_get("days")?;
            events.push(BreachEvent {
                kind: BreachEventKind::parse(row.try_get("kind")?)?,
                on: parse_date(row.try_get("on_date")?)?,
                days: days.map(|days| u32::try_from(days).unwrap_or(u32::MAX)),
                note: self
                    .open_platform_text(EVENTS, "note", &format!("{id}/{seq}"), row.try_get("note_sealed")?)
                    .await?,
            });
        }
        Ok(events)
    }
}
