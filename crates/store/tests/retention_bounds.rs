//! Retention policies stay within the platform's bounds: CDRs at least 18
//! months (47 CFR 42.6) and at most 5 years, media at least a day and at
//! most 5 years; out-of-bounds values are refused with an error naming the
//! bounds and change nothing; unset types read as the defaults (CDRs 5
//! years, recordings 90 days, voicemail 30 days); a deleted or unknown
//! customer is refused.

#[macro_use]
mod backends;
mod retention_support;

use std::time::Duration;

use backends::DataDir;
use store::{RecordType, RetentionPolicy, StoreError};

const DAY: Duration = Duration::from_secs(86_400);

async fn out_of_bounds_values_are_refused(dir: DataDir) {
    let store = dir.open().await;
    let (a, _) = retention_support::two_customers(&store).await;
    let defaults = store.retention_policy(&a).await.unwrap();
    assert_eq!(defaults, RetentionPolicy::default());
    assert_eq!((defaults.cdr, defaults.recording, defaults.voicemail), (DAY * 1_827, DAY * 90, DAY * 30));

    for (record, keep) in [
        (RecordType::Cdr, DAY * 548),
        (RecordType::Cdr, DAY * 1_828),
        (RecordType::Recording, Duration::ZERO),
        (RecordType::Recording, DAY * 1_828),
        (RecordType::Voicemail, DAY / 2),
    ] {
        let refused = store.set_retention(&a, record, keep).await.unwrap_err();
        assert!(matches!(refused, StoreError::RetentionOutOfBounds { .. }), "{record} {keep:?}: {refused}");
        assert!(refused.to_string().contains("days"), "{refused}");
    }
    assert_eq!(store.retention_policy(&a).await.unwrap(), defaults, "a refused value was stored");

    store.set_retention(&a, RecordType::Cdr, DAY * 549).await.unwrap();
    store.set_retention(&a, RecordType::Recording, DAY * 1_827).await.unwrap();
    store.set_retention(&a, RecordType::Voicemail, DAY).await.unwrap();
    let chosen = store.retention_policy(&a).await.unwrap();
    assert_eq!((chosen.cdr, chosen.recording, chosen.voicemail), (DAY * 549, DAY * 1_827, DAY));

    let reseller = store.tenant_by_slug("r").await.unwrap().unwrap().id;
    let refused = store.set_retention(&reseller, RecordType::Cdr, DAY * 600).await.unwrap_err();
    assert!(matches!(refused, StoreError::WrongKind { .. }), "{refused}");
    store.delete_customer(&a, "operator").await.unwrap();
    let refused = store.set_retention(&a, RecordType::Cdr, DAY * 600).await.unwrap_err();
    assert!(matches!(refused, StoreError::CustomerDeleted), "{refused}");
}

on_both_backends!(out_of_bounds_values_are_refused);
