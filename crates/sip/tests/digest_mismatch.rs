//! Credentials for another realm or URI, or using an algorithm or qop the
//! registrar does not accept, are refused before any hash is computed.

mod digest_support;

use digest_support::*;
use sip::Method;
use sip::digest::{Algorithm, DigestError, Qop};

fn challenged() -> (sip::digest::Verifier, sip::digest::Credentials) {
    let mut v = verifier();
    let c = challenge_at(&mut v, T0, [8; 16]);
    let creds = answer(&c, PASSWORD, 1);
    (v, creds)
}

#[test]
fn another_realm_is_refused() {
    let (mut v, mut creds) = challenged();
    creds.realm = "evil.example.com".into();
    assert_eq!(verify(&mut v, &creds, T0), Err(DigestError::RealmMismatch));
}

#[test]
fn credentials_for_one_realm_are_refused_in_another() {
    let (mut v, creds) = challenged();
    let result = v.verify(&creds, "other.example.com", &Method::Register, URI, store, T0);
    assert_eq!(result, Err(DigestError::RealmMismatch));
}

#[test]
fn another_uri_is_refused_but_case_is_ignored() {
    let (mut v, creds) = challenged();
    let other = v.verify(&creds, REALM, &Method::Register, "sip:other.example.com", store, T0);
    assert_eq!(other, Err(DigestError::UriMismatch));
    assert_eq!(v.verify(&creds, REALM, &Method::Register, "SIP:PBX.example.com", store, T0), Ok(()));
}

#[test]
fn an_algorithm_outside_the_configured_set_is_refused() {
    let mut v = verifier();
    let c = v.challenge(REALM, Algorithm::Sha512_256, T0, [8; 16], false);
    assert_eq!(verify(&mut v, &answer(&c, PASSWORD, 1), T0), Err(DigestError::UnsupportedAlgorithm));
}

#[test]
fn auth_int_is_refused() {
    let (mut v, mut creds) = challenged();
    creds.qop = Some(Qop::AuthInt);
    assert_eq!(verify(&mut v, &creds, T0), Err(DigestError::UnsupportedQop));
}

#[test]
fn a_zero_nonce_count_is_malformed() {
    let (mut v, mut creds) = challenged();
    creds.nc = Some(0);
    let err = verify(&mut v, &creds, T0).unwrap_err();
    assert_eq!(err, DigestError::BadParam("nc"));
    assert!(err.is_malformed());
}
