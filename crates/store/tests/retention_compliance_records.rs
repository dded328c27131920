//! The retention job keeps the carrier's compliance records for their
//! periods and never less: on 2030-03-17 (the run's day in New York) a
//! training or complaint record of 2028-03-17 (exactly 2 years) or
//! 2028-03-18 (a day short) stays and one of 2028-03-16 goes; an agreement
//! in effect stays whatever its age, one ended 2029-03-16 goes (1 year);
//! an opt-out failure discovered 2028-03-16 goes; a breach whose customers
//! were told 2028-03-10 goes with its events, one told 2028-03-17 stays,
//! an open one stays. A dry run counts the same; a run stopped after one
//! delete, then a full run, leave the same records as one run.

#[macro_use]
mod backends;

use backends::DataDir;
use compliance::calendar::BusinessCalendar;
use compliance::clocks::breach::BreachRule;
use compliance::documents::opt_out_failure::Contact;
use compliance::records::breach::{BreachEvent, BreachEventKind, BreachIncident};
use compliance::records::kept::{ComplianceRecord, RecordKind};
use compliance::records::opt_out_failure::OptOutFailureIncident;
use jiff::Timestamp;
use jiff::civil::{Date, date};
use store::{RetentionOptions, Store};

/// 2030-03-17T17:46:40Z, 13:46 in New York.
const NOW: i64 = 1_900_000_000_000;

fn record(kind: RecordKind, on: Date, ends_on: Option<Date>) -> ComplianceRecord {
    let category = if kind == RecordKind::Complaint { "online_access" } else { "label" };
    ComplianceRecord { kind, on, ends_on, category: category.into(), details: format!("{} {on}", kind.code()) }
}

fn breach(customers_told: Option<Date>) -> BreachIncident {
    let mut events =
        vec![BreachEvent { kind: BreachEventKind::LeNotified, on: date(2028, 2, 3), days: None, note: String::new() }];
    events.extend(customers_told.map(|on| BreachEvent {
        kind: BreachEventKind::CustomersNotified,
        on,
        days: None,
        note: String::new(),
    }));
    BreachIncident {
        discovered: date(2028, 2, 1),
        determined: date(2028, 2, 1),
        rule: BreachRule::Rule2007,
        customers: None,
        description: "call detail".into(),
        circumstances: "pretexting".into(),
        events,
    }
}

fn failure(discovered: Date) -> OptOutFailureIncident {
    OptOutFailureIncident {
        discovered,
        mechanisms: vec!["web form".into()],
        problems: vec!["down".into()],
        other_methods: vec![],
        remedy: "fixed".into(),
        remedy_date: discovered,
        remedy_implemented: true,
        state_commissions: vec![],
        customer_notice: "notice".into(),
        contact: Contact {
            name: "Pat".into(),
            title: "Manager".into(),
            phone: "1".into(),
            email: String::new(),
            address: vec![],
        },
    }
}

/// Fills the store; returns the ids that must survive.
async fn fill(store: &Store) -> Vec<String> {
    let (by, now) = ("operator:test", Timestamp::from_millisecond(NOW).unwrap());
    let calendar = BusinessCalendar::default();
    let mut kept = Vec::new();
    for (kind, on, ends_on, stays) in [
        (RecordKind::Training, date(2028, 3, 17), None, true),
        (RecordKind::Training, date(2028, 3, 18), None, true),
        (RecordKind::Training, date(2028, 3, 16), None, false),
        (RecordKind::Complaint, date(2028, 3, 16), None, false),
        (RecordKind::Complaint, date(2028, 3, 17), None, true),
        (RecordKind::ConfidentialityAgreement, date(2020, 1, 1), None, true),
        (RecordKind::ConfidentialityAgreement, date(2020, 1, 1), Some(date(2029, 3, 16)), false),
        (RecordKind::AgentCertification, date(2020, 1, 1), Some(date(2029, 3, 17)), true),
    ] {
        let id = store.add_compliance_record(&record(kind, on, ends_on), by, now).await.unwrap();
        if stays {
            kept.push(id);
        }
    }
    for (told, stays) in [(Some(date(2028, 3, 10)), false), (Some(date(2028, 3, 17)), true), (None, true)] {
        let incident = breach(told);
        let id = store.open_breach(&BreachIncident { events: vec![], ..incident.clone() }, &calendar, by, now).await;
        let id = id.unwrap();
        for event in &incident.events {
            store.add_breach_event(&id, event, &calendar, by, now).await.unwrap();
        }
        if stays {
            kept.push(id);
        }
    }
    for (discovered, stays) in [(date(2028, 3, 16), false), (date(2028, 3, 17), true)] {
        let id = store.open_optout_failure(&failure(discovered), &calendar, "Carrier", by, now).await.unwrap();
        if stays {
            kept.push(id);
        }
    }
    kept.sort();
    kept
}

