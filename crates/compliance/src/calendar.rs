//! The FCC's business-day calendar and the counting rules of 47 CFR 1.4.
//!
//! - 1.4(e)(1): a *holiday* is a Saturday, a Sunday, an officially
//!   recognized Federal legal holiday, or "any other day on which the
//!   Commission's Headquarters are closed and not open for business".
//!   Federal holidays come from 5 U.S.C. 6103 with observance
//!   ([`federal`]); closures (executive-order days off, days of mourning,
//!   weather, shutdowns) are configured dates.
//! - 1.4(e)(2): a *business day* is any day that is not a holiday.
//! - 1.4(c): "the first day to be counted when a period of time begins with
//!   the occurrence of an act, event or default is the day after the day on
//!   which the act, event or default occurs". So "N business days after
//!   D" is the N-th business day strictly after D
//!   ([`BusinessCalendar::business_days_after`]), and "N days after D" is
//!   D + N ([`days_after`]).
//! - 1.4(g): for filing periods under 7 days intermediate holidays do not
//!   count. Every short period in subpart U is already stated in business
//!   days, so business-day counting covers it.
//! - 1.4(j): a filing due on a holiday "shall be filed on the next business
//!   day" ([`BusinessCalendar::filing_date`]). This applies to filings with
//!   the Commission only, never to notices to customers.
//!
//! Dates are civil dates (the Commission's own, America/New_York); the
//! supported range is [`FIRST_DATE`] to [`LAST_DATE`], which is where the
//! holiday table is cross-checked against an independent implementation.

pub mod federal;

use std::collections::BTreeSet;

use jiff::civil::{Date, Weekday, date};

use crate::Error;

/// The first date the calendar answers for.
pub const FIRST_DATE: Date = date(2000, 1, 1);
/// The last date the calendar answers for.
pub const LAST_DATE: Date = date(2199, 12, 31);

/// Weekends, federal holidays and configured FCC closure days.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BusinessCalendar {
    closures: BTreeSet<Date>,
}

impl BusinessCalendar {
    /// The calendar with the federal holidays and these FCC closure days.
    pub fn with_closures(closures: impl IntoIterator<Item = Date>) -> Self {
        Self { closures: closures.into_iter().collect() }
    }

    /// The configured FCC closure days, in order.
    pub fn closures(&self) -> impl Iterator<Item = Date> + '_ {
        self.closures.iter().copied()
    }

    /// Whether `day` is a holiday in the sense of 1.4(e)(1).
    pub fn is_holiday(&self, day: Date) -> bool {
        is_weekend(day) || federal::holiday_on(day).is_some() || self.closures.contains(&day)
    }

    /// Whether `day` is a business day (1.4(e)(2)).
    pub fn is_business_day(&self, day: Date) -> bool {
        !self.is_holiday(day)
    }

    /// The `count`-th business day after `event` (1.4(c): the day after the
    /// event is the first day counted; holidays are skipped).
    pub fn business_days_after(&self, event: Date, count: u32) -> Result<Date, Error> {
        let mut day = check_range(event)?;
        for _ in 0..count {
            day = self.next_business_day(day)?;
        }
        Ok(day)
    }

    /// The day a filing nominally due on `due` must be filed (1.4(j)):
    /// `due` itself when it is a business day, else the next one.
    pub fn filing_date(&self, due: Date) -> Result<Date, Error> {
        let due = check_range(due)?;
        if self.is_business_day(due) { Ok(due) } else { self.next_business_day(due) }
    }

    /// The first business day strictly after `day`.
    fn next_business_day(&self, day: Date) -> Result<Date, Error> {
        let mut next = next_day(day)?;
        while self.is_holiday(next) {
            next = next_day(next)?;
        }
        Ok(next)
    }
}

/// `count` calendar days after `event` (1.4(c): the day after is day one,
/// so the period's last day is `event + count`).
pub fn days_after(event: Date, count: u32) -> Result<Date, Error> {
    let event = check_range(event)?;
    let span = jiff::Span::new().try_days(i64::from(count)).map_err(|_| Error::DateOutOfRange { date: event })?;
    check_range(event.checked_add(span).map_err(|_| Error::DateOutOfRange { date: event })?)
}

/// `years` years after `day`, February 29 becoming February 28.
pub fn years_after(day: Date, years: i16) -> Result<Date, Error> {
    let day = check_range(day)?;
    let span = jiff::Span::new().years(years);
    check_range(day.checked_add(span).map_err(|_| Error::DateOutOfRange { date: day })?)
}

/// The day after `day`, inside the supported range.
pub fn next_day(day: Date) -> Result<Date, Error> {
    check_range(day.tomorrow().map_err(|_| Error::DateOutOfRange { date: day })?)
}

/// `day` if it is inside the supported range.
pub fn check_range(day: Date) -> Result<Date, Error> {
    if (FIRST_DATE..=LAST_DATE).contains(&day) { Ok(day) } else { Err(Error::DateOutOfRange { date: day }) }
}

fn is_weekend(day: Date) -> bool {
    matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_after_the_event_is_day_one() {
        let calendar = BusinessCalendar::default();
        // Monday 2025-03-10: Tue 1, Wed 2, Thu 3, Fri 4, Mon 5, Tue 6, Wed 7.
        assert_eq!(calendar.business_days_after(date(2025, 3, 10), 7).unwrap(), date(2025, 3, 19));
        assert_eq!(calendar.business_days_after(date(2025, 3, 10), 0).unwrap(), date(2025, 3, 10));
    }

    #[test]
    fn weekends_holidays_and_closures_are_skipped() {
        let calendar = BusinessCalendar::with_closures([date(2024, 12, 24)]);
        // Fri 2024-12-20: Mon 23 (1), [24 closed], [25 Christmas], Thu 26 (2), Fri 27 (3).
        assert_eq!(calendar.business_days_after(date(2024, 12, 20), 3).unwrap(), date(2024, 12, 27));
        assert_eq!(BusinessCalendar::default().business_days_after(date(2024, 12, 20), 3).unwrap(), date(2024, 12, 26));
    }

    #[test]
    fn filings_due_on_a_holiday_roll_to_the_next_business_day() {
        let calendar = BusinessCalendar::default();
        assert_eq!(calendar.filing_date(date(2025, 3, 1)).unwrap(), date(2025, 3, 3), "Saturday");
        assert_eq!(calendar.filing_date(date(2023, 3, 1)).unwrap(), date(2023, 3, 1), "Wednesday");
        assert_eq!(calendar.filing_date(date(2021, 12, 31)).unwrap(), date(2022, 1, 3), "observed New Year's Day");
    }

    #[test]
    fn dates_outside_the_supported_range_are_refused() {
        let calendar = BusinessCalendar::default();
        assert!(matches!(calendar.business_days_after(date(1999, 12, 31), 1), Err(Error::DateOutOfRange { .. })));
        assert!(matches!(calendar.business_days_after(date(2199, 12, 30), 5), Err(Error::DateOutOfRange { .. })));
        assert!(days_after(date(2199, 12, 1), 31).is_err());
    }

    #[test]
    fn years_after_clamps_february_29() {
        assert_eq!(years_after(date(2024, 2, 29), 2).unwrap(), date(2026, 2, 28));
    }
}
