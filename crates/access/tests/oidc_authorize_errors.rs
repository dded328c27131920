//! Every refusal of an authorization request (RFC 6749 §4.1.2.1, OpenID
//! Connect Core 1.0 §3.1.2.6): the ones that must never redirect, the ones
//! that go back to the client with `error`, `state` and `iss`, and the
//! success redirect that keeps the registered URI's own query.

use access::oidc::authorize::{AuthorizeError, NoRedirect, requested_client, validate};
use access::oidc::client::{Client, ClientId, ClientKind};
use access::oidc::{ErrorCode, Issuer};
use jiff::{SignedDuration, Timestamp};

const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const REDIRECT: &str = "https://app.example.net/cb?tenant=7";

fn client() -> Client {
    Client {
        id: ClientId("c1".into()),
        name: "App".into(),
        kind: ClientKind::Public,
        redirect_uris: vec![REDIRECT.into(), "https://app.example.net/other".into()],
        secret_hash: None,
    }
}

fn good() -> Vec<(String, String)> {
    [
        ("client_id", "c1"),
        ("redirect_uri", REDIRECT),
        ("response_type", "code"),
        ("scope", "openid profile"),
        ("state", "s-123"),
        ("nonce", "n-456"),
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
    ]
    .iter()
    .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
    .collect()
}

fn with(name: &str, value: &str) -> Vec<(String, String)> {
    let mut pairs: Vec<_> = good().into_iter().filter(|(n, _)| n != name).collect();
    pairs.push((name.to_owned(), value.to_owned()));
    pairs
}

fn without(name: &str) -> Vec<(String, String)> {
    good().into_iter().filter(|(n, _)| n != name).collect()
}

fn repeated(name: &str, value: &str) -> Vec<(String, String)> {
    let mut pairs = good();
    pairs.push((name.to_owned(), value.to_owned()));
    pairs
}

fn no_redirect(pairs: &[(String, String)], client: Option<&Client>) -> NoRedirect {
    match validate(pairs, client) {
        Err(AuthorizeError::NoRedirect(reason)) => reason,
        other => panic!("expected no redirect, got {other:?}"),
    }
}

fn redirected(pairs: &[(String, String)]) -> (ErrorCode, Option<String>) {
    match validate(pairs, Some(&client())) {
        Err(AuthorizeError::Redirect(redirect)) => {
            assert_eq!(redirect.redirect_uri, REDIRECT);
            (redirect.error, redirect.state)
        }
        other => panic!("expected an error redirect, got {other:?}"),
    }
}

#[test]
fn a_valid_request_is_accepted_with_its_bindings() {
    let authorization = validate(&good(), Some(&client())).unwrap();
    assert_eq!(authorization.client_id.0, "c1");
    assert_eq!(authorization.redirect_uri, REDIRECT);
    assert_eq!(authorization.state.as_deref(), Some("s-123"));
    assert_eq!(authorization.nonce.as_deref(), Some("n-456"));
    assert_eq!(authorization.code_challenge, CHALLENGE);
    assert_eq!(requested_client(&good()).unwrap().0, "c1");
}

#[test]
fn client_and_redirect_errors_never_redirect() {
    assert_eq!(no_redirect(&without("client_id"), Some(&client())), NoRedirect::MissingClientId);
    assert_eq!(no_redirect(&repeated("client_id", "c1"), Some(&client())), NoRedirect::MalformedClientOrRedirect);
    assert_eq!(no_redirect(&good(), None), NoRedirect::UnknownClient);
    assert_eq!(no_redirect(&with("client_id", "c2"), Some(&client())), NoRedirect::UnknownClient);
    assert_eq!(no_redirect(&without("redirect_uri"), Some(&client())), NoRedirect::MissingRedirectUri);
    assert_eq!(
        no_redirect(&repeated("redirect_uri", REDIRECT), Some(&client())),
        NoRedirect::MalformedClientOrRedirect
    );
    for near_miss in [
        "https://app.example.net/cb",
        "https://app.example.net/cb?tenant=7&x=1",
        "https://APP.example.net/cb?tenant=7",
        "https://app.example.net/cb?tenant=7/",
        "https://evil.example/cb",
    ] {
        assert_eq!(
            no_redirect(&with("redirect_uri", near_miss), Some(&client())),
            NoRedirect::RedirectUriNotRegistered
        );
    }
    // Even other errors are not redirected while the redirect URI is wrong.
    let mut both = with("redirect_uri", "https://evil.example/cb");
    both.retain(|(n, _)| n != "response_type");
    assert_eq!(no_redirect(&both, Some(&client())), NoRedirect::RedirectUriNotRegistered);
    assert!(requested_client(&without("client_id")).is_err());
}

