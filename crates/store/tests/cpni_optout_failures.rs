//! Opt-out mechanism failures (47 CFR 64.2009(f)): recorded whole and read
//! back, the letter's due date (5 business days after discovery, over
//! Thanksgiving) and the letter drafted from the record; a record lacking a
//! required element of the letter is refused and not written; the row
//! refuses UPDATE; opening is audited by id; the text is sealed. The
//! letter's filing is recorded once, never before discovery, and closes its
//! clock on the dashboard (overdue until then).

#[macro_use]
mod backends;
mod cpni_support;

use backends::DataDir;
use compliance::Error;
use compliance::calendar::BusinessCalendar;
use compliance::documents::opt_out_failure::{Contact, StateCommission};
use compliance::records::opt_out_failure::{LetterHead, OptOutFailureIncident};
use jiff::Timestamp;
use jiff::civil::date;
use store::{LetterFiled, StoreError};

fn incident() -> OptOutFailureIncident {
    OptOutFailureIncident {
        discovered: date(2025, 11, 26),
        mechanisms: vec!["Quuxle web opt-out form".into()],
        problems: vec!["the form returned an error for 3 days".into()],
        other_methods: vec!["toll-free number".into()],
        remedy: "fixed the form's validation".into(),
        remedy_date: date(2025, 11, 28),
        remedy_implemented: true,
        state_commissions: vec![StateCommission {
            name: "Ohio PUC".into(),
            notified_on: date(2025, 12, 1),
            action: None,
        }],
        customer_notice: "Our opt-out form failed; please try again.".into(),
        contact: Contact {
            name: "Pat Doe".into(),
            title: "Compliance Manager".into(),
            phone: "+1 202 555 0100".into(),
            email: "pat@example.net".into(),
            address: vec![],
        },
    }
}

fn now() -> Timestamp {
    Timestamp::from_second(1_764_200_000).unwrap()
}

async fn recorded_with_its_letter(dir: DataDir) {
    let store = dir.open().await;
    let calendar = BusinessCalendar::default();
    let id = store.open_optout_failure(&incident(), &calendar, "Example Voice LLC", "operator:test", now()).await;
    let id = id.unwrap();
    let stored = store.optout_failure(&id).await.unwrap().unwrap();
    assert_eq!(stored.incident, incident());
    // Thanksgiving is November 27: 11/28, 12/1, 12/2, 12/3, 12/4.
    assert_eq!(stored.incident.clock(&calendar).unwrap().fcc_letter_due, date(2025, 12, 4));
    let head = LetterHead {
        carrier_name: "Example Voice LLC".into(),
        frn: Some("0012345678".into()),
        letter_date: date(2025, 12, 1),
        signer_name: "Pat Doe".into(),
        signer_title: "Compliance Manager".into(),
    };
    let html = stored.incident.letter(&calendar, &head).unwrap().to_html().unwrap();
    assert!(html.contains("December 4, 2025") && html.contains("Quuxle web opt-out form"), "{html}");
    assert_eq!(store.optout_failures().await.unwrap().len(), 1);

    let raw = dir.raw().await;
    let update = sqlx::query("UPDATE cpni_optout_failures SET discovered_on = '2025-12-01'").execute(&raw).await;
    assert!(update.is_err(), "append-only");
    let audit = cpni_support::audit_rows(&raw, 0).await;
    assert!(audit.iter().any(|row| row[1] == "optout_failure.open" && row[2] == id));
    assert!(!audit.iter().flatten().any(|cell| cell.contains("Quuxle")));
    store.close().await;
    if dir.backend() == store::Backend::Sqlite {
        let database = std::fs::read(dir.path().join(store::DATABASE_FILE)).unwrap();
        assert!(!database.windows(6).any(|w| w == b"Quuxle"), "the record is sealed");
    }
}

async fn incomplete_records_are_refused(dir: DataDir) {
    let store = dir.open().await;
    let calendar = BusinessCalendar::default();
    let without_notice = OptOutFailureIncident { customer_notice: " ".into(), ..incident() };
    let without_contact = OptOutFailureIncident {
        contact: Contact { phone: String::new(), email: String::new(), ..incident().contact },
        ..incident()
    };
    for refused in [without_notice, without_contact] {
        let outcome = store.open_optout_failure(&refused, &calendar, "Example Voice LLC", "operator:test", now()).await;
        assert!(matches!(outcome, Err(StoreError::Compliance(Error::MissingElement { .. }))), "{outcome:?}");
    }
    let outcome = store.open_optout_failure(&incident(), &calendar, "", "operator:test", now()).await;
    assert!(matches!(outcome, Err(StoreError::Compliance(Error::MissingElement { .. }))), "{outcome:?}");
    assert!(store.optout_failures().await.unwrap().is_empty());
    store.close().await;
}

async fn the_filing_closes_the_letters_clock(dir: DataDir) {
    let store = dir.open().await;
    let calendar = BusinessCalendar::default();
    let by = "operator:test";
    let id = store.open_optout_failure(&incident(), &calendar, "Example Voice LLC", by, now()).await.unwrap();
    let letter_item = |items: Vec<compliance::records::dashboard::DashboardItem>| {
        items.into_iter().find(|item| item.subject == "optout_failure").map(|item| (item.date, item.overdue))
    };
    let on = |day| store.compliance_dashboard(&calendar, day);
    assert_eq!(letter_item(on(date(2025, 12, 4)).await.unwrap()), Some((date(2025, 12, 4), false)));
    assert_eq!(letter_item(on(date(2025, 12, 5)).await.unwrap()), Some((date(2025, 12, 4), true)), "overdue");

    let early = LetterFiled { on: date(2025, 11, 25), reference: "ECFS 1".into() };
    let outcome = store.record_optout_letter_filed(&id, &early, by, now()).await;
    assert!(matches!(outcome, Err(StoreError::Compliance(Error::DatesOutOfOrder { .. }))), "{outcome:?}");
    let blank = LetterFiled { on: date(2025, 12, 4), reference: " ".into() };
    assert!(store.record_optout_letter_filed(&id, &blank, by, now()).await.is_err());
    let filed = LetterFiled { on: date(2025, 12, 4), reference: "ECFS confirmation 2025120412345".into() };
    let stored = store.record_optout_letter_filed(&id, &filed, by, now()).await.unwrap();
    assert_eq!(stored.filed.as_ref(), Some(&filed));
    assert_eq!(store.optout_failure(&id).await.unwrap().unwrap().filed, Some(filed.clone()));
    assert_eq!(letter_item(on(date(2025, 12, 5)).await.unwrap()), None, "the filing closes the clock");
    let again = store.record_optout_letter_filed(&id, &filed, by, now()).await;
    assert!(matches!(again, Err(StoreError::Compliance(Error::AlreadyRecorded { .. }))), "{again:?}");
    let unknown = store.record_optout_letter_filed("nope", &filed, by, now()).await;
    assert!(matches!(unknown, Err(StoreError::UnknownRecord(_))), "{unknown:?}");

    let raw = dir.raw().await;
    let update = sqlx::query("UPDATE cpni_optout_failure_filings SET filed_on = '2025-12-01'").execute(&raw).await;
    assert!(update.is_err(), "append-only");
    let audit = cpni_support::audit_rows(&raw, 0).await;
    assert_eq!(audit.iter().filter(|row| row[1] == "optout_failure.filed" && row[2] == id).count(), 1);
    assert!(!audit.iter().flatten().any(|cell| cell.contains("2025120412345")));
    store.close().await;
}

on_both_backends!(recorded_with_its_letter, incomplete_records_are_refused, the_filing_closes_the_letters_clock);
