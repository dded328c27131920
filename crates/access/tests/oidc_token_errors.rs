//! Every refusal of a token request (RFC 6749 §4.1.3, §5.2, §2.3; RFC 7636
//! §4.6): malformed requests, client authentication by HTTP Basic, body or
//! none, and each binding of the code.

use access::oidc::client::{ClientKind, register};
use access::oidc::code::{Authentication, issue_code};
use access::oidc::pkce::s256_challenge;
use access::oidc::token::{AuthMethod, authenticate_client, check_grant, parse};
use access::oidc::{CODE_LIFETIME, ErrorCode, OAuthError, authorize};
use access::{AuthStrength, PersonId};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jiff::{SignedDuration, Timestamp};

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const REDIRECT: &str = "https://app.example.net/cb";

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
}

fn body(client_id: &str) -> Vec<(String, String)> {
    pairs(&[
        ("grant_type", "authorization_code"),
        ("code", "the-code"),
        ("redirect_uri", REDIRECT),
        ("code_verifier", VERIFIER),
        ("client_id", client_id),
    ])
}

fn basic(id: &str, secret: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!("{id}:{secret}")))
}

fn code_of(result: Result<impl std::fmt::Debug, OAuthError>) -> ErrorCode {
    result.unwrap_err().code
}

#[test]
fn malformed_requests() {
    let missing = |name: &str| body("c").into_iter().filter(|(n, _)| n != name).collect::<Vec<_>>();
    assert_eq!(code_of(parse(&missing("grant_type"), None)), ErrorCode::InvalidRequest);
    for name in ["code", "redirect_uri", "code_verifier"] {
        assert_eq!(code_of(parse(&missing(name), None)), ErrorCode::InvalidRequest, "{name}");
    }
    let mut implicit = missing("grant_type");
    implicit.push(("grant_type".into(), "password".into()));
    assert_eq!(code_of(parse(&implicit, None)), ErrorCode::UnsupportedGrantType);
    let mut twice = body("c");
    twice.push(("code".into(), "other".into()));
    assert_eq!(code_of(parse(&twice, None)), ErrorCode::InvalidRequest);
    assert_eq!(code_of(parse(&missing("client_id"), None)), ErrorCode::InvalidClient);
}

#[test]
fn client_credentials_by_each_method() {
    let request = parse(&body("c"), None).unwrap();
    assert_eq!(request.credentials.method, AuthMethod::None);
    let mut post = body("c");
    post.push(("client_secret".into(), "s3cret".into()));
    let request = parse(&post, None).unwrap();
    assert_eq!(
        (request.credentials.method, request.credentials.secret.as_deref().map(String::as_str)),
        (AuthMethod::Post, Some("s3cret"))
    );
    // RFC 6749 §2.3.1: id and secret are form-urlencoded inside Basic.
    let request = parse(&body("a:b c"), Some(&basic("a%3Ab+c", "p%26w"))).unwrap();
    assert_eq!(request.credentials.method, AuthMethod::Basic);
    assert_eq!(request.credentials.client_id.0, "a:b c");
    assert_eq!(request.credentials.secret.as_deref().map(String::as_str), Some("p&w"));
    assert_eq!(code_of(parse(&post, Some(&basic("c", "s3cret")))), ErrorCode::InvalidRequest);
    assert_eq!(code_of(parse(&body("other"), Some(&basic("c", "s")))), ErrorCode::InvalidRequest);
    for header in ["Bearer abc", "Basic !!!", "Basic", &format!("Basic {}", STANDARD.encode("no-colon"))] {
        assert_eq!(code_of(parse(&body("c"), Some(header))), ErrorCode::InvalidClient, "{header}");
    }
}

#[test]
fn client_authentication() {
    let uris = vec![REDIRECT.to_owned()];
    let confidential = register("Billing", &uris, ClientKind::Confidential).unwrap();
    let secret = confidential.secret.as_ref().unwrap().expose().to_owned();
    let id = confidential.client.id.0.clone();
    let client = Some(&confidential.client);
    let authenticate = |header: Option<&str>, extra: &[(&str, &str)]| {
        let mut form = body(&id);
        form.extend(pairs(extra));
        authenticate_client(client, &parse(&form, header).unwrap().credentials)
    };
    assert_eq!(authenticate(Some(&basic(&id, &secret)), &[]), Ok(()));
    assert_eq!(authenticate(None, &[("client_secret", &secret)]), Ok(()));
    assert_eq!(code_of(authenticate(Some(&basic(&id, "wrong")), &[])), ErrorCode::InvalidClient);
    assert_eq!(code_of(authenticate(None, &[("client_secret", "wrong")])), ErrorCode::InvalidClient);
    assert_eq!(code_of(authenticate(None, &[])), ErrorCode::InvalidClient);
    let unknown = parse(&body("nobody"), None).unwrap().credentials;
    assert_eq!(code_of(authenticate_client(None, &unknown)), ErrorCode::InvalidClient);
    assert_eq!(code_of(authenticate_client(client, &unknown)), ErrorCode::InvalidClient);

    let public = register("App", &uris, ClientKind::Public).unwrap();
    let public_id = public.client.id.0.clone();
    assert_eq!(authenticate_client(Some(&public.client), &parse(&body(&public_id), None).unwrap().credentials), Ok(()));
    let with_secret = parse(&body(&public_id), Some(&basic(&public_id, "guess"))).unwrap().credentials;
    assert_eq!(code_of(authenticate_client(Some(&public.client), &with_secret)), ErrorCode::InvalidClient);
    assert_eq!(OAuthError::new(ErrorCode::InvalidClient, "x").status(), 401);
}

#[test]
fn each_binding_of_the_code_is_checked() {
    let now = Timestamp::from_second(1_800_000_000).unwrap();
    let client = register("App", &[REDIRECT.to_owned()], ClientKind::Public).unwrap().client;
    let challenge = s256_challenge(VERIFIER);
    let query = pairs(&[
        ("client_id", &client.id.0),
        ("redirect_uri", REDIRECT),
        ("response_type", "code"),
        ("scope", "openid"),
        ("code_challenge", &challenge),
        ("code_challenge_method", "S256"),
    ]);
    let authorization = authorize::validate(&query, Some(&client)).unwrap();
    let who = Authentication { person: PersonId("p1".into()), auth_time: now, strength: AuthStrength::PasswordAndTotp };
    let grant = issue_code(&authorization, &who, now).unwrap().grant;
    let request = |id: &str, redirect: &str, verifier: &str| {
        let form = pairs(&[
            ("grant_type", "authorization_code"),
            ("code", "c"),
            ("redirect_uri", redirect),
            ("code_verifier", verifier),
            ("client_id", id),
        ]);
        parse(&form, None).unwrap()
    };
    let id = client.id.0.as_str();
    assert_eq!(check_grant(&grant, &request(id, REDIRECT, VERIFIER), now), Ok(()));
    let just_expired = now + CODE_LIFETIME;
    assert_eq!(
        check_grant(&grant, &request(id, REDIRECT, VERIFIER), just_expired - SignedDuration::from_secs(1)),
        Ok(())
    );
    let refusals = [
        (request("other", REDIRECT, VERIFIER), now),
        (request(id, REDIRECT, VERIFIER), just_expired),
        (request(id, "https://app.example.net/cb2", VERIFIER), now),
        (request(id, REDIRECT, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK"), now),
        (request(id, REDIRECT, "short"), now),
    ];
    for (request, at) in refusals {
        assert_eq!(code_of(check_grant(&grant, &request, at)), ErrorCode::InvalidGrant);
    }
}
