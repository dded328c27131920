//! Every CPNI gate decision, allow or deny, reaches the audit log with its
//! actor, action, target (the customer's id), purpose and explanation,
//! decision and source, and the log still verifies; a refused read returns
//! no CPNI; the party lookup's record never names the number; hundreds of
//! concurrent decisions, batched, chain correctly.

#[macro_use]
mod backends;
mod cdr_support;
mod cpni_support;

use access::Role;
use backends::DataDir;
use compliance::{Accessor, DenyReason, Purpose};
use cpni_support::{actor, audit_rows, audit_tail, host, request};
use store::StoreError;

async fn every_decision_is_audited(dir: DataDir) {
    let store = dir.open().await;
    let pool = dir.raw().await;
    let (c1, c2) = cdr_support::two_customers(&store).await;
    store.insert_cdrs(&[cdr_support::call(&c1, "+12025550143", "201", 1_000)]).await.unwrap();
    let c1_path = cpni_support::path_of(&store, "c1").await;
    let admin_c1 = Accessor::Person(actor("admin-1", Role::CustomerAdmin, &c1_path));
    let mut weak_support = actor("support-1", Role::Support, "x");
    weak_support.home = access::TenantPath::parse(c1_path.split('/').next().unwrap()).unwrap();
    weak_support.strength = access::AuthStrength::Password;
    store.flush_audit().await.unwrap();
    let before = audit_tail(&pool).await;

    let billing = store.cdrs_page(&host(Purpose::Billing), &c1, None, 10).await.unwrap();
    assert_eq!(billing.len(), 1);
    let legal = Purpose::LawEnforcement { legal_process: "subpoena 24-117".into() };
    assert_eq!(store.cdrs_page(&host(legal), &c1, None, 10).await.unwrap().len(), 1);
    let refusals = [
        (host(Purpose::TrackCompetitorCallers), &c1, DenyReason::CompetitorTracking),
        (host(Purpose::Marketing { campaign: "none".into() }), &c1, DenyReason::PurposeNotForAccessor),
        (request(admin_c1.clone(), Purpose::Billing), &c2, DenyReason::Access(access::DenyReason::OutsideTenant)),
        (
            request(Accessor::Person(weak_support), Purpose::Billing),
            &c1,
            DenyReason::Access(access::DenyReason::SecondFactorRequired),
        ),
    ];
    for (request, customer, reason) in &refusals {
        let read = store.cdrs_page(request, customer, None, 10).await;
        assert!(matches!(read, Err(StoreError::CpniDenied(r)) if r == *reason), "{read:?}");
    }
    let own = request(admin_c1, Purpose::CustomerSelfService);
    assert_eq!(store.cdrs_for_party(&own, &c1, "+12025550143", None, 10).await.unwrap().len(), 1);
    store.flush_audit().await.unwrap();

    let rows = audit_rows(&pool, before).await;
    assert_eq!(rows.len(), 7, "one record per decision: {rows:#?}");
    let expect = |i: usize, actor: &str, action: &str, target: &str, purpose: &str, decision: &str| {
        assert_eq!(rows[i], [actor, action, target, purpose, decision, "192.0.2.7"].map(String::from), "record {i}");
    };
    expect(0, "operator:test", "cdr.read", &c1.0, "billing; allow:host_operator+no_approval_needed", "allow");
    let legal = "law_enforcement[legal_process=subpoena 24-117]; allow:host_operator+legal_process";
    expect(1, "operator:test", "cdr.read", &c1.0, legal, "allow");
    let tracking = "track_competitor_callers; deny:competitor_tracking_forbidden";
    expect(2, "operator:test", "cdr.read", &c1.0, tracking, "deny");
    expect(3, "operator:test", "cdr.read", &c1.0, "marketing[campaign=none]; deny:purpose_not_for_accessor", "deny");
    expect(4, "admin-1", "cdr.read", &c2.0, "billing; deny:outside_tenant", "deny");
    expect(5, "support-1", "cdr.read", &c1.0, "billing; deny:second_factor_required", "deny");
    expect(6, "admin-1", "cdr.read_party", &c1.0, "customer_self_service; allow:role+no_approval_needed", "allow");
    assert!(rows.iter().flatten().all(|field| !field.contains("2025550143")), "no phone number in the log");
    assert!(store.verify_audit().await.unwrap().is_ok());
    store.close().await;
}

async fn concurrent_decisions_chain_in_batches(dir: DataDir) {
    let store = dir.open().await;
    let pool = dir.raw().await;
    let (c1, _) = cdr_support::two_customers(&store).await;
    let before = audit_tail(&pool).await;
    let mut reads = tokio::task::JoinSet::new();
    for i in 0..600 {
        let (store, c1) = (store.clone(), c1.clone());
        let purpose = if i % 3 == 0 { Purpose::TrackCompetitorCallers } else { Purpose::NetworkOperations };
        reads.spawn(async move { store.cdrs_page(&host(purpose), &c1, None, 1).await.is_ok() });
    }
    let allowed = reads.join_all().await.into_iter().filter(|ok| *ok).count();
    assert_eq!(allowed, 400);
    store.close().await;
    let store = dir.open().await;
    let rows = audit_rows(&pool, before).await;
    assert_eq!(rows.len(), 600, "close wrote every queued decision");
    assert_eq!(rows.iter().filter(|row| row[4] == "deny").count(), 200);
    assert!(store.verify_audit().await.unwrap().is_ok());
    store.close().await;
}

on_both_backends!(every_decision_is_audited, concurrent_decisions_chain_in_batches);
