//! Breach clocks (47 CFR 64.2011, 2007 and 2024 texts) on dated scenarios
//! around weekends, holidays, observed days and closures.

use compliance::Error;
use compliance::calendar::BusinessCalendar;
use compliance::clocks::breach::{self, AgencyDelay, BreachClock, BreachFacts, BreachRule};
use jiff::civil::{Date, date};

fn clock(facts: BreachFacts) -> BreachClock {
    breach::compute(&BusinessCalendar::default(), &facts).unwrap()
}

fn le_due(determined: Date, calendar: &BusinessCalendar) -> Date {
    breach::compute(calendar, &BreachFacts::determined_on(determined)).unwrap().agency_notice_due
}

fn notified(determined: Date, le_notified: Date) -> BreachFacts {
    BreachFacts { le_notified: Some(le_notified), ..BreachFacts::determined_on(determined) }
}

#[test]
fn law_enforcement_deadline_skips_christmas_and_new_years_day() {
    let federal = BusinessCalendar::default();
    assert_eq!(le_due(date(2024, 12, 20), &federal), date(2025, 1, 2));
    let closed_christmas_eve = BusinessCalendar::with_closures([date(2024, 12, 24)]);
    assert_eq!(le_due(date(2024, 12, 20), &closed_christmas_eve), date(2025, 1, 3));
}

#[test]
fn law_enforcement_deadline_around_observed_and_new_holidays() {
    let federal = BusinessCalendar::default();
    assert_eq!(le_due(date(2021, 12, 27), &federal), date(2022, 1, 6), "New Year's observed Fri 2021-12-31");
    assert_eq!(le_due(date(2025, 11, 26), &federal), date(2025, 12, 8), "Thanksgiving");
    assert_eq!(le_due(date(2025, 7, 5), &federal), date(2025, 7, 15), "determined on a Saturday");
    assert_eq!(le_due(date(2021, 1, 15), &federal), date(2021, 1, 28), "MLK Day and Inauguration Day 2021");
    assert_eq!(le_due(date(2021, 6, 16), &federal), date(2021, 6, 28), "first Juneteenth, observed Fri 2021-06-18");
}

#[test]
fn customers_wait_seven_full_business_days_after_the_notice() {
    let clock = clock(notified(date(2024, 12, 20), date(2025, 1, 2)));
    assert_eq!(clock.customer_hold_last_day, Some(date(2025, 1, 13)));
    assert_eq!(clock.customer_notice_earliest, date(2025, 1, 14));
    assert!(!clock.le_notified_assumed && !clock.agency_notice_late());
    let mourning = BusinessCalendar::with_closures([date(2025, 1, 9)]);
    let closed = breach::compute(&mourning, &notified(date(2024, 12, 20), date(2025, 1, 2))).unwrap();
    assert_eq!(closed.customer_notice_earliest, date(2025, 1, 15));
}

#[test]
fn the_hold_may_end_on_a_friday_and_customers_be_told_on_saturday() {
    // Notice Fri 2025-03-14: Mon 17 .. Fri 21 (5), Mon 24 (6), Tue 25 (7).
    let clock = clock(notified(date(2025, 3, 10), date(2025, 3, 14)));
    assert_eq!(clock.customer_hold_last_day, Some(date(2025, 3, 25)));
    // Notice Tue 2025-03-11: last day Thu 2025-03-20, customers from Fri 21.
    let clock = self::clock(notified(date(2025, 3, 10), date(2025, 3, 11)));
    assert_eq!(clock.customer_notice_earliest, date(2025, 3, 21));
    assert_eq!(clock.records_keep_until, date(2027, 3, 21));
}

#[test]
fn without_a_notice_date_the_determination_day_is_assumed_and_flagged() {
    let clock = clock(BreachFacts::determined_on(date(2025, 3, 10)));
    assert!(clock.le_notified_assumed);
    assert_eq!(clock.customer_hold_last_day, Some(date(2025, 3, 19)));
    assert_eq!(clock.report().get_flag("le_notified_assumed"), Some(true));
}

#[test]
fn a_late_notice_is_flagged() {
    let clock = clock(notified(date(2025, 3, 10), date(2025, 3, 20)));
    assert_eq!(clock.agency_notice_due, date(2025, 3, 19));
    assert!(clock.agency_notice_late());
}

#[test]
fn urgent_notice_needs_the_consultation() {
    let urgent = BreachFacts { urgent: true, ..notified(date(2025, 3, 10), date(2025, 3, 11)) };
    assert_eq!(clock(urgent).customer_notice_earliest, date(2025, 3, 21), "not consulted yet");
    assert!(clock(urgent).report().notes.iter().any(|note| note.contains("consult")));
    let consulted = BreachFacts { consulted: true, ..urgent };
    assert_eq!(clock(consulted).customer_notice_earliest, date(2025, 3, 11));
    assert!(clock(consulted).urgent_exception);
}

