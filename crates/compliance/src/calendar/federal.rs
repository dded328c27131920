//! US federal legal holidays, 5 U.S.C. 6103, as observed by employees
//! whose basic workweek is Monday to Friday — the FCC's headquarters staff.
//!
//! - 6103(a): New Year's Day (January 1), Birthday of Martin Luther King, Jr.
//!   (third Monday in January, a holiday since 1986), Washington's Birthday
//!   (third Monday in February), Memorial Day (last Monday in May),
//!   Juneteenth National Independence Day (June 19, since 2021: Pub. L.
//!   117-17 took effect June 17, 2021 and the day was observed on Friday,
//!   June 18, 2021), Independence Day (July 4), Labor Day (first Monday in
//!   September), Columbus Day (second Monday in October), Veterans Day
//!   (November 11), Thanksgiving Day (fourth Thursday in November),
//!   Christmas Day (December 25).
//! - 6103(b) and Executive Order 11582: a holiday on a Saturday is observed
//!   on the Friday before, one on a Sunday on the Monday after. So a
//!   Saturday January 1 is observed on Friday, December 31 of the year
//!   before (2021-12-31, 2010-12-31).
//! - 6103(c): Inauguration Day, January 20 of every fourth year after 1965,
//!   is a legal public holiday for employees in the District of Columbia and
//!   the neighbouring counties and cities. **We count it**: the Commission's
//!   headquarters is in Washington, DC and closes that day, and 47 CFR
//!   1.4(e)(1) makes "any other day on which the Commission's Headquarters
//!   are closed" a holiday. When January 20 is a Sunday the holiday is the
//!   Monday after ("the next succeeding day selected for the public
//!   observance"); when it is a Saturday there is no substitute day, because
//!   6103(c) provides only the Sunday rule (OPM's guidance reads it the same
//!   way).
//!
//! Days closed by executive order (Christmas Eve 2019/2020/2024, days of
//! mourning such as 2018-12-05 and 2025-01-09, shutdown suspensions) are
//! not statutory: they are configured FCC closure days (see
//! [`super::BusinessCalendar`]).

use jiff::civil::{Date, Weekday};

/// One of the legal public holidays of 5 U.S.C. 6103.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum FederalHoliday {
    /// January 1.
    NewYearsDay,
    /// Third Monday in January (from 1986).
    MartinLutherKingJrDay,
    /// Third Monday in February.
    WashingtonsBirthday,
    /// Last Monday in May.
    MemorialDay,
    /// June 19 (from 2021).
    Juneteenth,
    /// July 4.
    IndependenceDay,
    /// First Monday in September.
    LaborDay,
    /// Second Monday in October.
    ColumbusDay,
    /// November 11.
    VeteransDay,
    /// Fourth Thursday in November.
    ThanksgivingDay,
    /// December 25.
    ChristmasDay,
    /// January 20 of every fourth year after 1965, DC area (6103(c)).
    InaugurationDay,
}

impl FederalHoliday {
    /// The holiday's name as 5 U.S.C. 6103 gives it.
    pub fn name(self) -> &'static str {
        match self {
            Self::NewYearsDay => "New Year's Day",
            Self::MartinLutherKingJrDay => "Birthday of Martin Luther King, Jr.",
            Self::WashingtonsBirthday => "Washington's Birthday",
            Self::MemorialDay => "Memorial Day",
            Self::Juneteenth => "Juneteenth National Independence Day",
            Self::IndependenceDay => "Independence Day",
            Self::LaborDay => "Labor Day",
            Self::ColumbusDay => "Columbus Day",
            Self::VeteransDay => "Veterans Day",
            Self::ThanksgivingDay => "Thanksgiving Day",
            Self::ChristmasDay => "Christmas Day",
            Self::InaugurationDay => "Inauguration Day",
        }
    }
}

/// The holidays observed in the weeks of `year`, each on the weekday it is
/// observed. New Year's Day of `year` may be observed on December 31 of the
/// year before, so it appears in the list of `year - 1`, not here.
pub fn observed_in(year: i16) -> Vec<(Date, FederalHoliday)> {
    let mut days: Vec<(Date, FederalHoliday)> = Vec::with_capacity(13);
    days.extend(
        observed_new_years_day(year).filter(|day| day.year() == year).map(|d| (d, FederalHoliday::NewYearsDay)),
    );
    days.extend(
        observed_new_years_day(year + 1).filter(|day| day.year() == year).map(|d| (d, FederalHoliday::NewYearsDay)),
    );
    days.extend(inauguration_day(year).map(|day| (day, FederalHoliday::InaugurationDay)));
    days.extend(rules(year).into_iter().flatten().map(|(day, holiday)| (observed(day), holiday)));
    days.sort();
    days
}

