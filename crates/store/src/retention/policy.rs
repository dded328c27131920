//! Retention policies: how long each customer keeps each record type
//! (issue 3 item 3), within bounds the platform sets and enforces.
//!
//! | record type | default | shortest | longest | source |
//! |---|---|---|---|---|
//! | CDR | 5 years | 18 months | 5 years | 47 CFR 42.6: a carrier offering toll service keeps the billing records of toll calls (caller, callee, date, time, length) for 18 months. The platform enforces it as a floor no customer can go below. 5 years is the ceiling ("CDRs up to 5 years"). |
//! | recording | 90 days | 1 day | 5 years | the customer's choice (issue 3 item 3); 90 days is the platform's default, 5 years the ceiling for all media. |
//! | voicemail | 30 days | 1 day | 5 years | the customer's choice (issue 3 item 3); 30 days for kept messages is the platform's default. |
//!
//! Lengths are in whole days counted generously, so "never early" holds on
//! the calendar too: 18 months is 549 days (the longest 18 calendar months,
//! e.g. 1 July to 1 January a year and a half later) and 5 years is 1,827
//! days (five years holding two leap days).
//!
//! Only a customer's choices are stored (`retention_policies`); a missing
//! row is the default. The job clamps every stored value to the bounds again
//! before it uses it ([`Bounds::clamp`]), so a row changed behind the
//! store's back cannot make it delete early.

use std::time::Duration;

use model::{TenantId, TenantKind};
use sqlx::Row;

use crate::id::now_ms;
use crate::{Store, StoreError};

/// One day in milliseconds.
pub(crate) const DAY_MS: i64 = 86_400_000;
/// 18 calendar months at their longest, in days (47 CFR 42.6).
const EIGHTEEN_MONTHS_DAYS: i64 = 549;
/// 5 calendar years at their longest, in days.
const FIVE_YEARS_DAYS: i64 = 1_827;

/// The kinds of record retention applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordType {
    /// Call detail records, kept from the call's end.
    Cdr,
    /// Voicemail messages, kept from when they were stored.
    Voicemail,
    /// Call recordings, kept from when they were stored.
    Recording,
}

impl RecordType {
    /// Every record type.
    pub const ALL: [Self; 3] = [Self::Cdr, Self::Voicemail, Self::Recording];

    /// The stored name: `cdr`, `voicemail` or `recording`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cdr => "cdr",
            Self::Voicemail => "voicemail",
            Self::Recording => "recording",
        }
    }

    /// The platform's default and bounds for this type.
    pub fn bounds(self) -> Bounds {
        let days =
            |default, min, max| Bounds { default_ms: default * DAY_MS, min_ms: min * DAY_MS, max_ms: max * DAY_MS };
        match self {
            Self::Cdr => days(FIVE_YEARS_DAYS, EIGHTEEN_MONTHS_DAYS, FIVE_YEARS_DAYS),
            Self::Recording => days(90, 1, FIVE_YEARS_DAYS),
            Self::Voicemail => days(30, 1, FIVE_YEARS_DAYS),
        }
    }

    fn parse(text: &str) -> Result<Self, StoreError> {
        Self::ALL.into_iter().find(|t| t.as_str() == text).ok_or(StoreError::Corrupt("retention record type"))
    }
}

impl std::fmt::Display for RecordType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A record type's default keep time and the range a customer may choose from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// Used when the customer chose nothing, in milliseconds.
    pub default_ms: i64,
    /// The shortest allowed, in milliseconds.
    pub min_ms: i64,
    /// The longest allowed, in milliseconds.
    pub max_ms: i64,
}

impl Bounds {
    /// `keep_ms` moved into the bounds.
    pub(crate) fn clamp(self, keep_ms: i64) -> i64 {
        keep_ms.clamp(self.min_ms, self.max_ms)
    }
}

/// How long one customer keeps each record type, defaults filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionPolicy {
    /// CDRs, counted from the call's end.
    pub cdr: Duration,
    /// Voicemail, counted from when it was stored.
    pub voicemail: Duration,
    /// Recordings, counted from when they were stored.
    pub recording: Duration,
}

