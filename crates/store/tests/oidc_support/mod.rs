//! Fixtures of the OpenID Connect tests: a person signed in with TOTP,
//! registered clients, the authorization step as the route will run it,
//! token requests, and an ID token verifier that shares no code with the
//! signer (jsonwebtoken's RustCrypto ES256 over the published JWKS).

#![allow(dead_code, unreachable_pub)]

use access::oidc::authorize::{Authorization, requested_client, validate};
use access::oidc::client::{ClientKind, Registration};
use access::oidc::code::Authentication;
use access::oidc::id_token::IdTokenClaims;
use access::oidc::keys::Jwks;
use access::oidc::pkce::s256_challenge;
use access::oidc::token::{TokenRequest, parse};
use access::oidc::{ErrorCode, Issuer};
use access::{AccessError, Role};
use base64::Engine;
use jiff::Timestamp;
use store::{Store, StoreError};

use crate::accounts_support::{HOME, PASSWORD, attempt, customer, hasher, later, person_with_totp, t0};

pub const ISSUER: &str = "https://id.carrier.example";
pub const REDIRECT: &str = "https://crm.carrier.example/oidc/callback";
pub const VERIFIER: &str = "a-pkce-verifier-of-enough-length-0123456789-abcdef";
pub const OTHER_VERIFIER: &str = "another-verifier-of-enough-length-0123456789-zyxw";

pub fn issuer() -> Issuer {
    Issuer::parse(ISSUER).unwrap()
}

/// The time of the sign-in in these tests: after `t0()`, when TOTP was confirmed.
pub fn signed_in_at() -> Timestamp {
    later(t0(), 90)
}

/// A customer admin with confirmed TOTP, signed in with password and code
/// through the store as the portal does; the sign-in the authorization rests on.
pub async fn signed_in(store: &Store) -> Authentication {
    let tenant = customer(store).await;
    let (_, totp, _) = person_with_totp(store, &tenant, Role::CustomerAdmin, "ada@shop.example").await;
    let code = totp.code_at(signed_in_at());
    let signed = store
        .authenticate(&hasher(), &attempt("ada@shop.example", PASSWORD, Some(&code), HOME), signed_in_at())
        .await
        .unwrap();
    Authentication { person: signed.actor.person, auth_time: signed_in_at(), strength: signed.actor.strength }
}

pub async fn client(store: &Store, kind: ClientKind) -> Registration {
    store.oidc_add_client("CRM", &[REDIRECT.to_owned()], kind, "test", t0()).await.unwrap()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
}

/// The authorization request of `client_id` with the challenge of [`VERIFIER`].
pub fn authorization_query(client_id: &str, nonce: &str) -> Vec<(String, String)> {
    let challenge = s256_challenge(VERIFIER);
    pairs(&[
        ("response_type", "code"),
        ("client_id", client_id),
        ("redirect_uri", REDIRECT),
        ("scope", "openid"),
        ("state", "st8"),
        ("nonce", nonce),
        ("code_challenge", &challenge),
        ("code_challenge_method", "S256"),
    ])
}

/// Validates the request as the authorize route will: look the client up, then validate.
pub async fn authorize(store: &Store, query: &[(String, String)]) -> Authorization {
    let client_id = requested_client(query).unwrap();
    let client = store.oidc_client(&client_id).await.unwrap();
    validate(query, client.as_ref()).unwrap()
}

/// A fresh code for `client_id`, issued at `at`.
pub async fn code_for(store: &Store, who: &Authentication, client_id: &str, at: Timestamp) -> String {
    let authorization = authorize(store, &authorization_query(client_id, "n-0S6_WzA2Mj")).await;
    store.oidc_issue_code(&authorization, who, at).await.unwrap().expose().to_owned()
}

/// A token request with `client_secret_post` (or none for `secret: None`).
pub fn token_request(code: &str, client_id: &str, secret: Option<&str>, verifier: &str) -> TokenRequest {
    let mut form = pairs(&[
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", REDIRECT),
        ("code_verifier", verifier),
        ("client_id", client_id),
    ]);
    form.extend(secret.map(|s| ("client_secret".to_owned(), s.to_owned())));
    parse(&form, None).unwrap()
}

/// The OAuth error code a store call was refused with.
pub fn refusal<T: std::fmt::Debug>(result: Result<T, StoreError>) -> ErrorCode {
    match result {
        Err(StoreError::Access(AccessError::OAuth(error))) => error.code,
        other => panic!("expected an OAuth refusal, got {other:?}"),
    }
}

/// Verifies `id_token` against `jwks` with jsonwebtoken (ES256, issuer,
/// audience; expiry checked by the caller against the test's clock) and
/// returns its claims.
pub fn verify(id_token: &str, jwks: &Jwks, audience: &str) -> Result<IdTokenClaims, jsonwebtoken::errors::Error> {
    let set: jsonwebtoken::jwk::JwkSet = serde_json::from_str(&serde_json::to_string(jwks).unwrap()).unwrap();
    let header = jsonwebtoken::decode_header(id_token)?;
    assert_eq!(header.alg, jsonwebtoken::Algorithm::ES256);
    let kid = header.kid.expect("ID tokens name their key");
    let jwk = set.find(&kid).ok_or(jsonwebtoken::errors::ErrorKind::InvalidKeyFormat)?;
    let key = jsonwebtoken::DecodingKey::from_jwk(jwk)?;
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::ES256);
    validation.set_issuer(&[ISSUER]);
    validation.set_audience(&[audience]);
    validation.validate_exp = false;
    validation.set_required_spec_claims(&["iss", "sub", "aud", "exp"]);
    Ok(jsonwebtoken::decode::<IdTokenClaims>(id_token, &key, &validation)?.claims)
}

/// `id_token` with one character of its payload changed.
pub fn tampered(id_token: &str) -> String {
    let parts: Vec<&str> = id_token.split('.').collect();
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut payload = engine.decode(parts[1]).unwrap();
    let text = String::from_utf8(payload.clone())
        .unwrap()
        .replace("\"acr\":\"urn:callvault:acr:2fa\"", "\"acr\":\"urn:callvault:acr:2fb\"");
    assert_ne!(text.as_bytes(), payload.as_slice());
    payload = text.into_bytes();
    format!("{}.{}.{}", parts[0], engine.encode(payload), parts[2])
}
