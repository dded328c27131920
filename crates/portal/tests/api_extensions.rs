//! `/api/v1/extensions` over real HTTPS: create-or-replace is idempotent
//! (201, then 200 with the same state), the SIP password is shown once and
//! never the stored secret, pages follow `next`, another customer's admin
//! learns nothing, and bad input is a 400 with the error body.

mod api_common;
mod common;

use access::Role;
use api_common::{admin_of, assert_error, caller, json, other_customer, send};
use common::world::World;

#[tokio::test(flavor = "multi_thread")]
async fn put_is_idempotent_and_the_password_is_shown_once() {
    let world = World::start().await;
    let (_, auth) = caller(&world, Role::CustomerAdmin, "admin@acme.example").await;
    let body = r#"{"display_name":"Front desk","password":"a long sip secret"}"#;
    let first = send(&world, "PUT", "/api/v1/extensions/1001", &auth, body).await;
    assert_eq!(first.status, 201, "{}", first.body);
    let again = send(&world, "PUT", "/api/v1/extensions/1001", &auth, body).await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(json(&first), json(&again), "the same state");
    assert_eq!(json(&again)["realm"], "acme.example");
    assert!(json(&again)["sip_password"].is_null(), "a password given is not echoed");
    let stored = world.store.extension(&world.customer, "1001").await.unwrap().unwrap();
    let got = send(&world, "GET", "/api/v1/extensions/1001", &auth, "").await;
    assert_eq!(json(&got)["display_name"], "Front desk");
    assert!(!got.body.contains(&stored.secret.ha1_md5) && !got.body.contains("secret"), "{}", got.body);

    let generated = send(&world, "PUT", "/api/v1/extensions/1002", &auth, r#"{"display_name":"Back"}"#).await;
    assert_eq!(generated.status, 201);
    let password = json(&generated)["sip_password"].as_str().unwrap().to_owned();
    assert!(password.len() >= 20, "{password}");
    let kept = send(&world, "PUT", "/api/v1/extensions/1002", &auth, r#"{"display_name":"Back office"}"#).await;
    assert_eq!(kept.status, 200);
    assert!(json(&kept)["sip_password"].is_null(), "an existing extension keeps its password");

    let reset = send(&world, "POST", "/api/v1/extensions/1002/sip-password", &auth, "").await;
    assert_eq!(reset.status, 200, "{}", reset.body);
    let new_password = json(&reset)["sip_password"].as_str().unwrap().to_owned();
    assert_ne!(new_password, password);
    let after = world.store.extension(&world.customer, "1002").await.unwrap().unwrap();
    let expected = sip::digest::ha1(sip::digest::Algorithm::Sha256, "1002", "acme.example", &new_password);
    assert_eq!(after.secret.ha1_sha256, expected, "the new password is the one stored");
}

#[tokio::test(flavor = "multi_thread")]
async fn lists_page_by_cursor_and_delete_removes() {
    let world = World::start().await;
    let (_, auth) = caller(&world, Role::CustomerAdmin, "admin@acme.example").await;
    for number in ["1001", "1002", "1003"] {
        let body = r#"{"display_name":"Desk","password":"a long sip secret"}"#;
        assert_eq!(send(&world, "PUT", &format!("/api/v1/extensions/{number}"), &auth, body).await.status, 201);
    }
    let first = json(&send(&world, "GET", "/api/v1/extensions?limit=2", &auth, "").await);
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let next = first["next"].as_str().expect("a next cursor").to_owned();
    let second = json(&send(&world, "GET", &format!("/api/v1/extensions?limit=2&cursor={next}"), &auth, "").await);
    assert_eq!(second["items"][0]["number"], "1003");
    assert!(second["next"].is_null());

    assert_eq!(send(&world, "DELETE", "/api/v1/extensions/1003", &auth, "").await.status, 204);
    assert_error(&send(&world, "GET", "/api/v1/extensions/1003", &auth, "").await, 404, "not_found");
    assert_error(&send(&world, "DELETE", "/api/v1/extensions/1003", &auth, "").await, 404, "not_found");
    assert!(world.store.extension(&world.customer, "1003").await.unwrap().is_none());
    let changes = world.store.extension_changes_since(0).await.unwrap();
    assert!(changes.removed.contains(&(world.customer.clone(), "1003".to_owned())), "the directory hears of it");

    let did = r#"{"extension":"1001"}"#;
    assert_eq!(send(&world, "PUT", "/api/v1/dids/+15555550100", &auth, did).await.status, 201);
    assert_error(&send(&world, "DELETE", "/api/v1/extensions/1001", &auth, "").await, 409, "conflict");
}

#[tokio::test(flavor = "multi_thread")]
async fn another_customer_learns_nothing() {
    let world = World::start().await;
    let (_, auth) = caller(&world, Role::CustomerAdmin, "admin@acme.example").await;
    let body = r#"{"display_name":"Secret desk","password":"a long sip secret"}"#;
    assert_eq!(send(&world, "PUT", "/api/v1/extensions/1001", &auth, body).await.status, 201);
    let other = other_customer(&world).await;
    let stranger = admin_of(&world, &other.id, "admin@other.example").await;

    let listed = send(&world, "GET", "/api/v1/extensions", &stranger, "").await;
    assert_eq!(json(&listed)["items"].as_array().unwrap().len(), 0, "{}", listed.body);
    assert_error(&send(&world, "GET", "/api/v1/extensions/1001", &stranger, "").await, 404, "not_found");
    for path in ["/api/v1/extensions?customer=acme", "/api/v1/extensions/1001?customer=acme"] {
        let refused = send(&world, "GET", path, &stranger, "").await;
        assert_error(&refused, 404, "not_found");
        assert!(!refused.body.contains("Secret desk"));
    }
    let unknown = send(&world, "GET", "/api/v1/extensions?customer=no-such-customer", &stranger, "").await;
    assert_eq!(unknown.body, send(&world, "GET", "/api/v1/extensions?customer=acme", &stranger, "").await.body);
    assert_error(
        &send(&world, "DELETE", "/api/v1/extensions/1001?customer=acme", &stranger, "").await,
        404,
        "not_found",
    );
    assert!(world.store.extension(&world.customer, "1001").await.unwrap().is_some());

    let (_, reseller) = caller(&world, Role::ResellerAdmin, "reseller@example.com").await;
    let via_reseller = send(&world, "GET", "/api/v1/extensions/1001?customer=acme", &reseller, "").await;
    assert_eq!(via_reseller.status, 200, "the reseller reaches its customer: {}", via_reseller.body);
    let own = send(&world, "GET", "/api/v1/extensions", &reseller, "").await;
    assert_error(&own, 422, "unprocessable");
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_a_400_with_the_error_body() {
    let world = World::start().await;
    let (_, auth) = caller(&world, Role::CustomerAdmin, "admin@acme.example").await;
    let cases = [
        ("PUT", "/api/v1/extensions/1001", "{not json"),
        ("PUT", "/api/v1/extensions/1001", r#"{"display_name":5}"#),
        ("PUT", "/api/v1/extensions/1001", r#"{"display_name":"A","password":"short"}"#),
        ("PUT", "/api/v1/extensions/1001", r#"{"display_name":"A","colour":"red"}"#),
        ("PUT", "/api/v1/extensions/10%2001", r#"{"display_name":"A"}"#),
        ("GET", "/api/v1/extensions?limit=0", ""),
        ("GET", "/api/v1/extensions?limit=many", ""),
        ("GET", "/api/v1/extensions?cursor=zz", ""),
        ("GET", "/api/v1/extensions?unknown=1", ""),
    ];
    for (method, path, body) in cases {
        let answer = send(&world, method, path, &auth, body).await;
        assert_error(&answer, 400, "bad_request");
    }
    let no_type = common::client::https(world.addr(), "PUT", "/api/v1/extensions/1001", &auth, "{}").await;
    assert_error(&no_type, 400, "bad_request");
}
