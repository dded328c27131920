//! The compliance dashboard over HTTPS (issue 7 item 8): the security
//! officer sees an opened breach's law-enforcement deadline counted on the
//! configured FCC calendar (a closure day moves it), an overdue breach
//! marked and listed first, and the certification's due date; a customer
//! admin, support, a reseller admin and a user are refused and see none of it.

mod common;

use access::Role;
use common::world::World;
use compliance::calendar::BusinessCalendar;
use compliance::clocks::breach::BreachRule;
use compliance::records::breach::BreachIncident;
use compliance::records::dashboard::certification_item;
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};

fn breach(determined: Date) -> BreachIncident {
    BreachIncident {
        discovered: determined,
        determined,
        rule: BreachRule::Rule2007,
        customers: Some(3),
        description: "call detail records of three customers".into(),
        circumstances: "a support login used from an unknown address".into(),
        events: Vec::new(),
    }
}

/// The first business day after `day` on the federal calendar alone.
fn next_business_day(day: Date) -> Date {
    let federal = BusinessCalendar::default();
    let mut next = day.tomorrow().unwrap();
    while !federal.is_business_day(next) {
        next = next.tomorrow().unwrap();
    }
    next
}

/// The table row of the page that holds both `id` and `what`.
fn row_of<'a>(body: &'a str, id: &str, what: &str) -> &'a str {
    let mut rows = body.split("<tr>");
    rows.find(|row| row.contains(id) && row.contains(what)).unwrap_or_else(|| panic!("no {what} row for {id}: {body}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_officer_sees_breach_and_certification_deadlines() {
    let today = compliance::gate::eastern_date(Timestamp::now());
    let determined = today.checked_sub(1.day()).unwrap();
    let calendar = BusinessCalendar::with_closures([next_business_day(determined)]);
    let world = World::start_with_calendar(calendar.clone()).await;
    let fresh = breach(determined);
    let due = fresh.clock(&calendar).unwrap().agency_notice_due;
    let federal_due = fresh.clock(&BusinessCalendar::default()).unwrap().agency_notice_due;
    assert_ne!(due, federal_due, "the closure day moves the deadline");
    let fresh_id = world.store.open_breach(&fresh, &calendar, "officer", Timestamp::now()).await.unwrap();
    let old = breach(jiff::civil::date(2025, 1, 6));
    let old_due = old.clock(&calendar).unwrap().agency_notice_due;
    let old_id = world.store.open_breach(&old, &calendar, "officer", Timestamp::now()).await.unwrap();

    let officer = world.cookie_of(Role::SecurityOfficer, "sec@example.com").await;
    let page = world.get("/compliance", &officer).await;
    assert_eq!(page.status, 200);
    let fresh_row = row_of(&page.body, &fresh_id, "Secret Service");
    assert!(fresh_row.contains(&format!(">{due}</time>")), "{fresh_row}");
    assert!(!fresh_row.contains("Overdue"));
    let old_row = row_of(&page.body, &old_id, "Secret Service");
    assert!(old_row.contains(&format!(">{old_due}</time>")) && old_row.contains("Overdue"), "{old_row}");
    let certification = certification_item(&calendar, today).unwrap();
    let certification_row = row_of(&page.body, &format!("<code>{}</code>", certification.id), "certification");
    assert!(certification_row.contains(&format!(">{}</time>", certification.date)), "{certification_row}");
    let (old_at, fresh_at) = (page.body.find(&old_id).unwrap(), page.body.find(&fresh_id).unwrap());
    assert!(old_at < fresh_at, "the overdue clock comes first");
    assert!(page.body.contains("overdue deadline"), "the overdue count is stated");
    assert!(page.body.contains(">Compliance</a>"), "the officer's navigation links the page");
}

#[tokio::test(flavor = "multi_thread")]
async fn people_other_than_the_carriers_officer_are_refused() {
    let world = World::start().await;
    let calendar = BusinessCalendar::default();
    let determined = compliance::gate::eastern_date(Timestamp::now());
    let id = world.store.open_breach(&breach(determined), &calendar, "officer", Timestamp::now()).await.unwrap();
    assert_eq!(world.get("/compliance", "").await.status, 401);
    for (index, role) in [Role::CustomerAdmin, Role::Support, Role::ResellerAdmin, Role::User].into_iter().enumerate() {
        let cookie = world.cookie_of(role, &format!("r{index}@example.com")).await;
        let refused = world.get("/compliance", &cookie).await;
        assert_eq!(refused.status, 403, "{role}");
        assert!(!refused.body.contains(&id) && !refused.body.contains("Secret Service"), "{role}");
        assert!(!world.get("/dashboard", &cookie).await.body.contains(">Compliance</a>"), "{role}: no link");
    }
}
