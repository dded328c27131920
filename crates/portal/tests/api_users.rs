//! `/api/v1/users` over real HTTPS: list, create (201; a taken login 409),
//! role change and disabling; no role above the caller's; another
//! customer's people are a 404; bad input a 400 with the error body.

mod api_common;
mod common;

use access::Role;
use api_common::{admin_of, assert_error, caller, json, other_customer, send};
use common::world::World;

#[tokio::test(flavor = "multi_thread")]
async fn create_change_role_and_disable() {
    let world = World::start().await;
    let (me, auth) = caller(&world, Role::CustomerAdmin, "admin@acme.example").await;
    let made = send(&world, "POST", "/api/v1/users", &auth, r#"{"login":"ann@acme.example","role":"user"}"#).await;
    assert_eq!(made.status, 201, "{}", made.body);
    let id = json(&made)["id"].as_str().unwrap().to_owned();
    let taken = send(&world, "POST", "/api/v1/users", &auth, r#"{"login":"ann@acme.example","role":"user"}"#).await;
    assert_error(&taken, 409, "conflict");

    let listed = json(&send(&world, "GET", "/api/v1/users", &auth, "").await);
    let logins: Vec<&str> = listed["items"].as_array().unwrap().iter().map(|u| u["login"].as_str().unwrap()).collect();
    assert_eq!(logins, ["admin@acme.example", "ann@acme.example"]);

    let promoted =
        send(&world, "PUT", &format!("/api/v1/users/{id}/role"), &auth, r#"{"role":"customer_admin"}"#).await;
    assert_eq!(json(&promoted)["role"], "customer_admin", "{}", promoted.body);
    let again = send(&world, "PUT", &format!("/api/v1/users/{id}/role"), &auth, r#"{"role":"customer_admin"}"#).await;
    assert_eq!(again.status, 200);
    let too_high =
        send(&world, "PUT", &format!("/api/v1/users/{id}/role"), &auth, r#"{"role":"platform_admin"}"#).await;
    assert_error(&too_high, 403, "forbidden");
    let misfit = send(&world, "POST", "/api/v1/users", &auth, r#"{"login":"x@acme.example","role":"reseller_admin"}"#);
    assert_error(&misfit.await, 403, "forbidden");

    let disabled = send(&world, "PUT", &format!("/api/v1/users/{id}/disabled"), &auth, r#"{"disabled":true}"#).await;
    assert_eq!(json(&disabled)["disabled"], true, "{}", disabled.body);
    assert!(world.store.person(&access::PersonId(id.clone())).await.unwrap().disabled);
    let own = send(&world, "PUT", &format!("/api/v1/users/{}/disabled", me.0), &auth, r#"{"disabled":true}"#).await;
    assert_error(&own, 422, "unprocessable");
}

#[tokio::test(flavor = "multi_thread")]
async fn another_customers_people_are_not_found() {
    let world = World::start().await;
    let (person, _) = caller(&world, Role::User, "ann@acme.example").await;
    let other = other_customer(&world).await;
    let stranger = admin_of(&world, &other.id, "admin@other.example").await;
    for (method, path, body) in [
        ("GET", format!("/api/v1/users/{}", person.0), ""),
        ("PUT", format!("/api/v1/users/{}/disabled", person.0), r#"{"disabled":true}"#),
        ("PUT", format!("/api/v1/users/{}/role", person.0), r#"{"role":"customer_admin"}"#),
        ("GET", "/api/v1/users?customer=acme".to_owned(), ""),
    ] {
        let refused = send(&world, method, &path, &stranger, body).await;
        assert_error(&refused, 404, "not_found");
        assert!(!refused.body.contains("ann@"), "{}", refused.body);
    }
    assert!(!world.store.person(&person).await.unwrap().disabled);
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_a_400() {
    let world = World::start().await;
    let (_, auth) = caller(&world, Role::CustomerAdmin, "admin@acme.example").await;
    for body in [r#"{"login":"not an address","role":"user"}"#, r#"{"login":"a@b.c","role":"king"}"#, "[]", ""] {
        assert_error(&send(&world, "POST", "/api/v1/users", &auth, body).await, 400, "bad_request");
    }
}