/// The federal holiday observed on `date`, if any.
pub fn holiday_on(date: Date) -> Option<FederalHoliday> {
    observed_in(date.year()).into_iter().find(|(day, _)| *day == date).map(|(_, holiday)| holiday)
}

/// The fixed-date and floating holidays of `year` other than New Year's
/// and Inauguration Day, on their nominal dates.
fn rules(year: i16) -> [Option<(Date, FederalHoliday)>; 10] {
    use FederalHoliday as H;
    let fixed = |month, day, holiday| Some((jiff::civil::date(year, month, day), holiday));
    [
        (year >= 1986).then(|| (nth_weekday(year, 1, 3, Weekday::Monday), H::MartinLutherKingJrDay)),
        Some((nth_weekday(year, 2, 3, Weekday::Monday), H::WashingtonsBirthday)),
        Some((nth_weekday(year, 5, -1, Weekday::Monday), H::MemorialDay)),
        if year >= 2021 { fixed(6, 19, H::Juneteenth) } else { None },
        fixed(7, 4, H::IndependenceDay),
        Some((nth_weekday(year, 9, 1, Weekday::Monday), H::LaborDay)),
        Some((nth_weekday(year, 10, 2, Weekday::Monday), H::ColumbusDay)),
        fixed(11, 11, H::VeteransDay),
        Some((nth_weekday(year, 11, 4, Weekday::Thursday), H::ThanksgivingDay)),
        fixed(12, 25, H::ChristmasDay),
    ]
}

/// January 1 of `year` as observed (possibly December 31 of `year - 1`).
fn observed_new_years_day(year: i16) -> Option<Date> {
    Some(observed(Date::new(year, 1, 1).ok()?))
}

/// 6103(c): January 20 of each fourth year after 1965, moved to Monday
/// when it is a Sunday, none when it is a Saturday.
fn inauguration_day(year: i16) -> Option<Date> {
    if year <= 1965 || (year - 1965) % 4 != 0 {
        return None;
    }
    let day = jiff::civil::date(year, 1, 20);
    match day.weekday() {
        Weekday::Saturday => None,
        Weekday::Sunday => day.tomorrow().ok(),
        _ => Some(day),
    }
}

/// 6103(b): Saturday → the Friday before, Sunday → the Monday after.
fn observed(day: Date) -> Date {
    let moved = match day.weekday() {
        Weekday::Saturday => day.yesterday(),
        Weekday::Sunday => day.tomorrow(),
        _ => Ok(day),
    };
    moved.unwrap_or(day)
}

/// The `nth` `weekday` of `month` (negative: counted from the month's end).
fn nth_weekday(year: i16, month: i8, nth: i8, weekday: Weekday) -> Date {
    jiff::civil::date(year, month, 1).nth_weekday_of_month(nth, weekday).expect("every month has 4 of each weekday")
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn new_years_day_on_a_saturday_is_observed_the_friday_before() {
        assert_eq!(holiday_on(date(2021, 12, 31)), Some(FederalHoliday::NewYearsDay));
        assert_eq!(holiday_on(date(2022, 1, 1)), None, "the Saturday itself is a weekend day, not the observed day");
        assert_eq!(holiday_on(date(2010, 12, 31)), Some(FederalHoliday::NewYearsDay));
    }

    #[test]
    fn juneteenth_starts_in_2021_observed_on_friday_june_18() {
        assert_eq!(holiday_on(date(2020, 6, 19)), None);
        assert_eq!(holiday_on(date(2021, 6, 18)), Some(FederalHoliday::Juneteenth));
        assert_eq!(holiday_on(date(2022, 6, 20)), Some(FederalHoliday::Juneteenth));
    }

    #[test]
    fn inauguration_day_every_fourth_year_with_sunday_rule_and_no_saturday_substitute() {
        assert_eq!(holiday_on(date(2021, 1, 20)), Some(FederalHoliday::InaugurationDay));
        assert_eq!(holiday_on(date(2017, 1, 20)), Some(FederalHoliday::InaugurationDay));
        assert_eq!(holiday_on(date(2022, 1, 20)), None);
        assert_eq!(holiday_on(date(2029, 1, 19)), None, "2029-01-20 is a Saturday: no substitute");
        assert!(observed_in(2013).contains(&(date(2013, 1, 21), FederalHoliday::InaugurationDay)));
        assert!(observed_in(2013).contains(&(date(2013, 1, 21), FederalHoliday::MartinLutherKingJrDay)));
    }

    #[test]
    fn a_normal_year_has_eleven_observed_days() {
        assert_eq!(observed_in(2023).len(), 11);
        assert_eq!(observed_in(2019).len(), 10, "no Juneteenth before 2021");
    }
}
