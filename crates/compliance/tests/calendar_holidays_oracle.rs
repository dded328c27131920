//! The federal holiday table agrees with an independent implementation
//! (`bdays`' USSettlement) on every weekday of 2000-2100, except Inauguration
//! Day, which we add on purpose (5 U.S.C. 6103(c); the FCC is in DC) and
//! which USSettlement leaves out.

use bdays::HolidayCalendar;
use compliance::calendar::federal::{self, FederalHoliday};
use jiff::civil::{Date, Weekday, date};

fn oracle(day: Date) -> bool {
    let naive = chrono::NaiveDate::from_ymd_opt(day.year().into(), day.month() as u32, day.day() as u32).unwrap();
    bdays::calendars::us::USSettlement.is_holiday(naive)
}

fn ours_without_inauguration(day: Date) -> bool {
    federal::observed_in(day.year()).iter().any(|(d, holiday)| *d == day && *holiday != FederalHoliday::InaugurationDay)
}

#[test]
fn every_weekday_2000_to_2100_matches_the_oracle() {
    let (mut day, mut holidays, mut mismatches) = (date(2000, 1, 1), 0, Vec::new());
    while day <= date(2100, 12, 31) {
        if !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
            let ours = ours_without_inauguration(day);
            holidays += usize::from(ours);
            if ours != oracle(day) {
                mismatches.push(day);
            }
        }
        day = day.tomorrow().unwrap();
    }
    assert!(mismatches.is_empty(), "disagreements with bdays: {mismatches:?}");
    assert!(holidays > 101 * 9, "a plausible number of observed holidays: {holidays}");
}

#[test]
fn inauguration_days_are_the_only_additions() {
    let extra: Vec<Date> = (2000..=2100)
        .flat_map(federal::observed_in)
        .filter(|(day, holiday)| *holiday == FederalHoliday::InaugurationDay && !oracle(*day))
        .map(|(day, _)| day)
        .collect();
    // Saturdays (2001, 2029, 2057, 2085) have no substitute; the Inauguration
    // Days of 2013, 2025, 2041, 2053, 2069, 2081 and 2097 fall on MLK Day.
    assert_eq!(
        extra,
        [
            date(2005, 1, 20),
            date(2009, 1, 20),
            date(2017, 1, 20),
            date(2021, 1, 20),
            date(2033, 1, 20),
            date(2037, 1, 20),
            date(2045, 1, 20),
            date(2049, 1, 20),
            date(2061, 1, 20),
            date(2065, 1, 20),
            date(2073, 1, 20),
            date(2077, 1, 20),
            date(2089, 1, 20),
            date(2093, 1, 20),
        ]
    );
}

/// OPM's published lists for two years, by hand.
#[test]
fn known_years_match_opm_lists() {
    let list = |year| federal::observed_in(year).into_iter().map(|(day, _)| day).collect::<Vec<_>>();
    assert_eq!(
        list(2021),
        [
            date(2021, 1, 1),
            date(2021, 1, 18),
            date(2021, 1, 20),
            date(2021, 2, 15),
            date(2021, 5, 31),
            date(2021, 6, 18),
            date(2021, 7, 5),
            date(2021, 9, 6),
            date(2021, 10, 11),
            date(2021, 11, 11),
            date(2021, 11, 25),
            date(2021, 12, 24),
            date(2021, 12, 31),
        ]
    );
    assert_eq!(
        list(2026),
        [
            date(2026, 1, 1),
            date(2026, 1, 19),
            date(2026, 2, 16),
            date(2026, 5, 25),
            date(2026, 6, 19),
            date(2026, 7, 3),
            date(2026, 9, 7),
            date(2026, 10, 12),
            date(2026, 11, 11),
            date(2026, 11, 26),
            date(2026, 12, 25),
        ]
    );
}
