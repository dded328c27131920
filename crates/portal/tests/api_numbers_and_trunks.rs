//! `/api/v1/dids` and `/api/v1/trunks` over real HTTPS: idempotent PUTs,
//! a number or trunk name another tenant holds is a 409 naming nobody,
//! trunk passwords never come back, bad input is a 400 (a user name without
//! its password, each valid alone, a 422).

mod api_common;
mod common;

use access::{Permission, Role};
use api_common::{admin_of, assert_error, caller, granted_platform_admin, json, other_customer, send};
use common::world::World;

#[tokio::test(flavor = "multi_thread")]
async fn dids_route_to_extensions_and_stay_with_their_customer() {
    let world = World::start().await;
    let (_, auth) = caller(&world, Role::CustomerAdmin, "admin@acme.example").await;
    let ext = r#"{"display_name":"Desk","password":"a long sip secret"}"#;
    assert_eq!(send(&world, "PUT", "/api/v1/extensions/1001", &auth, ext).await.status, 201);
    let did = r#"{"extension":"1001"}"#;
    assert_eq!(send(&world, "PUT", "/api/v1/dids/+15555550100", &auth, did).await.status, 201);
    let again = send(&world, "PUT", "/api/v1/dids/+15555550100", &auth, did).await;
    assert_eq!(again.status, 200);
    assert_eq!(json(&again), serde_json::json!({"number": "+15555550100", "extension": "1001"}));
    let missing = send(&world, "PUT", "/api/v1/dids/+15555550101", &auth, r#"{"extension":"9999"}"#).await;
    assert_error(&missing, 422, "unprocessable");
    assert_error(&send(&world, "PUT", "/api/v1/dids/5550100", &auth, did).await, 400, "bad_request");

    let other = other_customer(&world).await;
    let stranger = admin_of(&world, &other.id, "admin@other.example").await;
    assert_eq!(send(&world, "PUT", "/api/v1/extensions/1001", &stranger, ext).await.status, 201);
    let taken = send(&world, "PUT", "/api/v1/dids/+15555550100", &stranger, did).await;
    assert_error(&taken, 409, "conflict");
    assert!(!taken.body.contains("acme"), "{}", taken.body);
    assert_error(&send(&world, "GET", "/api/v1/dids/+15555550100", &stranger, "").await, 404, "not_found");
    assert_error(&send(&world, "DELETE", "/api/v1/dids/+15555550100", &stranger, "").await, 404, "not_found");
    assert_eq!(json(&send(&world, "GET", "/api/v1/dids", &stranger, "").await)["items"], serde_json::json!([]));

    assert_eq!(send(&world, "DELETE", "/api/v1/dids/+15555550100", &auth, "").await.status, 204);
    assert_eq!(json(&send(&world, "GET", "/api/v1/dids", &auth, "").await)["items"], serde_json::json!([]));
}

#[tokio::test(flavor = "multi_thread")]
async fn trunks_never_show_their_password() {
    let world = World::start().await;
    let admin = granted_platform_admin(&world, &[Permission::SystemConfigure, Permission::PbxRead]).await;
    let body =
        r#"{"host":"sip.carrier.example","port":5061,"transport":"tls","username":"acct","password":"hunter2-trunk"}"#;
    let path = "/api/v1/trunks/carrier-a?customer=acme";
    let first = send(&world, "PUT", path, &admin, body).await;
    assert_eq!(first.status, 201, "{}", first.body);
    let again = send(&world, "PUT", path, &admin, body).await;
    assert_eq!(again.status, 200);
    assert_eq!(json(&first), json(&again));
    let (_, customer_admin) = caller(&world, Role::CustomerAdmin, "admin@acme.example").await;
    let listed = send(&world, "GET", "/api/v1/trunks", &customer_admin, "").await;
    assert_eq!(listed.status, 200);
    assert_eq!(json(&listed)["items"][0]["username"], "acct");
    for answer in [&first, &again, &listed] {
        assert!(!answer.body.contains("hunter2"), "{}", answer.body);
    }
    let writes = send(&world, "PUT", "/api/v1/trunks/mine", &customer_admin, body).await;
    assert_error(&writes, 403, "forbidden");

    let other = other_customer(&world).await;
    let stranger = admin_of(&world, &other.id, "admin@other.example").await;
    assert_error(&send(&world, "GET", "/api/v1/trunks/carrier-a", &stranger, "").await, 404, "not_found");
    let clash = send(&world, "PUT", "/api/v1/trunks/carrier-a?customer=other", &admin, body).await;
    assert_error(&clash, 409, "conflict");
    let half = r#"{"host":"h.example","port":5060,"transport":"udp","username":"only"}"#;
    assert_error(&send(&world, "PUT", path, &admin, half).await, 422, "unprocessable");
    assert_error(&send(&world, "PUT", "/api/v1/trunks/bad%20name", &admin, body).await, 400, "bad_request");
    assert_eq!(send(&world, "DELETE", path, &admin, "").await.status, 204);
    assert_error(&send(&world, "DELETE", path, &admin, "").await, 404, "not_found");
}
