//! Breach incidents (47 CFR 64.2011): opened with their dates and sealed
//! description, events appended, the deadlines computed from the record by
//! the breach clock on the FCC calendar (here around Christmas and New
//! Year 2025 with two closure days); refused events are not written; both
//! tables refuse UPDATE; every change is audited with ids and codes only;
//! the free text is not on disk in plain.

#[macro_use]
mod backends;
mod cpni_support;

use backends::DataDir;
use compliance::Error;
use compliance::calendar::BusinessCalendar;
use compliance::clocks::breach::BreachRule;
use compliance::records::breach::{BreachEvent, BreachEventKind, BreachIncident};
use jiff::Timestamp;
use jiff::civil::{Date, date};
use store::StoreError;

const DESCRIPTION: &str = "Zorblax call detail of 40 accounts";

fn incident() -> BreachIncident {
    BreachIncident {
        discovered: date(2025, 12, 19),
        determined: date(2025, 12, 22),
        rule: BreachRule::Rule2007,
        customers: Some(40),
        description: DESCRIPTION.into(),
        circumstances: "a support agent's account was phished".into(),
        events: Vec::new(),
    }
}

fn event(kind: BreachEventKind, on: Date, days: Option<u32>) -> BreachEvent {
    BreachEvent { kind, on, days, note: format!("ref {}", kind.code()) }
}

/// December 24 and 26, 2025 closed by executive order.
fn calendar() -> BusinessCalendar {
    BusinessCalendar::with_closures([date(2025, 12, 24), date(2025, 12, 26)])
}

fn now() -> Timestamp {
    Timestamp::from_second(1_766_500_000).unwrap()
}

async fn deadlines_come_from_the_record(dir: DataDir) {
    let store = dir.open().await;
    let calendar = calendar();
    let id = store.open_breach(&incident(), &calendar, "operator:test", now()).await.unwrap();
    let stored = store.breach(&id).await.unwrap().unwrap();
    assert_eq!(stored.incident, incident(), "round trip");
    let clock = stored.incident.clock(&calendar).unwrap();
    // 12/23, (24 closed, 25 holiday, 26 closed), 29, 30, 31, (1/1 holiday), 1/2, 1/5, 1/6.
    assert_eq!(clock.agency_notice_due, date(2026, 1, 6));
    assert!(clock.le_notified_assumed);

    let le = event(BreachEventKind::LeNotified, date(2025, 12, 30), None);
    let stored = store.add_breach_event(&id, &le, &calendar, "operator:test", now()).await.unwrap();
    let clock = stored.incident.clock(&calendar).unwrap();
    // Hold: 12/31, 1/2, 1/5, 1/6, 1/7, 1/8, 1/9; customers from Saturday 1/10.
    assert_eq!(clock.customer_hold_last_day, Some(date(2026, 1, 9)));
    assert_eq!(clock.customer_notice_earliest, date(2026, 1, 10));
    assert!(!clock.agency_notice_late());

    let delay = event(BreachEventKind::AgencyDelay, date(2026, 1, 5), Some(30));
    store.add_breach_event(&id, &delay, &calendar, "operator:test", now()).await.unwrap();
    let extension = event(BreachEventKind::AgencyDelay, date(2026, 2, 1), Some(15));
    store.add_breach_event(&id, &extension, &calendar, "operator:test", now()).await.unwrap();
    let stored = store.breach(&id).await.unwrap().unwrap();
    assert_eq!(stored.incident.events, vec![le, delay, extension], "events read back in order");
    let clock = stored.incident.clock(&calendar).unwrap();
    assert_eq!(clock.agency_delay_last_day, Some(date(2026, 2, 16)), "the extension replaces the first delay");
    assert_eq!(clock.customer_notice_earliest, date(2026, 2, 17));
    assert!(stored.incident.is_open());

    let told = event(BreachEventKind::CustomersNotified, date(2026, 2, 17), None);
    let stored = store.add_breach_event(&id, &told, &calendar, "operator:test", now()).await.unwrap();
    assert!(!stored.incident.is_open());
    assert!(!stored.incident.customers_notified_early(&stored.incident.clock(&calendar).unwrap()));
    assert_eq!(store.breaches().await.unwrap().len(), 1);

    let raw = dir.raw().await;
    for table in ["cpni_breaches", "cpni_breach_events"] {
        let sql = format!("UPDATE {table} SET recorded_ms = 0");
        let sql = sql.replace("recorded_ms", if table == "cpni_breaches" { "opened_ms" } else { "recorded_ms" });
        assert!(sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&raw).await.is_err(), "{table} is append-only");
    }
    let audit = cpni_support::audit_rows(&raw, 0).await;
    let changes: Vec<_> = audit.iter().filter(|row| row[1].starts_with("breach.")).collect();
    assert_eq!(changes.len(), 5, "one audit record per change");
    assert!(changes.iter().all(|row| row[2] == id && !row.iter().any(|cell| cell.contains("Zorblax"))));
    store.close().await;
    if dir.backend() == store::Backend::Sqlite {
        let database = std::fs::read(dir.path().join(store::DATABASE_FILE)).unwrap();
        assert!(!database.windows(7).any(|w| w == b"Zorblax"), "the description is sealed");
    }
}

async fn refused_events_are_not_written(dir: DataDir) {
    let store = dir.open().await;
    let calendar = calendar();
    let by = "operator:test";
    let id = store.open_breach(&incident(), &calendar, by, now()).await.unwrap();
    let le = event(BreachEventKind::LeNotified, date(2025, 12, 23), None);
    store.add_breach_event(&id, &le, &calendar, by, now()).await.unwrap();
    let refusals = [
        (event(BreachEventKind::LeNotified, date(2025, 12, 29), None), "already recorded"),
        (event(BreachEventKind::AgencyConsulted, date(2025, 12, 23), None), "--consulted"),
        (event(BreachEventKind::AgencyDelay, date(2025, 12, 23), None), "days"),
        (event(BreachEventKind::FccNotified, date(2025, 12, 23), Some(3)), "--days"),
        (event(BreachEventKind::CustomersNotified, date(2025, 12, 18), None), "cannot be before discovered"),
        (event(BreachEventKind::AgencyDelay, date(2025, 12, 22), Some(30)), "cannot be before le_notified"),
    ];
    for (refused, expected) in refusals {
        let outcome = store.add_breach_event(&id, &refused, &calendar, by, now()).await;
        let message = outcome.unwrap_err().to_string();
        assert!(message.contains(expected), "{refused:?}: {message}");
    }
    assert_eq!(store.breach(&id).await.unwrap().unwrap().incident.events, vec![le.clone()]);

    let mut backwards = incident();
    backwards.determined = date(2025, 12, 18);
    let outcome = store.open_breach(&backwards, &calendar, by, now()).await;
    assert!(matches!(outcome, Err(StoreError::Compliance(Error::DatesOutOfOrder { .. }))), "{outcome:?}");
    let blank = BreachIncident { description: "  ".into(), ..incident() };
    let outcome = store.open_breach(&blank, &calendar, by, now()).await;
    assert!(matches!(outcome, Err(StoreError::Compliance(Error::MissingElement { .. }))), "{outcome:?}");
    let unknown = store.add_breach_event("nope", &le, &calendar, by, now()).await;
    assert!(matches!(unknown, Err(StoreError::UnknownRecord("breach"))), "{unknown:?}");
    assert_eq!(store.breaches().await.unwrap().len(), 1);
    store.close().await;
}

on_both_backends!(deadlines_come_from_the_record, refused_events_are_not_written);