#[test]
fn an_agency_delay_pushes_customer_notice_past_its_last_day() {
    let delay = Some(AgencyDelay { from: date(2025, 3, 12), days: 30 });
    let facts = BreachFacts { agency_delay: delay, ..notified(date(2025, 3, 10), date(2025, 3, 11)) };
    assert_eq!(clock(facts).agency_delay_last_day, Some(date(2025, 4, 11)));
    assert_eq!(clock(facts).customer_notice_earliest, date(2025, 4, 12));
    let urgent = BreachFacts { urgent: true, consulted: true, ..facts };
    assert_eq!(clock(urgent).customer_notice_earliest, date(2025, 4, 12), "the direction overrides urgency");
    let short = BreachFacts { agency_delay: Some(AgencyDelay { from: date(2025, 3, 12), days: 3 }), ..facts };
    assert_eq!(clock(short).customer_notice_earliest, date(2025, 3, 21), "the 7-day hold ends later");
    let extended = BreachFacts { agency_delay: Some(AgencyDelay { from: date(2025, 3, 12), days: 60 }), ..facts };
    assert!(clock(extended).report().notes.iter().any(|note| note.contains("extension")));
}

#[test]
fn rule_2024_notices_fcc_and_customers_within_30_days() {
    let facts = BreachFacts { rule: BreachRule::Rule2024, ..notified(date(2025, 3, 10), date(2025, 3, 12)) };
    let clock = clock(facts);
    assert_eq!(clock.agency_notice_due, date(2025, 3, 19));
    assert_eq!(clock.customer_notice_earliest, date(2025, 3, 12), "no waiting period");
    assert_eq!(clock.customer_notice_due, Some(date(2025, 4, 9)));
    assert_eq!(clock.customer_hold_last_day, None);
    let report = clock.report();
    assert_eq!(report.get("agency_notice_due"), Some(date(2025, 3, 19)));
    assert_eq!(report.get("le_notice_due"), None);
}

#[test]
fn rule_2024_small_breach_summary_is_due_february_1_rolled_forward() {
    let small = |determined, customers| {
        let facts = BreachFacts {
            rule: BreachRule::Rule2024,
            customers: Some(customers),
            ..BreachFacts::determined_on(determined)
        };
        clock(facts).small_breach_summary_due
    };
    assert_eq!(small(date(2025, 6, 2), 120), Some(date(2026, 2, 2)), "2026-02-01 is a Sunday");
    assert_eq!(small(date(2026, 6, 1), 499), Some(date(2027, 2, 1)));
    assert_eq!(small(date(2024, 12, 31), 1), Some(date(2025, 2, 3)), "2025-02-01 is a Saturday");
    assert_eq!(small(date(2026, 6, 1), 500), None, "500 is not fewer than 500");
}

#[test]
fn rule_2024_agency_delay_suspends_or_keeps_the_30_day_limit() {
    let base = BreachFacts { rule: BreachRule::Rule2024, ..notified(date(2025, 3, 10), date(2025, 3, 12)) };
    let long = BreachFacts { agency_delay: Some(AgencyDelay { from: date(2025, 3, 12), days: 30 }), ..base };
    assert_eq!(clock(long).customer_notice_due, None);
    assert_eq!(clock(long).customer_notice_earliest, date(2025, 4, 12));
    assert_eq!(clock(long).report().get_flag("customer_deadline_suspended"), Some(true));
    let short = BreachFacts { agency_delay: Some(AgencyDelay { from: date(2025, 3, 12), days: 10 }), ..base };
    assert_eq!(clock(short).customer_notice_due, Some(date(2025, 4, 9)));
    assert_eq!(clock(short).customer_notice_earliest, date(2025, 3, 23));
}

#[test]
fn impossible_combinations_are_refused() {
    let calendar = BusinessCalendar::default();
    let refused = |facts: BreachFacts| breach::compute(&calendar, &facts).unwrap_err();
    let base = notified(date(2025, 3, 10), date(2025, 3, 11));
    assert!(matches!(refused(notified(date(2025, 3, 10), date(2025, 3, 9))), Error::DatesOutOfOrder { .. }));
    assert!(matches!(refused(BreachFacts { consulted: true, ..base }), Error::NotApplicable { .. }));
    let urgent_2024 = BreachFacts { urgent: true, rule: BreachRule::Rule2024, ..base };
    assert!(matches!(refused(urgent_2024), Error::NotApplicable { .. }));
    let early_delay = BreachFacts { agency_delay: Some(AgencyDelay { from: date(2025, 3, 10), days: 5 }), ..base };
    assert!(matches!(refused(early_delay), Error::DatesOutOfOrder { .. }));
    let no_days = BreachFacts { agency_delay: Some(AgencyDelay { from: date(2025, 3, 12), days: 0 }), ..base };
    assert!(matches!(refused(no_days), Error::NumberOutOfRange { .. }));
    assert!(matches!(refused(BreachFacts { customers: Some(0), ..base }), Error::NumberOutOfRange { .. }));
    assert!(matches!(refused(BreachFacts::determined_on(date(1999, 6, 1))), Error::DateOutOfRange { .. }));
}
