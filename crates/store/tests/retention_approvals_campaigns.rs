//! The retention job keeps approvals and campaigns for their periods and
//! never less (47 CFR 64.2007(a), 64.2009(c), (d)): on 2030-03-17 (the
//! run's day in New York) an approval replaced on 2029-03-16 goes, one
//! revoked on 2029-03-17 (exactly a year) stays with its revocation, and
//! the records in effect stay whatever their age; a campaign ended on
//! 2029-03-16 goes, one ended on 2029-03-17 stays, one still running
//! stays. A dry run counts the same; a run a day earlier deletes nothing;
//! the customer's approval state is the same after the purge.

#[macro_use]
mod backends;
mod cdr_support;
mod cpni_support;

use access::{Role, TenantPath};
use backends::DataDir;
use compliance::{ApprovalAction, ApprovalRecord, ApprovalScope, ApprovalStatus, CampaignRequest, Mechanism, Method};
use jiff::Timestamp;
use jiff::civil::{Date, date};
use store::{RetentionOptions, Store, StoreError};

/// 2030-03-17T17:46:40Z, 13:46 in New York.
const NOW: i64 = 1_900_000_000_000;
/// 2028-01-01T12:00Z: when the approvals were recorded.
const RECORDED: i64 = 1_830_340_800;

fn record(scope: ApprovalScope, action: ApprovalAction, effective_on: Date) -> ApprovalRecord {
    ApprovalRecord {
        scope,
        action,
        method: Method::Written,
        evidence: format!("form {effective_on}"),
        notified_on: None,
        effective_on,
        recorded_at: Timestamp::from_second(RECORDED).unwrap(),
        recorded_by: "operator:test".into(),
    }
}

async fn campaign(store: &Store, ended_at: Option<i64>) -> String {
    let platform = store.platform().await.unwrap().path;
    let seller = cpni_support::actor("seller", Role::Support, &platform);
    let request = CampaignRequest {
        owner: TenantPath::parse(&platform).unwrap(),
        description: format!("campaign ending {ended_at:?}"),
        cpni_used: "minutes".into(),
        offered: "a plan".into(),
        scope: ApprovalScope::OwnMarketing,
    };
    let registered = store.register_campaign(&seller, &request, Timestamp::now()).await.unwrap();
    if let Some(second) = ended_at {
        store.end_campaign(&registered.id, "operator:test", Timestamp::from_second(second).unwrap()).await.unwrap();
    }
    registered.id
}

async fn kept_while_in_effect_and_a_year_after(dir: DataDir) {
    let store = dir.open().await;
    let (c1, _) = cdr_support::two_customers(&store).await;
    let optin = ApprovalAction::Approve(Mechanism::OptIn);
    let history = [
        record(ApprovalScope::OwnMarketing, optin, date(2028, 1, 1)),
        record(ApprovalScope::ThirdParties, optin, date(2028, 1, 1)),
        record(ApprovalScope::AgentsAffiliates, optin, date(2028, 1, 1)),
        record(ApprovalScope::OwnMarketing, ApprovalAction::Disapprove, date(2029, 3, 16)),
        record(ApprovalScope::ThirdParties, ApprovalAction::Revoke, date(2029, 3, 17)),
    ];
    for entry in &history {
        store.record_approval(&c1, entry).await.unwrap();
    }
    let gone = campaign(&store, Some(1_868_356_800)).await; // ended 2029-03-16
    let kept = [campaign(&store, Some(1_868_443_200)).await, campaign(&store, None).await];
    let ended_twice = store.end_campaign(&kept[0], "operator:test", Timestamp::now()).await;
    assert!(matches!(ended_twice, Err(StoreError::Compliance(_))), "{ended_twice:?}");
    let unknown = store.end_campaign("nope", "operator:test", Timestamp::now()).await;
    assert!(matches!(unknown, Err(StoreError::UnknownCampaign)), "{unknown:?}");

    let due: Vec<(String, u64)> = vec![("approval".into(), 1), ("campaign".into(), 1)];
    let dry = store.run_retention(NOW, &RetentionOptions { dry_run: true, ..Default::default() }).await.unwrap();
    assert_eq!(dry.compliance.clone().into_iter().collect::<Vec<_>>(), due);
    let day_before = store.run_retention(NOW - 86_400_000, &RetentionOptions::default()).await.unwrap();
    assert!(day_before.compliance.is_empty(), "a day earlier nothing is due: {day_before:?}");
    assert_eq!(store.approval_history(&c1).await.unwrap().len(), 5);

    let report = store.run_retention(NOW, &RetentionOptions::default()).await.unwrap();
    assert_eq!(report.compliance, dry.compliance);
    let left = store.approval_history(&c1).await.unwrap();
    assert_eq!(left, history[1..].to_vec(), "only the replaced opt-in went");
    for scope in ApprovalScope::ALL {
        assert_eq!(ApprovalStatus::of(&left, scope), ApprovalStatus::of(&history, scope), "{scope:?}");
    }
    assert!(store.campaign(&gone).await.unwrap().is_none());
    for id in &kept {
        assert!(store.campaign(id).await.unwrap().is_some(), "{id}");
    }
    store.close().await;
}

on_both_backends!(kept_while_in_effect_and_a_year_after);
