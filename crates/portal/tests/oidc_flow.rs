//! Single sign-on end to end over HTTPS against the real portal and store
//! (issue 5 item 3): discovery, an authorization request that sends the
//! person through the password and TOTP pages and back, the code exchanged
//! by a confidential client with HTTP Basic, the ID token verified
//! independently against the JWK Set (ES256, `iss`, `aud`, `nonce`,
//! `auth_time`, `acr`/`amr` showing TOTP), userinfo with the access token;
//! then single sign-on proper: a second request is answered at once from
//! the session, also for a public client and with `prompt=none`.

mod common;

use access::Role;
use access::oidc::client::ClientKind;
use common::oidc::{Pkce, REDIRECT, authorize_path, code_from, exchange, json, register, sign_in_through, verify};
use common::world::{ISSUER, World};
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
