//! An authorization code is refused once its lifetime (60 s,
//! `access::oidc::CODE_LIFETIME`; RFC 6749 §4.1.2) has passed: the test
//! waits it out on the real clock.

mod common;

use std::time::Duration;

use access::Role;
use access::oidc::client::ClientKind;
use common::oidc::{Pkce, REDIRECT, authorize_path, code_from, exchange, json, register};
use common::world::World;

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_code_is_refused() {
    let world = World::start().await;
    let (person, _) = world.person_with_totp(Role::User, "ada@example.com").await;
    let cookie = world.cookie(&person).await;
    let rp = register(&world, ClientKind::Confidential).await;
    let pkce = Pkce::new("expired");
    let code = code_from(&world.get(&authorize_path(&rp, &pkce, &[]), &cookie).await);
    tokio::time::sleep(access::oidc::CODE_LIFETIME.unsigned_abs() + Duration::from_secs(1)).await;
    let late = exchange(&world, &rp, &code, &pkce.verifier, REDIRECT).await;
    assert_eq!(late.status, 400, "{}", late.body);
    assert_eq!(json(&late)["error"], "invalid_grant");
    assert!(json(&late)["error_description"].as_str().unwrap().contains("expired"), "{}", late.body);
}
