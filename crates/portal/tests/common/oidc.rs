//! A relying party, written from the RFCs rather than from our code: it
//! registers with the store, builds authorization requests, follows the
//! portal's redirects through the sign-in pages, computes its own PKCE
//! challenge (RFC 7636 §4.2) and verifies ID tokens with jsonwebtoken's
//! RustCrypto ES256 against the published JWK Set.

use std::collections::HashMap;

use access::oidc::client::ClientKind;
use access::totp::Totp;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jiff::Timestamp;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::client::Response;
use super::world::{ISSUER, PASSWORD, World, cookie_from, csrf_in};

/// The redirect URIs every test client registers.
pub const REDIRECT: &str = "https://app.example.test/callback";
pub const OTHER_REDIRECT: &str = "https://app.example.test/other-callback";

/// A registered client.
pub struct Rp {
    pub id: String,
    pub secret: Option<String>,
}

/// A PKCE verifier and its S256 challenge.
pub struct Pkce {
    pub verifier: String,
    pub challenge: String,
}

impl Pkce {
    /// A verifier made from `seed` (43+ unreserved characters) and its challenge.
    pub fn new(seed: &str) -> Self {
        let verifier = format!("{seed}-{}", "v".repeat(43));
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        Self { verifier, challenge }
    }
}

/// The claims a test reads from an ID token.
#[derive(Debug, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub exp: i64,
    pub iat: i64,
    pub auth_time: i64,
    pub nonce: Option<String>,
    pub amr: Vec<String>,
    pub acr: String,
}

pub async fn register(world: &World, kind: ClientKind) -> Rp {
    let uris = [REDIRECT.to_owned(), OTHER_REDIRECT.to_owned()];
    let reg = world.store.oidc_add_client("Billing", &uris, kind, "test", Timestamp::now()).await.unwrap();
    Rp { id: reg.client.id.0.clone(), secret: reg.secret.map(|s| s.expose().to_owned()) }
}

pub fn encode(pairs: &[(&str, &str)]) -> String {
    let mut form = form_urlencoded::Serializer::new(String::new());
    form.extend_pairs(pairs);
    form.finish()
}

/// `/oauth2/authorize?…` for `rp`, with `extra` parameters appended.
pub fn authorize_path(rp: &Rp, pkce: &Pkce, extra: &[(&str, &str)]) -> String {
    let mut pairs = vec![
        ("response_type", "code"),
        ("client_id", rp.id.as_str()),
        ("redirect_uri", REDIRECT),
        ("scope", "openid"),
        ("state", "st-123 &="),
        ("nonce", "n-0S6_WzA2Mj"),
        ("code_challenge", pkce.challenge.as_str()),
        ("code_challenge_method", "S256"),
    ];
    pairs.extend_from_slice(extra);
    format!("/oauth2/authorize?{}", encode(&pairs))
}

/// The query parameters of a `Location`.
pub fn query_of(location: &str) -> HashMap<String, String> {
    let query = location.split_once('?').map_or("", |(_, q)| q);
    form_urlencoded::parse(query.as_bytes()).into_owned().collect()
}

/// Follows an authorization request through both sign-in steps, as a
/// browser would; returns the full session's cookie and the final redirect.
pub async fn sign_in_through(world: &World, login: &str, totp: &Totp, authorize: &str) -> (String, Response) {
    let start = world.get(authorize, "").await;
    assert_eq!(start.status, 303, "{}", start.body);
    let to_sign_in = start.header("location").unwrap().to_owned();
    assert!(to_sign_in.starts_with("/sign-in?next="), "{to_sign_in}");
    let next = query_of(&to_sign_in)["next"].clone();
    let page = world.get(&to_sign_in, "").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("name=\"next\""), "the sign-in form carries the request");

    let form = encode(&[("login", login), ("password", PASSWORD), ("next", &next)]);
    let password = world.post_form("/sign-in", "", &form).await;
    assert_eq!(password.status, 303);
    let code_page = password.header("location").unwrap().to_owned();
    assert_eq!(query_of(&code_page)["next"], next);
    let pending = cookie_from(&password);
    let csrf = csrf_in(&world.get(&code_page, &pending).await.body);

    let code = totp.code_at(Timestamp::now());
    let form = encode(&[("code", &code), ("csrf", &csrf), ("next", &next)]);
    let done = world.post_form("/sign-in/code", &pending, &form).await;
    assert_eq!((done.status, done.header("location")), (303, Some(next.as_str())), "back to the request");
    let cookie = cookie_from(&done);
    let back = world.get(&next, &cookie).await;
    (cookie, back)
}

/// The code of a successful authorization redirect, after checking it.
pub fn code_from(redirect: &Response) -> String {
    assert_eq!(redirect.status, 303, "{}", redirect.body);
    let location = redirect.header("location").unwrap();
    assert!(location.starts_with(&format!("{REDIRECT}?")), "{location}");
    let query = query_of(location);
    assert_eq!(query.get("state").map(String::as_str), Some("st-123 &="));
    assert_eq!(query.get("iss").map(String::as_str), Some(ISSUER), "RFC 9207");
    query["code"].clone()
}

/// `POST /oauth2/token` with `client_secret_basic` (or `client_id` alone for a public client).
pub async fn exchange(world: &World, rp: &Rp, code: &str, verifier: &str, redirect: &str) -> Response {
    let mut pairs = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", redirect),
        ("code_verifier", verifier),
    ];
    let auth = match &rp.secret {
        Some(secret) => format!("Authorization: Basic {}\r\n", STANDARD.encode(format!("{}:{secret}", rp.id))),
        None => {
            pairs.push(("client_id", &rp.id));
            String::new()
        }
    };
    world.post_form("/oauth2/token", &auth, &encode(&pairs)).await
}

/// The JSON of a response.
pub fn json(response: &Response) -> serde_json::Value {
    serde_json::from_str(&response.body).unwrap_or_else(|_| panic!("JSON: {}", response.body))
}

/// Verifies `id_token` with the portal's published JWK Set.
pub async fn verify(world: &World, id_token: &str, audience: &str) -> Result<Claims, jsonwebtoken::errors::Error> {
    let jwks = world.get("/oauth2/jwks", "").await;
    assert_eq!(jwks.status, 200);
    let set: jsonwebtoken::jwk::JwkSet = serde_json::from_str(&jwks.body).unwrap();
    let header = jsonwebtoken::decode_header(id_token)?;
    assert_eq!(header.alg, jsonwebtoken::Algorithm::ES256);
    let jwk = set.find(&header.kid.expect("ID tokens name their key")).expect("the key is published");
    let key = jsonwebtoken::DecodingKey::from_jwk(jwk)?;
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::ES256);
    validation.set_issuer(&[ISSUER]);
    validation.set_audience(&[audience]);
    validation.set_required_spec_claims(&["iss", "sub", "aud", "exp"]);
    Ok(jsonwebtoken::decode::<Claims>(id_token, &key, &validation)?.claims)
}
