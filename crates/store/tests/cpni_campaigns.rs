//! The campaign register (47 CFR 64.2009(c), (d)): a campaign is recorded
//! with its description, CPNI used, offer and scope; supervisory approval
//! is two-person (the requester cannot approve, an approver needs
//! `campaign.approve`, and only once); before it the gate refuses its
//! marketing reads; its audience, computed through the gate, holds exactly
//! the customers whose approval covers its scope, every inclusion and
//! exclusion audited.

#[macro_use]
mod backends;
mod cdr_support;
mod cpni_support;

use access::{Role, TenantPath};
use backends::DataDir;
use compliance::{
    Accessor, ApprovalAction, ApprovalRecord, ApprovalScope, CampaignRequest, DenyReason, Error, Mechanism, Method,
    Purpose,
};
use cpni_support::{actor, audit_rows, audit_tail, request};
use jiff::Timestamp;
use jiff::civil::date;
use store::StoreError;

fn opt_in(scope: ApprovalScope) -> ApprovalRecord {
    ApprovalRecord {
        scope,
        action: ApprovalAction::Approve(Mechanism::OptIn),
        method: Method::Electronic,
        evidence: "portal-consent-1".into(),
        notified_on: None,
        effective_on: date(2026, 1, 2),
        recorded_at: Timestamp::from_second(1_767_300_000).unwrap(),
        recorded_by: "operator:test".into(),
    }
}

async fn two_person_approval_then_a_gated_audience(dir: DataDir) {
    let store = dir.open().await;
    let pool = dir.raw().await;
    let (c1, c2) = cdr_support::two_customers(&store).await;
    let platform = store.platform().await.unwrap().path;
    let seller = actor("seller", Role::Support, &platform);
    let officer = actor("officer", Role::SecurityOfficer, &platform);
    let now = Timestamp::now();
    let proposal = CampaignRequest {
        owner: TenantPath::parse(&platform).unwrap(),
        description: "Spring upgrade to unlimited long distance".into(),
        cpni_used: "monthly long-distance minutes".into(),
        offered: "Unlimited LD plan".into(),
        scope: ApprovalScope::ThirdParties,
    };
    let campaign = store.register_campaign(&seller, &proposal, now).await.unwrap();
    assert_eq!(store.campaign(&campaign.id).await.unwrap().unwrap(), campaign, "the register keeps it");
    let marketing = request(Accessor::Person(seller.clone()), Purpose::Marketing { campaign: campaign.id.clone() });
    let early = store.cdrs_page(&marketing, &c1, None, 10).await;
    assert!(matches!(early, Err(StoreError::CpniDenied(DenyReason::CampaignNotApproved))), "{early:?}");

    let own = store.approve_campaign(&seller, &campaign.id, now).await;
    assert!(matches!(own, Err(StoreError::Compliance(Error::SelfApproval))), "{own:?}");
    let peer = actor("peer", Role::Support, &platform);
    let unqualified = store.approve_campaign(&peer, &campaign.id, now).await;
    assert!(matches!(unqualified, Err(StoreError::Compliance(Error::NotSupervisor(_)))), "{unqualified:?}");
    let approved = store.approve_campaign(&officer, &campaign.id, now).await.unwrap();
    assert_eq!(approved.approval.as_ref().map(|(by, _)| by.0.as_str()), Some("officer"));
    let again = store.approve_campaign(&officer, &campaign.id, now).await;
    assert!(matches!(again, Err(StoreError::Compliance(Error::AlreadyApproved))));

    store.record_approval(&c1, &opt_in(ApprovalScope::ThirdParties)).await.unwrap();
    store.record_approval(&c2, &opt_in(ApprovalScope::OwnMarketing)).await.unwrap();
    store.flush_audit().await.unwrap();
    let before = audit_tail(&pool).await;
    let audience = store.campaign_audience(&seller, &campaign.id, "192.0.2.7").await.unwrap();
    let verdicts: Vec<(&str, bool, &str)> =
        audience.iter().map(|e| (e.slug.as_str(), e.included, e.explanation.as_str())).collect();
    assert_eq!(verdicts, [("c1", true, "allow"), ("c2", false, "no_approval")]);
    store.flush_audit().await.unwrap();
    let rows = audit_rows(&pool, before).await;
    assert_eq!(rows.len(), 2, "{rows:#?}");
    assert_eq!(rows[0][1], "campaign.audience");
    assert_eq!((rows[0][2].as_str(), rows[0][4].as_str()), (c1.0.as_str(), "allow"));
    assert_eq!((rows[1][2].as_str(), rows[1][4].as_str()), (c2.0.as_str(), "deny"));
    assert!(rows[1][3].ends_with("deny:no_approval"), "{}", rows[1][3]);
    assert_eq!(store.cdrs_page(&marketing, &c1, None, 10).await.unwrap(), vec![], "approved now: c1 readable");
    assert!(store.campaign_audience(&seller, "nope", "cli").await.is_err());
    store.close().await;
}

on_both_backends!(two_person_approval_then_a_gated_audience);