async fn surviving(store: &Store) -> Vec<String> {
    let mut ids: Vec<String> = store.compliance_records(None).await.unwrap().into_iter().map(|r| r.id).collect();
    ids.extend(store.breaches().await.unwrap().into_iter().map(|b| b.id));
    ids.extend(store.optout_failures().await.unwrap().into_iter().map(|f| f.id));
    ids.sort();
    ids
}

async fn never_early_and_on_time(dir: DataDir) {
    let store = dir.open().await;
    let kept = fill(&store).await;
    let dry = store.run_retention(NOW, &RetentionOptions { dry_run: true, ..Default::default() }).await.unwrap();
    let expected = [("breach", 1), ("complaint", 1), ("confidentiality_agreement", 1), ("optout_failure", 1)];
    let expected: Vec<(String, u64)> =
        expected.into_iter().chain([("training", 1)]).map(|(kind, n)| (kind.to_owned(), n)).collect();
    assert_eq!(dry.compliance.clone().into_iter().collect::<Vec<_>>(), expected);
    assert_eq!(surviving(&store).await.len(), kept.len() + 5, "a dry run deletes nothing");

    let earlier = store.run_retention(NOW - 30 * 86_400_000, &RetentionOptions::default()).await.unwrap();
    assert!(earlier.compliance.is_empty(), "a month earlier nothing is due: {earlier:?}");
    let report = store.run_retention(NOW, &RetentionOptions::default()).await.unwrap();
    assert_eq!(report.compliance, dry.compliance);
    assert_eq!(surviving(&store).await, kept);
    let raw = dir.raw().await;
    let orphans: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM cpni_breach_events WHERE breach_id NOT IN (SELECT id FROM cpni_breaches)",
    )
    .fetch_one(&raw)
    .await
    .unwrap();
    assert_eq!(orphans, 0, "a breach's events go with it");
    let audit: String =
        sqlx::query_scalar("SELECT target FROM audit_log WHERE action = 'retention.purge' ORDER BY seq DESC")
            .fetch_one(&raw)
            .await
            .unwrap();
    assert!(audit.ends_with("compliance_records=5"), "{audit}");
    store.close().await;
}

async fn an_interrupted_run_is_finished_by_the_next(dir: DataDir) {
    let store = dir.open().await;
    let kept = fill(&store).await;
    let stopped = RetentionOptions { batch: 1, max_batches: Some(1), ..Default::default() };
    let first = store.run_retention(NOW, &stopped).await.unwrap();
    assert!(!first.complete);
    assert_eq!(first.compliance.values().sum::<u64>(), 1);
    let one_at_a_time = RetentionOptions { batch: 1, ..Default::default() };
    let dropped = tokio::time::timeout(std::time::Duration::from_millis(5), store.run_retention(NOW, &one_at_a_time));
    let _ = dropped.await;
    let rest = store.run_retention(NOW, &RetentionOptions::default()).await.unwrap();
    assert!(rest.complete);
    assert_eq!(surviving(&store).await, kept);
    store.close().await;
}

on_both_backends!(never_early_and_on_time, an_interrupted_run_is_finished_by_the_next);
