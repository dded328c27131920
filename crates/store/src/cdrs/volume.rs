//! A customer's call volume per day, for the portal's dashboard (issue 6
//! item 2): call attempts, answered calls and the peak of calls in progress
//! at once, per calendar day in the customer's time zone.
//!
//! How much a customer calls is CPNI too ("quantity … of use", 47 CFR
//! 64.2003(g)), so the reader goes through the CPNI gate as a read of usage
//! (`usage.read`, `crate::cpni`). It reads only the plain columns (times
//! and disposition): no sealed party is opened.

use compliance::{CpniKind, CpniRequest, Permit};
use jiff::ToSpan;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use model::TenantId;
use sqlx::Row;

use crate::cpni::check_permit;
use crate::{Store, StoreError};

/// One day of a customer's calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayVolume {
    /// The calendar day, in the time zone asked for.
    pub day: Date,
    /// Call attempts that started on the day.
    pub calls: u32,
    /// Those of them that were answered.
    pub answered: u32,
    /// The most calls in progress (set up, ringing or talking) at one
    /// instant of the day, counting calls that began the day before.
    pub peak_concurrent: u32,
}

impl Store {
    /// `customer`'s call volume for each of the `days` days from `first`
    /// (in `zone`), if the CPNI gate allows `request` to read usage (the
    /// decision is audited as `usage.read`).
    pub async fn call_volume(
        &self,
        request: &CpniRequest,
        customer: &TenantId,
        first: Date,
        days: u16,
        zone: &TimeZone,
    ) -> Result<Vec<DayVolume>, StoreError> {
        let permit = self.permit(request, customer, CpniKind::Usage, "usage.read").await?;
        self.call_volume_permitted(&permit, first, days, zone).await
    }

    async fn call_volume_permitted(
        &self,
        permit: &Permit,
        first: Date,
        days: u16,
        zone: &TimeZone,
    ) -> Result<Vec<DayVolume>, StoreError> {
        let customer = check_permit(permit, CpniKind::Usage)?;
        let starts = day_starts(first, days, zone)?;
        let (from, to) = (starts[0], starts[starts.len() - 1]);
        let rows = sqlx::query(
            "SELECT start_ms, end_ms, answer_ms FROM cdrs WHERE tenant_id = $1 AND start_ms < $2 AND end_ms >= $3",
        )
        .bind(&customer.0)
        .bind(to)
        .bind(from)
        .fetch_all(&self.pool)
        .await?;
        let calls = rows
            .iter()
            .map(|row| {
                Ok((row.try_get("start_ms")?, row.try_get("end_ms")?, row.try_get::<Option<i64>, _>("answer_ms")?))
            })
            .collect::<Result<Vec<(i64, i64, Option<i64>)>, sqlx::Error>>()?;
        Ok(tally(&starts, first, &calls))
    }
}

/// The first millisecond of each day from `first`, and of the day after
/// the last: `days + 1` instants.
fn day_starts(first: Date, days: u16, zone: &TimeZone) -> Result<Vec<i64>, StoreError> {
    let too_far = |_| StoreError::Invalid("the days asked for are outside the calendar");
    (0..=i64::from(days))
        .map(|n| {
            let day = first.checked_add(n.days()).map_err(too_far)?;
            let start = day.to_zoned(zone.clone()).map_err(too_far)?;
            Ok(start.timestamp().as_millisecond())
        })
        .collect()
}

/// Counts `calls` (start, end, answer in ms) into the days bounded by `starts`.
fn tally(starts: &[i64], first: Date, calls: &[(i64, i64, Option<i64>)]) -> Vec<DayVolume> {
    let mut days: Vec<DayVolume> = first
        .series(1.day())
        .take(starts.len() - 1)
        .map(|day| DayVolume { day, calls: 0, answered: 0, peak_concurrent: 0 })
        .collect();
    for &(start, _, answer) in calls {
        if let Some(day) = day_of(starts, start) {
            days[day].calls += 1;
            days[day].answered += u32::from(answer.is_some());
        }
    }
    for (day, peak) in peaks(starts, calls).into_iter().enumerate() {
        days[day].peak_concurrent = peak;
    }
    days
}

/// The day (index) `ms` falls in, if any.
fn day_of(starts: &[i64], ms: i64) -> Option<usize> {
    let after = starts.partition_point(|&start| start <= ms);
    (after >= 1 && after < starts.len()).then(|| after - 1)
}

/// The peak of calls in progress per day: a sweep over every call's start
/// (+1) and end (−1), ends first at equal times (a call that ends as
/// another starts never overlaps it). A call in progress at a day's first
/// instant counts towards that day's peak.
fn peaks(starts: &[i64], calls: &[(i64, i64, Option<i64>)]) -> Vec<u32> {
    let mut events: Vec<(i64, i32)> = calls.iter().flat_map(|&(start, end, _)| [(start, 1), (end, -1)]).collect();
    events.sort_unstable();
    let mut peaks = vec![0u32; starts.len() - 1];
    let (mut running, mut next) = (0i32, 0usize);
    for (day, window) in starts.windows(2).enumerate() {
        while next < events.len() && events[next].0 < window[0] {
            running += events[next].1;
            next += 1;
        }
        let mut peak = running;
        while next < events.len() && events[next].0 < window[1] {
            running += events[next].1;
            peak = peak.max(running);
            next += 1;
        }
        peaks[day] = u32::try_from(peak).unwrap_or(0);
    }
    peaks
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;

    fn utc_days(n: u16) -> Vec<i64> {
        day_starts(jiff::civil::date(2026, 3, 1), n, &TimeZone::UTC).unwrap()
    }

    #[test]
    fn overlapping_calls_peak_and_a_call_across_midnight_counts_on_both_days() {
        let starts = utc_days(2);
        let t0 = starts[0];
        let calls = [
            (t0 + 1_000, t0 + 5_000, Some(t0 + 2_000)),
            (t0 + 2_000, t0 + 6_000, None),
            (t0 + 3_000, t0 + 4_000, Some(t0 + 3_500)),
            (t0 + DAY - 1_000, t0 + DAY + 1_000, Some(t0 + DAY - 500)),
            (t0 + DAY + 500, t0 + DAY + 700, None),
        ];
        let days = tally(&starts, jiff::civil::date(2026, 3, 1), &calls);
        assert_eq!((days[0].calls, days[0].answered, days[0].peak_concurrent), (4, 3, 3));
        assert_eq!((days[1].calls, days[1].answered, days[1].peak_concurrent), (1, 0, 2));
    }

    #[test]
    fn a_call_ending_as_another_starts_does_not_overlap_it() {
        let starts = utc_days(1);
        let t0 = starts[0];
        let calls = [(t0 + 1_000, t0 + 2_000, None), (t0 + 2_000, t0 + 3_000, None)];
        assert_eq!(tally(&starts, jiff::civil::date(2026, 3, 1), &calls)[0].peak_concurrent, 1);
    }

    #[test]
    fn days_follow_the_time_zone_across_a_daylight_saving_change() {
        let zone = TimeZone::get("America/New_York").unwrap();
        let starts = day_starts(jiff::civil::date(2026, 3, 8), 2, &zone).unwrap();
        assert_eq!(starts[1] - starts[0], DAY - 3_600_000, "March 8, 2026 has 23 hours in New York");
        assert_eq!(starts[2] - starts[1], DAY);
    }
}
