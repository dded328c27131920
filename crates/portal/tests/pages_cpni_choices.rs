//! The customer's CPNI choices over HTTPS (47 CFR 64.2007(a), 64.2008(d)(3)(v),
//! (e)): a customer admin sees the four approval scopes, opts in to one and
//! the store's history then holds an electronic opt-in with the portal's
//! evidence, audited; withdrawing works once; a missing or wrong CSRF token
//! is refused; other roles and anonymous visitors are refused and see
//! nothing of the page; another customer's admin cannot change this
//! customer's choices.

mod common;

use access::Role;
use common::world::{World, csrf_in, form};
use compliance::{ApprovalAction, ApprovalScope, ApprovalStatus, Mechanism, Method};
use store::{AuditFilter, NewTenant};

const HEADINGS: [&str; 4] =
    ["Our own marketing to you", "Our agents and affiliates", "Joint venture partners", "Other third parties"];

fn choice(csrf: &str, scope: &str, choice: &str) -> String {
    form(&[("csrf", csrf), ("scope", scope), ("choice", choice)])
}

#[tokio::test(flavor = "multi_thread")]
async fn a_customer_admin_opts_in_and_withdraws() {
    let world = World::start().await;
    let (admin, _) = world.person_with_totp(Role::CustomerAdmin, "ada@example.com").await;
    let cookie = world.cookie(&admin).await;
    let page = world.get("/cpni/choices", &cookie).await;
    assert_eq!(page.status, 200);
    assert!(HEADINGS.iter().all(|heading| page.body.contains(heading)), "{}", page.body);
    assert_eq!(page.body.matches("No choice recorded").count(), 4);
    assert!(page.body.contains("<strong>free</strong>") && page.body.contains("does not affect any service"));
    assert!(page.body.contains("stays in effect until you change it"));
    assert!(!page.body.contains("Withdraw my earlier choice"), "nothing to withdraw yet");
    let csrf = csrf_in(&page.body);

    let done = world.post_form("/cpni/choices", &cookie, &choice(&csrf, "third_parties", "allow")).await;
    assert_eq!(done.status, 303);
    let history = world.store.approval_history(&world.customer).await.unwrap();
    assert_eq!(history.len(), 1);
    let record = &history[0];
    assert_eq!(record.scope, ApprovalScope::ThirdParties);
    assert_eq!(record.action, ApprovalAction::Approve(Mechanism::OptIn));
    assert_eq!(record.method, Method::Electronic);
    assert_eq!(record.evidence, format!("portal:{}", admin.0));
    assert_eq!(record.recorded_by, admin.0);
    assert_eq!(record.effective_on, compliance::gate::eastern_date(jiff::Timestamp::now()));
    assert!(!record.evidence.contains("ada@"), "no sign-in name in the evidence");
    let audited = AuditFilter { action: Some("consent.record".into()), ..AuditFilter::default() };
    let audit = world.store.audit_page(&audited, None, 10).await.unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!((audit[0].1.actor.as_str(), audit[0].1.target.as_str()), (admin.0.as_str(), world.customer.0.as_str()));

    let after = world.get("/cpni/choices?saved=true", &cookie).await;
    assert!(after.body.contains("Your choice is recorded"));
    assert!(after.body.contains("Allowed: you opted in, in effect since"), "{}", after.body);
    assert!(after.body.contains("Withdraw my earlier choice") && after.body.contains("Allowed (opt-in)"));
    assert!(after.body.contains("ada@example.com"), "the history names who chose");

    let withdrawn = world.post_form("/cpni/choices", &cookie, &choice(&csrf, "third_parties", "withdraw")).await;
    assert_eq!(withdrawn.status, 303);
    let history = world.store.approval_history(&world.customer).await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].action, ApprovalAction::Revoke);
    assert_eq!(ApprovalStatus::of(&history, ApprovalScope::ThirdParties), ApprovalStatus::None);

    let again = world.post_form("/cpni/choices", &cookie, &choice(&csrf, "third_parties", "withdraw")).await;
    assert_eq!(again.status, 400, "nothing left to withdraw");
    assert!(again.body.contains("no earlier choice to withdraw"));
    let unknown = world.post_form("/cpni/choices", &cookie, &choice(&csrf, "everyone", "allow")).await;
    assert_eq!(unknown.status, 400);
    let opt_out = world.post_form("/cpni/choices", &cookie, &choice(&csrf, "own_marketing", "opt_out")).await;
    assert_eq!(opt_out.status, 400, "an opt-out approval is never recorded from a button");
    assert_eq!(world.store.approval_history(&world.customer).await.unwrap().len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_or_wrong_csrf_token_records_nothing() {
    let world = World::start().await;
    let cookie = world.admin_cookie("ada@example.com").await;
    let no_token = form(&[("scope", "own_marketing"), ("choice", "deny")]);
    assert_eq!(world.post_form("/cpni/choices", &cookie, &no_token).await.status, 403);
    let wrong = world.post_form("/cpni/choices", &cookie, &choice(&"0".repeat(64), "own_marketing", "deny")).await;
    assert_eq!(wrong.status, 403);
    let other_session = world.admin_cookie("bob@example.com").await;
    let theirs = csrf_in(&world.get("/cpni/choices", &other_session).await.body);
    let borrowed = world.post_form("/cpni/choices", &cookie, &choice(&theirs, "own_marketing", "deny")).await;
    assert_eq!(borrowed.status, 403, "another session's token");
    assert!(world.store.approval_history(&world.customer).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn other_roles_and_anonymous_visitors_are_refused_and_see_nothing() {
    let world = World::start().await;
    let admin = world.admin_cookie("ada@example.com").await;
    let csrf = csrf_in(&world.get("/cpni/choices", &admin).await.body);
    let anonymous = world.get("/cpni/choices", "").await;
    assert_eq!(anonymous.status, 401);
    assert!(!HEADINGS.iter().any(|heading| anonymous.body.contains(heading)));
    let posted = world.post_form("/cpni/choices", "", &choice(&csrf, "own_marketing", "allow")).await;
    assert_eq!(posted.status, 401);
    for (index, role) in [Role::Support, Role::ResellerAdmin, Role::User, Role::SecurityOfficer].into_iter().enumerate()
    {
        let cookie = world.cookie_of(role, &format!("r{index}@example.com")).await;
        let page = world.get("/cpni/choices", &cookie).await;
        assert_eq!(page.status, 403, "{role}");
        assert!(!HEADINGS.iter().any(|heading| page.body.contains(heading)), "{role}: {}", page.body);
        let own_csrf = csrf_in(&world.get("/account", &cookie).await.body);
        let posted = world.post_form("/cpni/choices", &cookie, &choice(&own_csrf, "own_marketing", "allow")).await;
        assert_eq!(posted.status, 403, "{role}");
        let dashboard = world.get("/dashboard", &cookie).await;
        assert!(!dashboard.body.contains("CPNI choices"), "{role} has no link to the page");
    }
    assert!(world.get("/dashboard", &admin).await.body.contains("CPNI choices"), "the admin has the link");
    assert!(world.store.approval_history(&world.customer).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn another_customers_admin_changes_only_their_own_choices() {
    let world = World::start().await;
    let globex = NewTenant {
        slug: "globex".into(),
        name: "GLOBEX".into(),
        parent: Some("acme-reseller".into()),
        sip_domain: Some("globex.example".into()),
        is_default: false,
    };
    let globex = world.store.upsert_customer(&globex).await.unwrap().id;
    let (intruder, _) = world.person_with_totp_at(&globex, Role::CustomerAdmin, "hank@example.com").await;
    let cookie = world.cookie(&intruder).await;
    let csrf = csrf_in(&world.get("/cpni/choices", &cookie).await.body);
    let aimed = form(&[
        ("csrf", &csrf),
        ("scope", "third_parties"),
        ("choice", "allow"),
        ("customer", &world.customer.0),
        ("tenant", &world.customer.0),
    ]);
    assert_eq!(world.post_form("/cpni/choices", &cookie, &aimed).await.status, 303);
    assert!(world.store.approval_history(&world.customer).await.unwrap().is_empty(), "acme's choices unchanged");
    assert_eq!(world.store.approval_history(&globex).await.unwrap().len(), 1, "the form changed globex's own");

    let acme_admin = world.admin_cookie("ada@example.com").await;
    let acme_page = world.get("/cpni/choices", &acme_admin).await;
    assert_eq!(acme_page.body.matches("No choice recorded").count(), 4, "and acme sees none of it");
    assert!(!acme_page.body.contains("hank@example.com"));
}
