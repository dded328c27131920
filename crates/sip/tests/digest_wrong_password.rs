//! Wrong passwords and unknown users are refused; the comparison ignores hex
//! case but nothing else.

mod digest_support;

use digest_support::*;
use sip::Method;
use sip::digest::{Algorithm, DigestError};

#[test]
fn a_wrong_password_is_a_wrong_response() {
    let mut v = verifier();
    let c = v.challenge(REALM, Algorithm::Sha256, T0, [7; 16], false);
    assert_eq!(verify(&mut v, &answer(&c, "correct horse battery stapler", 1), T0), Err(DigestError::WrongResponse));
}

#[test]
fn a_truncated_or_extended_response_is_wrong() {
    let mut v = verifier();
    let c = v.challenge(REALM, Algorithm::Md5, T0, [7; 16], false);
    let good = answer(&c, PASSWORD, 1);
    for response in [&good.response[..31], &format!("{}0", good.response), ""] {
        let mut creds = good.clone();
        creds.response = response.to_owned();
        assert_eq!(verify(&mut v, &creds, T0), Err(DigestError::WrongResponse), "{response}");
    }
}

#[test]
fn an_upper_case_hex_response_is_accepted() {
    let mut v = verifier();
    let c = v.challenge(REALM, Algorithm::Md5, T0, [7; 16], false);
    let mut creds = answer(&c, PASSWORD, 1);
    creds.response = creds.response.to_ascii_uppercase();
    assert_eq!(verify(&mut v, &creds, T0), Ok(()));
}

#[test]
fn an_unknown_user_is_refused_without_a_hash() {
    let mut v = verifier();
    let c = v.challenge(REALM, Algorithm::Sha256, T0, [7; 16], false);
    let creds = answer(&c, PASSWORD, 1);
    let result = v.verify(&creds, REALM, &Method::Register, URI, |_| None, T0);
    assert_eq!(result, Err(DigestError::UnknownCredentials));
}

#[test]
fn the_method_is_bound_into_the_response() {
    let mut v = verifier();
    let c = v.challenge(REALM, Algorithm::Sha256, T0, [7; 16], false);
    let creds = answer(&c, PASSWORD, 1);
    let result = v.verify(&creds, REALM, &Method::Invite, URI, store, T0);
    assert_eq!(result, Err(DigestError::WrongResponse));
}