impl RetentionPolicy {
    /// How long `record` is kept.
    pub fn keep(&self, record: RecordType) -> Duration {
        match record {
            RecordType::Cdr => self.cdr,
            RecordType::Voicemail => self.voicemail,
            RecordType::Recording => self.recording,
        }
    }

    fn set(&mut self, record: RecordType, keep: Duration) {
        match record {
            RecordType::Cdr => self.cdr = keep,
            RecordType::Voicemail => self.voicemail = keep,
            RecordType::Recording => self.recording = keep,
        }
    }
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        let default = |record: RecordType| duration_of(record.bounds().default_ms);
        Self {
            cdr: default(RecordType::Cdr),
            voicemail: default(RecordType::Voicemail),
            recording: default(RecordType::Recording),
        }
    }
}

fn duration_of(ms: i64) -> Duration {
    Duration::from_millis(u64::try_from(ms).unwrap_or(0))
}

impl Store {
    /// Sets how long `customer` keeps `record`; refuses a length outside the
    /// platform's [`Bounds`] (e.g. CDRs under 18 months, 47 CFR 42.6).
    pub async fn set_retention(
        &self,
        customer: &TenantId,
        record: RecordType,
        keep: Duration,
    ) -> Result<(), StoreError> {
        let keep_ms = i64::try_from(keep.as_millis()).unwrap_or(i64::MAX);
        let bounds = record.bounds();
        if !(bounds.min_ms..=bounds.max_ms).contains(&keep_ms) {
            return Err(StoreError::RetentionOutOfBounds { record: record.as_str(), keep_ms, bounds });
        }
        self.live_customer(customer).await?;
        sqlx::query(
            "INSERT INTO retention_policies (tenant_id, record_type, keep_ms, updated_ms) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (tenant_id, record_type) DO UPDATE SET keep_ms = excluded.keep_ms, updated_ms = excluded.updated_ms",
        )
        .bind(&customer.0)
        .bind(record.as_str())
        .bind(keep_ms)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// How long `customer` keeps each record type, defaults filled in.
    pub async fn retention_policy(&self, customer: &TenantId) -> Result<RetentionPolicy, StoreError> {
        let mut policy = RetentionPolicy::default();
        for (record, keep_ms) in self.stored_choices(customer).await? {
            policy.set(record, duration_of(record.bounds().clamp(keep_ms)));
        }
        Ok(policy)
    }

    async fn stored_choices(&self, customer: &TenantId) -> Result<Vec<(RecordType, i64)>, StoreError> {
        let rows = sqlx::query("SELECT record_type, keep_ms FROM retention_policies WHERE tenant_id = $1")
            .bind(&customer.0)
            .fetch_all(&self.pool)
            .await?;
        let choice = |row: &sqlx::any::AnyRow| -> Result<_, StoreError> {
            Ok((RecordType::parse(&row.try_get::<String, _>("record_type")?)?, row.try_get("keep_ms")?))
        };
        rows.iter().map(choice).collect()
    }

    /// Refuses a tenant that is no customer, or a deleted one.
    pub(crate) async fn live_customer(&self, customer: &TenantId) -> Result<(), StoreError> {
        let row = sqlx::query("SELECT kind, deleted_ms FROM tenants WHERE id = $1")
            .bind(&customer.0)
            .fetch_optional(&self.pool)
            .await?;
        let row = row.ok_or_else(|| StoreError::UnknownTenant(customer.0.clone()))?;
        let kind: String = row.try_get("kind")?;
        if kind != TenantKind::Customer.as_str() {
            return Err(StoreError::WrongKind { slug: customer.0.clone(), expected: "customer" });
        }
        match row.try_get::<Option<i64>, _>("deleted_ms")? {
            Some(_) => Err(StoreError::CustomerDeleted),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_lie_within_their_bounds() {
        for record in RecordType::ALL {
            let b = record.bounds();
            assert!(b.min_ms <= b.default_ms && b.default_ms <= b.max_ms, "{record}");
        }
    }

    #[test]
    fn clamping_never_shortens_below_the_floor() {
        let cdr = RecordType::Cdr.bounds();
        assert_eq!(cdr.clamp(DAY_MS), EIGHTEEN_MONTHS_DAYS * DAY_MS);
        assert_eq!(cdr.clamp(i64::MAX), FIVE_YEARS_DAYS * DAY_MS);
    }
}
