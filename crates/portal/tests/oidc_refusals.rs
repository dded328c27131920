//! What the OpenID Connect routes refuse, over HTTPS against the real
//! portal (RFC 6749 §4.1.2.1, §5.2; RFC 6750 §3.1; RFC 7636 §4.6):
//! - a bad client or redirect URI is a page here, never a redirect;
//! - later authorization errors go back to the client with `state` and `iss`;
//! - the token endpoint refuses a wrong verifier, a reused code (and voids
//!   what it issued), a redirect URI other than the one authorized, an
//!   unknown client and a wrong secret, as RFC 6749 §5.2 JSON;
//! - userinfo wants a valid bearer token;
//! - a cross-site request without the `SameSite=Strict` cookie is bounced
//!   through this origin before anyone is asked to sign in.

mod common;

use access::Role;
use access::oidc::client::ClientKind;
use common::oidc::{
    OTHER_REDIRECT, Pkce, REDIRECT, Rp, authorize_path, code_from, encode, exchange, json, query_of, register,
};
use common::world::{ISSUER, World};

/// A signed-in person's cookie (a full-strength session made by the store).
async fn signed_in(world: &World) -> String {
    let (person, _) = world.person_with_totp(Role::User, "ada@example.com").await;
    world.cookie(&person).await
}

async fn code(world: &World, cookie: &str, rp: &Rp, pkce: &Pkce) -> String {
    code_from(&world.get(&authorize_path(rp, pkce, &[]), cookie).await)
}

