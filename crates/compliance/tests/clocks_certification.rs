//! Annual certification due dates (64.2009(e), 1.4(j)) and address-of-record
//! age (64.2003(b)).

use compliance::Error;
use compliance::calendar::BusinessCalendar;
use compliance::clocks::{address_of_record, certification};
use jiff::civil::date;

#[test]
fn certification_is_due_march_1_rolled_to_a_business_day() {
    let due = |year| certification::compute(&BusinessCalendar::default(), year).unwrap().due;
    assert_eq!(due(2022), date(2023, 3, 1), "Wednesday");
    assert_eq!(due(2024), date(2025, 3, 3), "Saturday → Monday");
    assert_eq!(due(2025), date(2026, 3, 2), "Sunday → Monday");
    assert_eq!(due(2019), date(2020, 3, 2), "Sunday → Monday");
    assert_eq!(due(2027), date(2028, 3, 1), "Wednesday of a leap year");
    let clock = certification::compute(&BusinessCalendar::default(), 2024).unwrap();
    assert_eq!((clock.covers_from, clock.covers_through), (date(2024, 1, 1), date(2024, 12, 31)));
    assert!(clock.rolled_forward());
}

#[test]
fn a_closure_on_march_1_moves_the_certification() {
    let closed = BusinessCalendar::with_closures([date(2023, 3, 1)]);
    assert_eq!(certification::compute(&closed, 2022).unwrap().due, date(2023, 3, 2));
}

#[test]
fn years_before_the_first_certification_are_refused() {
    let refused = certification::compute(&BusinessCalendar::default(), 2006).unwrap_err();
    assert!(matches!(refused, Error::YearOutOfRange { year: 2006 }));
    assert!(certification::compute(&BusinessCalendar::default(), 2199).is_err());
}

#[test]
fn address_usable_once_thirty_full_days_have_passed() {
    let on = |added, on| address_of_record::compute(added, on).unwrap();
    assert_eq!(on(date(2025, 1, 1), date(2025, 1, 31)).usable_from, date(2025, 2, 1));
    assert!(!on(date(2025, 1, 1), date(2025, 1, 31)).usable(), "the 30th day itself is not enough");
    assert!(on(date(2025, 1, 1), date(2025, 2, 1)).usable());
    assert_eq!(on(date(2024, 2, 1), date(2024, 3, 3)).usable_from, date(2024, 3, 3), "leap February");
    assert_eq!(on(date(2025, 12, 15), date(2026, 1, 15)).usable_from, date(2026, 1, 15), "across the year end");
    let future = on(date(2025, 5, 1), date(2025, 4, 1));
    assert!(!future.usable());
    assert_eq!(future.report().get_flag("added_after_date"), Some(true));
    assert_eq!(future.age_days(), -30);
}
