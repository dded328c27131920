//! A customer's approvals are an append-only history (47 CFR 64.2007(a)(2)):
//! read back in order with their evidence, the last record of a scope is its
//! state, a revocation ends it; records the rules refuse are not written;
//! the evidence is sealed (not on disk in plain) and rows refuse UPDATE.

#[macro_use]
mod backends;
mod cdr_support;

use backends::DataDir;
use compliance::{ApprovalAction, ApprovalRecord, ApprovalScope, ApprovalStatus, Error, Mechanism, Method};
use jiff::Timestamp;
use jiff::civil::date;
use store::StoreError;

fn record(scope: ApprovalScope, action: ApprovalAction, method: Method, evidence: &str) -> ApprovalRecord {
    ApprovalRecord {
        scope,
        action,
        method,
        evidence: evidence.into(),
        notified_on: None,
        effective_on: date(2026, 3, 1),
        recorded_at: Timestamp::from_second(1_772_000_000).unwrap(),
        recorded_by: "operator:test".into(),
    }
}

async fn history_round_trips_and_decides_state(dir: DataDir) {
    let store = dir.open().await;
    let (c1, c2) = cdr_support::two_customers(&store).await;
    let optin = ApprovalAction::Approve(Mechanism::OptIn);
    let mut optout = record(
        ApprovalScope::AgentsAffiliates,
        ApprovalAction::Approve(Mechanism::OptOut),
        Method::Electronic,
        "email-notice-77",
    );
    optout.notified_on = Some(date(2026, 2, 1));
    optout.effective_on = date(2026, 3, 3);
    let history = vec![
        record(ApprovalScope::OwnMarketing, optin, Method::Oral, "recording:call-5531"),
        optout,
        record(ApprovalScope::OwnMarketing, ApprovalAction::Disapprove, Method::Written, "letter-2026-03-02"),
        record(ApprovalScope::ThirdParties, optin, Method::Written, "signed-form-9"),
        record(ApprovalScope::ThirdParties, ApprovalAction::Revoke, Method::Electronic, "portal-revocation-1"),
    ];
    for entry in &history {
        store.record_approval(&c1, entry).await.unwrap();
    }
    let read = store.approval_history(&c1).await.unwrap();
    assert_eq!(read, history);
    assert!(store.approval_history(&c2).await.unwrap().is_empty(), "per customer");
    let state = |scope| ApprovalStatus::of(&read, scope);
    assert_eq!(state(ApprovalScope::OwnMarketing), ApprovalStatus::Disapproved { since: date(2026, 3, 1) });
    assert_eq!(state(ApprovalScope::AgentsAffiliates), ApprovalStatus::OptOut { effective_on: date(2026, 3, 3) });
    assert_eq!(state(ApprovalScope::ThirdParties), ApprovalStatus::None, "revoked");
    assert_eq!(state(ApprovalScope::JointVenturersContractors), ApprovalStatus::None);

    let raw = dir.raw().await;
    let changed = sqlx::query("UPDATE cpni_approvals SET action = 'opt_in'").execute(&raw).await;
    assert!(changed.is_err(), "the history is append-only");
    store.close().await;
    if dir.backend() == store::Backend::Sqlite {
        let database = std::fs::read(dir.path().join(store::DATABASE_FILE)).unwrap();
        assert!(!database.windows(13).any(|w| w == b"recording:cal"), "evidence is sealed");
    }
}

async fn refused_records_are_not_written(dir: DataDir) {
    let store = dir.open().await;
    let (c1, _) = cdr_support::two_customers(&store).await;
    let optout = ApprovalAction::Approve(Mechanism::OptOut);
    let mut short = record(ApprovalScope::OwnMarketing, optout, Method::Written, "letter-1");
    short.notified_on = Some(date(2026, 2, 10));
    short.effective_on = date(2026, 3, 11);
    let refusals = [
        (
            record(ApprovalScope::OwnMarketing, ApprovalAction::Approve(Mechanism::OptIn), Method::Oral, "phone call"),
            Error::OralWithoutRecording,
        ),
        (record(ApprovalScope::OwnMarketing, optout, Method::Oral, "recording:r-1"), Error::OralOptOut),
        (record(ApprovalScope::OwnMarketing, optout, Method::Written, "letter-1"), Error::OptOutDatesMissing),
        (short, Error::WaitTooShort),
    ];
    for (entry, expected) in refusals {
        let outcome = store.record_approval(&c1, &entry).await;
        assert!(matches!(&outcome, Err(StoreError::Compliance(e)) if *e == expected), "{outcome:?}");
    }
    assert!(store.approval_history(&c1).await.unwrap().is_empty());
    let reseller = store.tenant_by_slug("r").await.unwrap().unwrap().id;
    let optin = record(ApprovalScope::OwnMarketing, ApprovalAction::Approve(Mechanism::OptIn), Method::Written, "f");
    assert!(store.record_approval(&reseller, &optin).await.is_err(), "approvals are a customer's");
    store.close().await;
}

on_both_backends!(history_round_trips_and_decides_state, refused_records_are_not_written);
