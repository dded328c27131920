//! Delegation settings and the reseller's view over HTTPS: a customer admin
//! delegates call records to the reseller and revokes it (CSRF required; a
//! delegation of another customer is not found); the reseller admin sees
//! its customers with what they delegated; roles without the permission
//! see nothing.

mod common;

use access::Role;
use common::world::{World, csrf_in, form};

#[tokio::test(flavor = "multi_thread")]
async fn a_customer_delegates_and_revokes_and_the_reseller_sees_it() {
    let world = World::start().await;
    let admin = world.admin_cookie("ada@example.com").await;
    let page = world.get("/delegations", &admin).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Call detail records") && !page.body.contains("Delegated since"));
    let csrf = csrf_in(&page.body);

    let missing = world.post_form("/delegations", &admin, &form(&[("class", "call_records")])).await;
    assert_eq!(missing.status, 403);
    let bogus = world.post_form("/delegations", &admin, &form(&[("csrf", &csrf), ("class", "platform")])).await;
    assert_eq!(bogus.status, 400, "the platform class is not offered");
    let done = world.post_form("/delegations", &admin, &form(&[("csrf", &csrf), ("class", "call_records")])).await;
    assert_eq!(done.status, 303);
    let active = world.store.active_delegations(&world.customer).await.unwrap();
    assert_eq!(active.len(), 1);
    assert!(world.get("/delegations", &admin).await.body.contains("Delegated since"));

    let reseller = world.cookie_of(Role::ResellerAdmin, "res@example.com").await;
    let customers = world.get("/customers", &reseller).await;
    assert_eq!(customers.status, 200);
    assert!(customers.body.contains("ACME") && customers.body.contains("call records"), "{}", customers.body);
    assert_eq!(world.get("/delegations", &reseller).await.status, 403, "a reseller does not delegate for its customer");

    let other = world.post_form("/delegations/not-an-id/revoke", &admin, &form(&[("csrf", &csrf)])).await;
    assert_eq!(other.status, 404);
    let revoked =
        world.post_form(&format!("/delegations/{}/revoke", active[0].id), &admin, &form(&[("csrf", &csrf)])).await;
    assert_eq!(revoked.status, 303);
    assert!(world.store.active_delegations(&world.customer).await.unwrap().is_empty());
    assert!(world.get("/customers", &reseller).await.body.contains("Basic PBX setup only"));

    assert_eq!(world.get("/customers", &admin).await.status, 403, "a customer admin has no customers");
    let user = world.cookie_of(Role::User, "u@example.com").await;
    let refused = world.get("/delegations", &user).await;
    assert_eq!(refused.status, 403);
    assert!(!refused.body.contains("Call detail records"));
}
