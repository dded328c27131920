//! An expired nonce with a correct response is stale, so the registrar
//! re-challenges with `stale=true` (RFC 7616 §3.3); a wrong password on an
//! expired nonce is still a wrong password.

mod digest_support;

use digest_support::*;
use sip::digest::{Algorithm, DigestError};

#[test]
fn a_nonce_is_fresh_for_its_whole_lifetime() {
    let mut v = verifier();
    let challenge = v.challenge(REALM, Algorithm::Sha256, T0, [3; 16], false);
    assert_eq!(verify(&mut v, &answer(&challenge, PASSWORD, 1), T0 + 300), Ok(()));
}

#[test]
fn after_the_lifetime_a_correct_answer_is_stale() {
    let mut v = verifier();
    let challenge = v.challenge(REALM, Algorithm::Sha256, T0, [3; 16], false);
    let err = verify(&mut v, &answer(&challenge, PASSWORD, 1), T0 + 301).unwrap_err();
    assert_eq!(err, DigestError::Stale);
    assert!(err.is_stale() && !err.is_malformed());
}

#[test]
fn a_wrong_password_on_an_old_nonce_is_not_reported_stale() {
    let mut v = verifier();
    let challenge = v.challenge(REALM, Algorithm::Sha256, T0, [3; 16], false);
    let result = verify(&mut v, &answer(&challenge, "guess", 1), T0 + 3600);
    assert_eq!(result, Err(DigestError::WrongResponse));
}

#[test]
fn the_stale_rechallenge_is_answerable() {
    let mut v = verifier();
    let now = T0 + 1000;
    let challenge = v.challenge(REALM, Algorithm::Sha256, now, [4; 16], true);
    assert!(challenge.to_string().contains("stale=true"));
    assert_eq!(verify(&mut v, &answer(&challenge, PASSWORD, 1), now), Ok(()));
}

#[test]
fn the_lifetime_is_configurable() {
    let config = sip::digest::VerifierConfig { nonce_lifetime_secs: 10, ..Default::default() };
    let mut v = sip::digest::Verifier::new(config, &KEY);
    let challenge = v.challenge(REALM, Algorithm::Md5, T0, [3; 16], false);
    assert_eq!(verify(&mut v, &answer(&challenge, PASSWORD, 1), T0 + 11), Err(DigestError::Stale));
}
