//! A browser application of a registered client's origin may call the
//! token and userinfo endpoints across origins (WHATWG Fetch, CORS
//! protocol): a public client with PKCE exchanges its code from the page
//! that received it. Any other origin gets no allowance, so its browser
//! withholds the answer; cookies are never allowed across origins.

mod common;

use access::Role;
use access::oidc::client::ClientKind;
use common::client::{Response, https};
use common::oidc::{Pkce, REDIRECT, authorize_path, code_from, encode, json, register};
use common::world::World;

/// The origin of the test clients' redirect URIs (`REDIRECT`).
const APP: &str = "https://app.example.test";
const STRANGER: &str = "https://evil.example.test";

async fn preflight(world: &World, path: &str, origin: &str, method: &str) -> Response {
    let headers = format!(
        "Origin: {origin}\r\nAccess-Control-Request-Method: {method}\r\nAccess-Control-Request-Headers: content-type\r\n"
    );
    https(world.addr(), "OPTIONS", path, &headers, "").await
}

#[tokio::test(flavor = "multi_thread")]
async fn preflights_are_answered_for_client_origins_only() {
    let world = World::start().await;
    register(&world, ClientKind::Public).await;
    for (path, method, allowed) in [("/oauth2/token", "POST", "POST"), ("/oauth2/userinfo", "GET", "GET, POST")] {
        let ok = preflight(&world, path, APP, method).await;
        assert_eq!(ok.status, 204, "{path}: {}", ok.body);
        assert_eq!(ok.header("access-control-allow-origin"), Some(APP), "{path}");
        assert_eq!(ok.header("access-control-allow-methods"), Some(allowed), "{path}");
        let asked = ok.header("access-control-allow-headers").unwrap_or("");
        assert!(asked.contains("content-type") && asked.contains("authorization"), "{path}: {asked}");
        assert!(ok.header("access-control-allow-credentials").is_none(), "{path}: never with cookies");

        let refused = preflight(&world, path, STRANGER, method).await;
        assert_eq!(refused.status, 403, "{path}");
        assert!(refused.header("access-control-allow-origin").is_none(), "{path}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_public_client_exchanges_its_code_from_its_own_origin() {
    let world = World::start().await;
    let rp = register(&world, ClientKind::Public).await;
    let (person, _) = world.person_with_totp(Role::User, "ada@example.com").await;
    let cookie = world.cookie(&person).await;
    let pkce = Pkce::new("cors");
    let code = code_from(&world.get(&authorize_path(&rp, &pkce, &[]), &cookie).await);

    let pairs = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
        ("code_verifier", pkce.verifier.as_str()),
        ("client_id", rp.id.as_str()),
    ];
    let headers = format!("Origin: {APP}\r\n");
    let tokens = world.post_form("/oauth2/token", &headers, &encode(&pairs)).await;
    assert_eq!(tokens.status, 200, "{}", tokens.body);
    assert_eq!(tokens.header("access-control-allow-origin"), Some(APP));
    assert!(tokens.header("vary").is_some_and(|v| v.to_ascii_lowercase().contains("origin")));
    let access_token = json(&tokens)["access_token"].as_str().expect("an access token").to_owned();

    let bearer = format!("Origin: {APP}\r\nAuthorization: Bearer {access_token}\r\n");
    let info = world.get("/oauth2/userinfo", &bearer).await;
    assert_eq!(info.status, 200, "{}", info.body);
    assert_eq!(info.header("access-control-allow-origin"), Some(APP));

    let stranger = format!("Origin: {STRANGER}\r\nAuthorization: Bearer {access_token}\r\n");
    let withheld = world.get("/oauth2/userinfo", &stranger).await;
    assert!(withheld.header("access-control-allow-origin").is_none(), "another origin may not read it");
}