fn assert_oauth_error(response: &common::client::Response, status: u16, error: &str) {
    assert_eq!(response.status, status, "{}", response.body);
    assert_eq!(json(response)["error"], error, "{}", response.body);
    assert_eq!(response.header("cache-control"), Some("no-store"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_client_or_redirect_uri_gets_a_page_never_a_redirect() {
    let world = World::start().await;
    let cookie = signed_in(&world).await;
    let rp = register(&world, ClientKind::Confidential).await;
    let pkce = Pkce::new("bad");
    let unknown = Rp { id: "00000000000000000000000000000000".into(), secret: None };
    let cases = [
        ("unknown client", authorize_path(&unknown, &pkce, &[])),
        ("unregistered redirect", authorize_path(&rp, &pkce, &[]).replace("callback", "evil")),
        ("redirect with a different case", authorize_path(&rp, &pkce, &[]).replace("app.example", "APP.example")),
        ("no client", authorize_path(&rp, &pkce, &[]).replace("client_id=", "x=")),
        ("no redirect", authorize_path(&rp, &pkce, &[]).replace("redirect_uri=", "x=")),
        ("two redirects", authorize_path(&rp, &pkce, &[("redirect_uri", OTHER_REDIRECT)])),
    ];
    for (case, path) in cases {
        for headers in ["", cookie.as_str()] {
            let page = world.get(&path, headers).await;
            assert_eq!(page.status, 400, "{case}: {}", page.body);
            assert!(page.header("location").is_none(), "{case}: never redirected");
            assert!(page.body.contains("cannot be used"), "{case}: {}", page.body);
            assert!(!page.body.contains("evil"), "{case}: nothing from the request is echoed");
        }
    }
}

/// `path` with the parameter `name` set to `value` instead.
fn with(path: &str, name: &str, value: &str) -> String {
    let old = query_of(path)[name].clone();
    path.replace(&encode(&[(name, &old)]), &encode(&[(name, value)]))
}

#[tokio::test(flavor = "multi_thread")]
async fn later_errors_go_back_to_the_client_with_state_and_iss() {
    let world = World::start().await;
    let cookie = signed_in(&world).await;
    let rp = register(&world, ClientKind::Confidential).await;
    let pkce = Pkce::new("later");
    let path = authorize_path(&rp, &pkce, &[]);
    let cases = [
        ("plain PKCE", with(&path, "code_challenge_method", "plain"), "invalid_request", cookie.as_str()),
        ("implicit flow", with(&path, "response_type", "token"), "unsupported_response_type", cookie.as_str()),
        ("no openid scope", with(&path, "scope", "profile"), "invalid_scope", cookie.as_str()),
        ("prompt=none, nobody signed in", authorize_path(&rp, &pkce, &[("prompt", "none")]), "login_required", ""),
    ];
    for (case, path, error, headers) in cases {
        let back = world.get(&path, headers).await;
        assert_eq!(back.status, 303, "{case}: {}", back.body);
        let location = back.header("location").unwrap();
        assert!(location.starts_with(&format!("{REDIRECT}?")), "{case}: {location}");
        let query = query_of(location);
        assert_eq!(query["error"], error, "{case}");
        assert_eq!(query["state"], "st-123 &=", "{case}");
        assert_eq!(query["iss"], ISSUER, "{case}");
        assert!(!query.contains_key("code"), "{case}");
    }
    let anonymous = world.get(&authorize_path(&rp, &pkce, &[]), "").await;
    assert!(anonymous.header("location").unwrap().starts_with("/sign-in?next="), "no prompt=none: sign in first");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_verifier_fails_and_uses_up_the_code() {
    let world = World::start().await;
    let cookie = signed_in(&world).await;
    let rp = register(&world, ClientKind::Confidential).await;
    let pkce = Pkce::new("verifier");
    let code = code(&world, &cookie, &rp, &pkce).await;
    let wrong = exchange(&world, &rp, &code, &Pkce::new("another").verifier, REDIRECT).await;
    assert_oauth_error(&wrong, 400, "invalid_grant");
    let right = exchange(&world, &rp, &code, &pkce.verifier, REDIRECT).await;
    assert_oauth_error(&right, 400, "invalid_grant");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reused_code_is_refused_and_voids_its_access_token() {
    let world = World::start().await;
    let cookie = signed_in(&world).await;
    let rp = register(&world, ClientKind::Confidential).await;
    let pkce = Pkce::new("reuse");
    let code = code(&world, &cookie, &rp, &pkce).await;
    let first = exchange(&world, &rp, &code, &pkce.verifier, REDIRECT).await;
    assert_eq!(first.status, 200, "{}", first.body);
    let bearer = format!("Authorization: Bearer {}\r\n", json(&first)["access_token"].as_str().unwrap());
    assert_eq!(world.get("/oauth2/userinfo", &bearer).await.status, 200);

    let again = exchange(&world, &rp, &code, &pkce.verifier, REDIRECT).await;
    assert_oauth_error(&again, 400, "invalid_grant");
    let voided = world.get("/oauth2/userinfo", &bearer).await;
    assert_eq!(voided.status, 401);
    assert!(voided.header("www-authenticate").unwrap().contains("error=\"invalid_token\""));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_token_request_must_name_the_authorized_redirect_uri() {
    let world = World::start().await;
    let cookie = signed_in(&world).await;
    let rp = register(&world, ClientKind::Confidential).await;
    let pkce = Pkce::new("redirect");
    let code = code(&world, &cookie, &rp, &pkce).await;
    let other = exchange(&world, &rp, &code, &pkce.verifier, OTHER_REDIRECT).await;
    assert_oauth_error(&other, 400, "invalid_grant");
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_clients_and_wrong_secrets_are_401_with_a_challenge() {
    let world = World::start().await;
    let cookie = signed_in(&world).await;
    let rp = register(&world, ClientKind::Confidential).await;
    let pkce = Pkce::new("clients");
    let code = code(&world, &cookie, &rp, &pkce).await;
    let unknown = Rp { id: "00000000000000000000000000000000".into(), secret: Some("x".into()) };
    let wrong = Rp { id: rp.id.clone(), secret: Some("not-the-secret".into()) };
    let no_secret = Rp { id: rp.id.clone(), secret: None };
    for (case, client) in [("unknown", &unknown), ("wrong secret", &wrong), ("no secret", &no_secret)] {
        let refused = exchange(&world, client, &code, &pkce.verifier, REDIRECT).await;
        assert_oauth_error(&refused, 401, "invalid_client");
        assert!(refused.header("www-authenticate").unwrap().starts_with("Basic"), "{case}");
    }
    let still_good = exchange(&world, &rp, &code, &pkce.verifier, REDIRECT).await;
    assert_eq!(still_good.status, 200, "client authentication comes before the code is spent");
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_token_and_userinfo_requests() {
    let world = World::start().await;
    let json_body = common::client::https(
        world.addr(),
        "POST",
        "/oauth2/token",
        "Content-Type: application/json\r\n",
        "{\"grant_type\":\"authorization_code\"}",
    )
    .await;
    assert_oauth_error(&json_body, 400, "invalid_request");
    let password_grant = world.post_form("/oauth2/token", "", "grant_type=password&client_id=x").await;
    assert_oauth_error(&password_grant, 400, "unsupported_grant_type");
    let repeated = world.post_form("/oauth2/token", "", "grant_type=authorization_code&code=a&code=b").await;
    assert_oauth_error(&repeated, 400, "invalid_request");

    let none = world.get("/oauth2/userinfo", "").await;
    assert_eq!(none.status, 401);
    assert_eq!(none.header("www-authenticate"), Some("Bearer realm=\"callvault\""));
    let bogus = world.get("/oauth2/userinfo", "Authorization: Bearer not-a-token\r\n").await;
    assert_eq!(bogus.status, 401);
    assert_eq!(json(&bogus)["error"], "invalid_token");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cross_site_arrival_without_the_cookie_is_bounced_through_this_origin() {
    let world = World::start().await;
    let cookie = signed_in(&world).await;
    let rp = register(&world, ClientKind::Confidential).await;
    let pkce = Pkce::new("bounce");
    let path = authorize_path(&rp, &pkce, &[]);
    let bounced = world.get(&path, "Sec-Fetch-Site: cross-site\r\n").await;
    assert_eq!(bounced.status, 200);
    let refresh = format!("content=\"0;url={}\"", path.replace('&', "&amp;"));
    assert!(bounced.body.contains(&refresh), "{}", bounced.body);
    let same_origin = world.get(&path, &format!("Sec-Fetch-Site: same-origin\r\n{cookie}")).await;
    code_from(&same_origin);
    let anonymous = world.get(&path, "Sec-Fetch-Site: same-origin\r\n").await;
    assert!(anonymous.header("location").unwrap().starts_with("/sign-in?next="));
}
