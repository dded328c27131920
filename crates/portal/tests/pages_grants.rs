//! Access grants over HTTPS: the security officer lends a platform admin a
//! permission on one customer for a few hours (CSRF required; only platform
//! admins receive grants), sees it listed and revokes it; a customer admin,
//! without `access.grant`, sees nothing.

mod common;

use access::Role;
use common::world::{World, csrf_in, form};

#[tokio::test(flavor = "multi_thread")]
async fn the_security_officer_issues_and_revokes_a_grant() {
    let world = World::start().await;
    let officer = world.cookie_of(Role::SecurityOfficer, "so@example.com").await;
    let (engineer, _) = world.person_with_totp(Role::PlatformAdmin, "eng@example.com").await;
    let page = world.get("/grants", &officer).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("No grants yet"));
    let csrf = csrf_in(&page.body);

    let fields = |csrf: &str, grantee: &str| {
        form(&[("csrf", csrf), ("grantee", grantee), ("tenant", "acme"), ("permission", "pbx.read"), ("hours", "2")])
    };
    assert_eq!(world.post_form("/grants", &officer, &fields("", "eng@example.com")).await.status, 403);
    let wrong = world.post_form("/grants", &officer, &fields(&csrf, "so@example.com")).await;
    assert_eq!(wrong.status, 400, "only a platform admin receives a grant");
    let issued = world.post_form("/grants", &officer, &fields(&csrf, "eng@example.com")).await;
    assert_eq!(issued.status, 303, "{}", issued.body);
    let grants = world.store.grants_to(&engineer).await.unwrap();
    assert_eq!(grants.len(), 1);
    assert_eq!(grants[0].scope.tenant.leaf(), &world.customer);
    let listed = world.get("/grants", &officer).await;
    assert!(listed.body.contains("eng@example.com") && listed.body.contains(">Active<"));

    let revoked =
        world.post_form(&format!("/grants/{}/revoke", grants[0].id.0), &officer, &form(&[("csrf", &csrf)])).await;
    assert_eq!(revoked.status, 303);
    assert!(world.store.grants_to(&engineer).await.unwrap()[0].revoked_at.is_some());
    assert!(world.get("/grants", &officer).await.body.contains(">Revoked<"));

    let admin = world.admin_cookie("ada@example.com").await;
    let refused = world.get("/grants", &admin).await;
    assert_eq!(refused.status, 403);
    assert!(!refused.body.contains("eng@example.com"));
}
