//! One-time use of CPNI during one call (47 CFR 64.2008(f)): support
//! records the customer's oral approval against the call's reference, with
//! the recording that proves it; the gate then lets `one_time_use` reads
//! naming that call through, and only that call, until its end is
//! recorded. Every step is audited. The record is kept a year after the
//! call (64.2007(a)(3)): on 2030-03-17 a call that ended on 2029-03-16
//! goes, one that ended on 2029-03-17 stays.

#[macro_use]
mod backends;
mod cdr_support;
mod cpni_support;

use access::Role;
use backends::DataDir;
use compliance::{Accessor, CpniRequest, OneTimeApproval, Purpose};
use cpni_support::{actor, audit_rows, audit_tail, request};
use jiff::Timestamp;
use store::{RetentionOptions, StoreError};

/// 2030-03-17T17:46:40Z, 13:46 in New York.
const NOW_MS: i64 = 1_900_000_000_000;

fn approval(call: &str, evidence: &str) -> OneTimeApproval {
    OneTimeApproval { call: call.into(), evidence: evidence.into() }
}

async fn one_time_use_opens_one_call_while_it_lasts(dir: DataDir) {
    let store = dir.open().await;
    let pool = dir.raw().await;
    let (c1, c2) = cdr_support::two_customers(&store).await;
    store.insert_cdrs(&[cdr_support::call(&c1, "201", "+12025550143", 1_790_000_000_000)]).await.unwrap();
    let platform = store.platform().await.unwrap().path;
    let agent = actor("agent-7", Role::Support, &platform);
    let on_call = |call: &str| -> CpniRequest {
        request(Accessor::Person(agent.clone()), Purpose::OneTimeUse { call: call.into() })
    };
    let now = Timestamp::now();
    let before = audit_tail(&pool).await;

    let refused = store.cdrs_page(&on_call("CC-118"), &c1, None, 10).await;
    assert!(matches!(refused, Err(StoreError::CpniDenied(_))), "no approval yet: {refused:?}");
    let unproven = store.record_one_time_approval(&agent, &c1, &approval("CC-118", "notes"), now).await;
    assert!(matches!(unproven, Err(StoreError::Compliance(_))), "oral approval needs its recording: {unproven:?}");
    let a_number = store.record_one_time_approval(&agent, &c1, &approval("2025550143", "recording:r-1"), now).await;
    assert!(matches!(a_number, Err(StoreError::Compliance(_))), "{a_number:?}");
    let user = actor("ada", Role::User, &cpni_support::path_of(&store, "c1").await);
    let by_user = store.record_one_time_approval(&user, &c1, &approval("CC-118", "recording:r-1"), now).await;
    assert!(matches!(by_user, Err(StoreError::Compliance(_))), "not a representative: {by_user:?}");

    store.record_one_time_approval(&agent, &c1, &approval("CC-118", "recording:r-1"), now).await.unwrap();
    let again = store.record_one_time_approval(&agent, &c1, &approval("CC-118", "recording:r-2"), now).await;
    assert!(matches!(again, Err(StoreError::Compliance(_))), "one approval per call: {again:?}");
    assert_eq!(store.cdrs_page(&on_call("CC-118"), &c1, None, 10).await.unwrap().len(), 1, "on the call");
    let other_call = store.cdrs_page(&on_call("CC-119"), &c1, None, 10).await;
    assert!(matches!(other_call, Err(StoreError::CpniDenied(_))), "another call: {other_call:?}");
    let other_customer = store.cdrs_page(&on_call("CC-118"), &c2, None, 10).await;
    assert!(matches!(other_customer, Err(StoreError::CpniDenied(_))), "another customer: {other_customer:?}");

    store.end_one_time_call(&agent, &c1, "CC-118", now).await.unwrap();
    let after = store.cdrs_page(&on_call("CC-118"), &c1, None, 10).await;
    assert!(matches!(after, Err(StoreError::CpniDenied(_))), "after the call: {after:?}");
    let ended_twice = store.end_one_time_call(&agent, &c1, "CC-118", now).await;
    assert!(matches!(ended_twice, Err(StoreError::Compliance(_))), "{ended_twice:?}");
    let unknown = store.end_one_time_call(&agent, &c1, "CC-404", now).await;
    assert!(matches!(unknown, Err(StoreError::UnknownRecord(_))), "{unknown:?}");

    store.flush_audit().await.unwrap();
    let rows: Vec<String> = audit_rows(&pool, before)
        .await
        .into_iter()
        .map(|row| format!("{} {} {}", row[1], row[3].split("; ").last().unwrap_or_default(), row[4]))
        .collect();
    let (reads, consents): (Vec<_>, Vec<_>) = rows.iter().map(String::as_str).partition(|row| row.starts_with("cdr."));
    assert_eq!(consents, ["consent.one_time call=CC-118 allow", "consent.one_time_end call=CC-118 allow"]);
    assert_eq!(
        reads,
        [
            "cdr.read deny:no_one_time_approval deny",
            "cdr.read allow:role+one_time_oral_approval allow",
            "cdr.read deny:no_one_time_approval deny",
            "cdr.read deny:no_one_time_approval deny",
            "cdr.read deny:call_ended deny",
        ],
        "the gate's decisions, batched, in their order"
    );
    store.close().await;
}

async fn kept_a_year_after_the_call(dir: DataDir) {
    let store = dir.open().await;
    let (c1, _) = cdr_support::two_customers(&store).await;
    let platform = store.platform().await.unwrap().path;
    let agent = actor("agent-7", Role::Support, &platform);
    let at = |second: i64| Timestamp::from_second(second).unwrap();
    for (call, granted, ended) in [("CC-1", 1_868_356_800, Some(1_868_358_000)), ("CC-2", 1_868_443_200, None)] {
        store.record_one_time_approval(&agent, &c1, &approval(call, "recording:r"), at(granted)).await.unwrap();
        if let Some(ended) = ended {
            store.end_one_time_call(&agent, &c1, call, at(ended)).await.unwrap();
        }
    }
    let day_before = NOW_MS - 86_400_000;
    let early = store.run_retention(day_before, &RetentionOptions::default()).await.unwrap();
    assert_eq!(early.compliance.get("one_time_approval"), None, "never early: {early:?}");
    let report = store.run_retention(NOW_MS, &RetentionOptions::default()).await.unwrap();
    assert_eq!(report.compliance.get("one_time_approval"), Some(&1), "{report:?}");
    assert!(store.one_time_facts(&c1, "CC-1").await.unwrap().is_none(), "ended 2029-03-16: gone");
    assert!(store.one_time_facts(&c1, "CC-2").await.unwrap().is_some(), "its four hours ended 2029-03-17: kept");
    store.close().await;
}

on_both_backends!(one_time_use_opens_one_call_while_it_lasts, kept_a_year_after_the_call);
