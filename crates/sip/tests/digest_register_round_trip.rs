//! A REGISTER challenged with 401 and answered (RFC 3261 §22.2, §10.2), with
//! headers carried as text in both directions, for SHA-256 and MD5.

mod digest_support;

use digest_support::*;
use sip::digest::{Algorithm, Challenge, Credentials, Secret};
use sip::{HeaderName, Headers, Method};

/// One round: the registrar challenges, the phone answers, the registrar checks.
fn round_trip(alg: Algorithm) {
    let mut registrar = verifier();
    let mut response_headers = Headers::new();
    let challenge = registrar.challenge(REALM, alg, T0, [9; 16], false);
    response_headers.push(HeaderName::WwwAuthenticate, challenge.to_string());

    let received = response_headers.get(&HeaderName::WwwAuthenticate).unwrap();
    let parsed: Challenge = received.parse().unwrap();
    assert_eq!(parsed, challenge);
    let creds =
        Credentials::answer(&parsed, &Method::Register, URI, USER, Secret::Password(PASSWORD), "c1", 1).unwrap();
    let mut request_headers = Headers::new();
    request_headers.push(HeaderName::Authorization, creds.to_string());

    let sent = request_headers.get(&HeaderName::Authorization).unwrap();
    let at_server: Credentials = sent.parse().unwrap();
    assert_eq!(at_server.algorithm, alg);
    assert_eq!(registrar.verify(&at_server, REALM, &Method::Register, URI, store, T0 + 1), Ok(()));
}

#[test]
fn sha256_register_is_accepted() {
    round_trip(Algorithm::Sha256);
}

#[test]
fn md5_register_is_accepted() {
    round_trip(Algorithm::Md5);
}

#[test]
fn the_refresh_with_the_next_nonce_count_is_accepted() {
    let mut registrar = verifier();
    let challenge = registrar.challenge(REALM, Algorithm::Sha256, T0, [1; 16], false);
    assert_eq!(verify(&mut registrar, &answer(&challenge, PASSWORD, 1), T0), Ok(()));
    assert_eq!(verify(&mut registrar, &answer(&challenge, PASSWORD, 2), T0 + 60), Ok(()));
}

#[test]
fn the_store_is_asked_for_the_base_algorithm_of_a_sess_variant() {
    let config = sip::digest::VerifierConfig { algorithms: vec![Algorithm::Sha256Sess], ..Default::default() };
    let mut registrar = sip::digest::Verifier::new(config, &KEY);
    let challenge = registrar.challenge(REALM, Algorithm::Sha256Sess, T0, [1; 16], false);
    let creds = answer(&challenge, PASSWORD, 1);
    let mut asked = None;
    let lookup = |alg| {
        asked = Some(alg);
        store(alg)
    };
    assert_eq!(registrar.verify(&creds, REALM, &Method::Register, URI, lookup, T0), Ok(()));
    assert_eq!(asked, Some(Algorithm::Sha256));
}
