//! Opt-out mechanism failures (47 CFR 64.2009(f)): recorded whole and read
//! back, the letter's due date (5 business days after discovery, over
//! Thanksgiving) and the letter drafted from the record; a record lacking a
//! required element of the letter is refused and not written; the row
//! refuses UPDATE; opening is audited by id; the text is sealed.

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
use store::StoreError;

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

on_both_backends!(recorded_with_its_letter, incomplete_records_are_refused);
