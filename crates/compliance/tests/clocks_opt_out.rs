//! Opt-out notice waits (64.2008(d)) and the failure letter (64.2009(f)).

use compliance::calendar::BusinessCalendar;
use compliance::clocks::opt_out::{self, NoticeChannel};
use jiff::civil::date;

#[test]
fn email_wait_runs_from_the_day_after_sending() {
    let clock = opt_out::notice(date(2025, 1, 31), NoticeChannel::Email).unwrap();
    assert_eq!(clock.wait_first_day, date(2025, 2, 1));
    assert_eq!(clock.wait_last_day, date(2025, 3, 2));
    assert_eq!(clock.approval_assumed_from, date(2025, 3, 3));
    assert_eq!(clock.renotice_due, date(2027, 1, 31));
    assert!(!clock.approval_assumed_on(date(2025, 3, 2)));
    assert!(clock.approval_assumed_on(date(2025, 3, 3)));
}

#[test]
fn mail_wait_begins_on_the_third_day_after_mailing_across_the_year_end() {
    let clock = opt_out::notice(date(2025, 12, 30), NoticeChannel::Mail).unwrap();
    assert_eq!(clock.wait_first_day, date(2026, 1, 2));
    assert_eq!(clock.wait_last_day, date(2026, 1, 31));
    assert_eq!(clock.approval_assumed_from, date(2026, 2, 1), "calendar days: a Sunday is fine");
    assert_eq!(clock.renotice_due, date(2027, 12, 30));
}

#[test]
fn leap_days_count_and_a_february_29_renotice_falls_on_february_28() {
    let mail = opt_out::notice(date(2024, 2, 27), NoticeChannel::Mail).unwrap();
    assert_eq!(mail.wait_first_day, date(2024, 3, 1));
    assert_eq!(mail.approval_assumed_from, date(2024, 3, 31));
    let email = opt_out::notice(date(2024, 2, 29), NoticeChannel::Email).unwrap();
    assert_eq!(email.approval_assumed_from, date(2024, 3, 31));
    assert_eq!(email.renotice_due, date(2026, 2, 28));
}

#[test]
fn channel_names_parse_and_oral_notice_is_refused() {
    assert_eq!("mail".parse::<NoticeChannel>().unwrap(), NoticeChannel::Mail);
    assert!("oral".parse::<NoticeChannel>().is_err());
}

#[test]
fn failure_letter_due_five_business_days_after_discovery() {
    let due = |discovered, calendar: &BusinessCalendar| opt_out::failure(calendar, discovered).unwrap().fcc_letter_due;
    let federal = BusinessCalendar::default();
    assert_eq!(due(date(2025, 11, 26), &federal), date(2025, 12, 4), "Thanksgiving");
    assert_eq!(due(date(2025, 12, 27), &federal), date(2026, 1, 5), "discovered on a Saturday, New Year's Day");
    assert_eq!(due(date(2025, 12, 24), &federal), date(2026, 1, 2));
    let closed = BusinessCalendar::with_closures([date(2025, 12, 26)]);
    assert_eq!(due(date(2025, 12, 24), &closed), date(2026, 1, 5));
    assert_eq!(due(date(2021, 12, 24), &federal), date(2022, 1, 3), "observed Christmas and New Year's Day");
}
