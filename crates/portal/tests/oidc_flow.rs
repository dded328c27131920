//! Single sign-on end to end over HTTPS against the real portal and store
//! (issue 5 item 3): discovery, an authorization request that sends the
//! person through the password and TOTP pages and back, the code exchanged
//! by a confidential client with HTTP Basic, the ID token verified
//! independently against the JWK Set (ES256, `iss`, `aud`, `nonce`,
//! `auth_time`, `acr`/`amr` showing TOTP), userinfo with the access token;
//! then single sign-on proper: a second request is answered at once from
//! the session, also for a public client and with `prompt=none`. An
//! administrator who has no TOTP yet enrols on the way and is brought back
//! to the request.

mod common;

use access::Role;
use access::oidc::client::ClientKind;
use access::totp::{Secret, Totp};
use common::oidc::{
    Pkce, REDIRECT, authorize_path, code_from, encode, exchange, json, query_of, register, sign_in_through, verify,
};
use common::world::{ISSUER, PASSWORD, World, cookie_from, csrf_in};
use jiff::Timestamp;

#[tokio::test(flavor = "multi_thread")]
async fn discovery_points_at_the_endpoints_and_says_what_is_supported() {
    let world = World::start().await;
    let found = world.get("/.well-known/openid-configuration", "").await;
    assert_eq!(found.status, 200);
    assert_eq!(found.header("access-control-allow-origin"), Some("*"));
    let meta = json(&found);
    assert_eq!(meta["issuer"], ISSUER);
    for (name, path) in [
        ("authorization_endpoint", "/oauth2/authorize"),
        ("token_endpoint", "/oauth2/token"),
        ("jwks_uri", "/oauth2/jwks"),
        ("userinfo_endpoint", "/oauth2/userinfo"),
    ] {
        assert_eq!(meta[name], format!("{ISSUER}{path}"), "{name}");
    }
    assert_eq!(meta["code_challenge_methods_supported"], serde_json::json!(["S256"]));
    assert_eq!(meta["id_token_signing_alg_values_supported"], serde_json::json!(["ES256"]));
    let jwks = json(&world.get("/oauth2/jwks", "").await);
    assert_eq!(jwks["keys"][0]["kty"], "EC");
    assert_eq!(jwks["keys"][0]["crv"], "P-256");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_person_signs_in_to_another_application_with_password_and_totp() {
    let world = World::start().await;
    let (person, totp) = world.person_with_totp(Role::User, "ada@example.com").await;
    let rp = register(&world, ClientKind::Confidential).await;
    let pkce = Pkce::new("flow");

    let before = Timestamp::now().as_second();
    let (cookie, back) = sign_in_through(&world, "ada@example.com", &totp, &authorize_path(&rp, &pkce, &[])).await;
    let after = Timestamp::now().as_second();
    let code = code_from(&back);
    assert_eq!(back.header("cache-control"), Some("no-store"));

    let tokens = exchange(&world, &rp, &code, &pkce.verifier, REDIRECT).await;
    assert_eq!(tokens.status, 200, "{}", tokens.body);
    assert_eq!(tokens.header("cache-control"), Some("no-store"));
    let tokens = json(&tokens);
    assert_eq!(tokens["token_type"], "Bearer");
    let claims = verify(&world, tokens["id_token"].as_str().unwrap(), &rp.id).await.expect("a valid ID token");
    assert_eq!((claims.iss.as_str(), claims.aud.as_str()), (ISSUER, rp.id.as_str()));
    assert_eq!(claims.sub, person.0, "the stable person id, not the login");
    assert_eq!(claims.nonce.as_deref(), Some("n-0S6_WzA2Mj"));
    assert!((before..=after).contains(&claims.auth_time), "auth_time {} in {before}..={after}", claims.auth_time);
    assert_eq!(claims.acr, "urn:callvault:acr:2fa");
    assert_eq!(claims.amr, ["pwd", "otp", "mfa"]);
    assert_eq!(claims.exp - claims.iat, 300);

    let bearer = format!("Authorization: Bearer {}\r\n", tokens["access_token"].as_str().unwrap());
    let info = world.get("/oauth2/userinfo", &bearer).await;
    assert_eq!(info.status, 200, "{}", info.body);
    assert_eq!(json(&info)["sub"], person.0.as_str());

    // Single sign-on: the session answers the next request at once, for a
    // public client too (client_id and PKCE, no secret), even with prompt=none.
    let public = register(&world, ClientKind::Public).await;
    let pkce = Pkce::new("public");
    let again = world.get(&authorize_path(&public, &pkce, &[("prompt", "none")]), &cookie).await;
    let code = code_from(&again);
    let tokens = exchange(&world, &public, &code, &pkce.verifier, REDIRECT).await;
    assert_eq!(tokens.status, 200, "{}", tokens.body);
    let claims = verify(&world, json(&tokens)["id_token"].as_str().unwrap(), &public.id).await.unwrap();
    assert!((before..=after).contains(&claims.auth_time), "the original sign-in's time");
    assert!(verify(&world, json(&tokens)["id_token"].as_str().unwrap(), &rp.id).await.is_err(), "another audience");
}

#[tokio::test(flavor = "multi_thread")]
async fn prompt_login_and_max_age_ask_a_signed_in_person_again() {
    let world = World::start().await;
    let (person, _) = world.person_with_totp(Role::User, "ada@example.com").await;
    let cookie = world.cookie(&person).await;
    let rp = register(&world, ClientKind::Confidential).await;
    let pkce = Pkce::new("again");
    code_from(&world.get(&authorize_path(&rp, &pkce, &[("max_age", "3600")]), &cookie).await);
    for extra in [("prompt", "login"), ("max_age", "0")] {
        let asked = world.get(&authorize_path(&rp, &pkce, &[extra]), &cookie).await;
        let location = asked.header("location").unwrap_or_default().to_owned();
        assert!(location.starts_with("/sign-in?next="), "{extra:?}: {location}");
        let next = common::oidc::query_of(&location)["next"].clone();
        assert!(!next.contains(extra.0), "{extra:?}: the fresh sign-in satisfies it, no loop: {next}");
        let form = world.get(&location, &cookie).await;
        assert_eq!(form.status, 200, "{extra:?}: the form, even with a session");
        assert!(form.body.contains("name=\"password\""));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_administrator_without_totp_enrols_and_comes_back_to_the_request() {
    let world = World::start().await;
    world.person(Role::CustomerAdmin, "bea@example.com").await;
    let rp = register(&world, ClientKind::Confidential).await;
    let pkce = Pkce::new("enrol");
    let to_sign_in = world.get(&authorize_path(&rp, &pkce, &[]), "").await;
    let next = query_of(to_sign_in.header("location").unwrap())["next"].clone();
    let form = encode(&[("login", "bea@example.com"), ("password", PASSWORD), ("next", &next)]);
    let signed = world.post_form("/sign-in", "", &form).await;
    assert_eq!(signed.header("location"), Some(next.as_str()), "no TOTP yet: straight back to the request");
    let password_only = cookie_from(&signed);

    let to_enrol = world.get(&next, &password_only).await;
    assert_eq!(to_enrol.status, 303);
    let enrol_path = to_enrol.header("location").unwrap().to_owned();
    assert!(enrol_path.starts_with("/account/two-factor?"), "{enrol_path}");
    assert_eq!(query_of(&enrol_path)["next"], next, "the request goes along");
    let page = world.get(&enrol_path, &password_only).await;
    assert_eq!(page.status, 200);
    let secret = page.body.split("class=\"secret\">").nth(1).unwrap().split('<').next().unwrap();
    let totp = Totp::new(Secret::from_base32(secret).expect("a base 32 key"));
    let form = encode(&[("code", &totp.code_at(Timestamp::now())), ("csrf", &csrf_in(&page.body)), ("next", &next)]);
    let codes = world.post_form("/account/two-factor", &password_only, &form).await;
    assert_eq!(codes.status, 200);
    assert_eq!(codes.body.matches("<li><code>").count(), 10, "the recovery codes come first");
    let continue_to = codes.body.split("class=\"button primary\" href=\"").nth(1).unwrap().split('"').next().unwrap();
    assert_eq!(attribute_value(continue_to), next, "then the request");

    let full = cookie_from(&codes);
    let code = code_from(&world.get(&next, &full).await);
    let tokens = exchange(&world, &rp, &code, &pkce.verifier, REDIRECT).await;
    assert_eq!(tokens.status, 200, "{}", tokens.body);
    let claims = verify(&world, json(&tokens)["id_token"].as_str().unwrap(), &rp.id).await.unwrap();
    assert_eq!(claims.amr, ["pwd", "otp", "mfa"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn enrolment_continues_only_to_authorization_requests() {
    let world = World::start().await;
    world.person(Role::CustomerAdmin, "cy@example.com").await;
    let signed = world.post_form("/sign-in", "", &encode(&[("login", "cy@example.com"), ("password", PASSWORD)])).await;
    let cookie = cookie_from(&signed);
    let elsewhere = "https://evil.example.test/oauth2/authorize";
    let page = world.get(&format!("/account/two-factor?{}", encode(&[("next", elsewhere)])), &cookie).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("evil"), "a foreign next is dropped");
    let secret = page.body.split("class=\"secret\">").nth(1).unwrap().split('<').next().unwrap();
    let totp = Totp::new(Secret::from_base32(secret).unwrap());
    let form =
        encode(&[("code", &totp.code_at(Timestamp::now())), ("csrf", &csrf_in(&page.body)), ("next", elsewhere)]);
    let codes = world.post_form("/account/two-factor", &cookie, &form).await;
    assert_eq!(codes.status, 200);
    assert!(codes.body.contains("href=\"/dashboard\"") && !codes.body.contains("evil"), "{}", codes.body);
}

/// An attribute's text as a browser reads it (the escapes minijinja writes).
fn attribute_value(escaped: &str) -> String {
    escaped
        .replace("&#x2f;", "/")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