#[test]
fn other_errors_redirect_with_their_code_and_the_state() {
    let cases: Vec<(Vec<(String, String)>, ErrorCode)> = vec![
        (without("response_type"), ErrorCode::InvalidRequest),
        (with("response_type", "token"), ErrorCode::UnsupportedResponseType),
        (with("response_type", "code id_token"), ErrorCode::UnsupportedResponseType),
        (with("response_mode", "fragment"), ErrorCode::InvalidRequest),
        (without("scope"), ErrorCode::InvalidScope),
        (with("scope", "profile email"), ErrorCode::InvalidScope),
        (with("scope", "openidx"), ErrorCode::InvalidScope),
        (without("code_challenge"), ErrorCode::InvalidRequest),
        (without("code_challenge_method"), ErrorCode::InvalidRequest),
        (with("code_challenge_method", "plain"), ErrorCode::InvalidRequest),
        (with("code_challenge", "too-short"), ErrorCode::InvalidRequest),
        (with("nonce", &"n".repeat(513)), ErrorCode::InvalidRequest),
        (with("prompt", "none login"), ErrorCode::InvalidRequest),
        (with("prompt", "sometimes"), ErrorCode::InvalidRequest),
        (with("max_age", "-1"), ErrorCode::InvalidRequest),
        (with("max_age", "soon"), ErrorCode::InvalidRequest),
        (with("request", "eyJ..."), ErrorCode::RequestNotSupported),
        (with("request_uri", "https://x.example/r"), ErrorCode::RequestUriNotSupported),
        (with("registration", "{}"), ErrorCode::RegistrationNotSupported),
        (repeated("scope", "openid"), ErrorCode::InvalidRequest),
        (repeated("code_challenge", CHALLENGE), ErrorCode::InvalidRequest),
    ];
    for (pairs, expected) in cases {
        let (error, state) = redirected(&pairs);
        assert_eq!(error, expected, "{pairs:?}");
        assert_eq!(state.as_deref(), Some("s-123"), "{pairs:?}");
    }
}

#[test]
fn a_repeated_or_oversized_state_is_refused_and_not_echoed() {
    assert_eq!(redirected(&repeated("state", "other")), (ErrorCode::InvalidRequest, None));
    assert_eq!(redirected(&with("state", &"s".repeat(513))), (ErrorCode::InvalidRequest, None));
    assert_eq!(redirected(&with("state", &"s".repeat(3000))), (ErrorCode::InvalidRequest, None));
}

#[test]
fn redirects_keep_the_registered_query_and_carry_iss() {
    let issuer = Issuer::parse("https://id.example.net").unwrap();
    let authorization = validate(&good(), Some(&client())).unwrap();
    let location = authorization.success_location("the-code", &issuer);
    assert_eq!(
        location,
        "https://app.example.net/cb?tenant=7&code=the-code&state=s-123&iss=https%3A%2F%2Fid.example.net"
    );
    let AuthorizeError::Redirect(error) = validate(&with("scope", "email"), Some(&client())).unwrap_err() else {
        panic!("expected a redirect")
    };
    let location = error.location(&issuer);
    assert!(
        location.starts_with("https://app.example.net/cb?tenant=7&error=invalid_scope&error_description="),
        "{location}"
    );
    assert!(location.ends_with("&state=s-123&iss=https%3A%2F%2Fid.example.net"), "{location}");
    let login = authorization.error(ErrorCode::LoginRequired, "sign-in required");
    assert!(login.location(&issuer).contains("error=login_required"));
}

#[test]
fn prompt_and_max_age_decide_when_to_sign_in_again() {
    let now = Timestamp::from_second(1_800_000_000).unwrap();
    let ten_minutes_ago = now - SignedDuration::from_secs(600);
    let plain = validate(&good(), Some(&client())).unwrap();
    assert!(plain.needs_sign_in(None, now));
    assert!(!plain.needs_sign_in(Some(ten_minutes_ago), now));
    let fresh = validate(&with("max_age", "300"), Some(&client())).unwrap();
    assert!(fresh.needs_sign_in(Some(ten_minutes_ago), now));
    assert!(!fresh.needs_sign_in(Some(now - SignedDuration::from_secs(60)), now));
    let login = validate(&with("prompt", "login"), Some(&client())).unwrap();
    assert!(login.needs_sign_in(Some(now), now));
    let none = validate(&with("prompt", "none"), Some(&client())).unwrap();
    assert!(none.prompt.none && !none.prompt.login);
}
