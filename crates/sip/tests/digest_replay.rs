//! Replayed credentials are refused: the nonce count must grow, and a nonce
//! answered without qop is single-use (RFC 7616 §3.3 `nc`, §5.5).

mod digest_support;

use digest_support::*;
use sip::Method;
use sip::digest::{
    Algorithm, Challenge, Credentials, DigestError, Secret, Verifier, VerifierConfig,
};

fn challenge(v: &Verifier) -> Challenge {
    v.challenge(Algorithm::Sha256, T0, [6; 16], false)
}

#[test]
fn the_same_credentials_twice_are_a_replay() {
    let mut v = verifier();
    let creds = answer(&challenge(&v), PASSWORD, 1);
    assert_eq!(verify(&mut v, &creds, T0), Ok(()));
    assert_eq!(verify(&mut v, &creds, T0 + 1), Err(DigestError::Replay));
}

#[test]
fn a_lower_count_after_a_higher_one_is_a_replay() {
    let mut v = verifier();
    let c = challenge(&v);
    assert_eq!(verify(&mut v, &answer(&c, PASSWORD, 5), T0), Ok(()));
    assert_eq!(
        verify(&mut v, &answer(&c, PASSWORD, 3), T0),
        Err(DigestError::Replay)
    );
    assert_eq!(verify(&mut v, &answer(&c, PASSWORD, 6), T0), Ok(()));
}

#[test]
fn a_failed_attempt_does_not_burn_the_count() {
    let mut v = verifier();
    let c = challenge(&v);
    assert_eq!(
        verify(&mut v, &answer(&c, "wrong", 1), T0),
        Err(DigestError::WrongResponse)
    );
    assert_eq!(verify(&mut v, &answer(&c, PASSWORD, 1), T0), Ok(()));
}

#[test]
fn a_nonce_answered_without_qop_is_single_use() {
    let mut v = verifier();
    let mut c = challenge(&v);
    c.qop.clear();
    let creds = Credentials::answer(
        &c,
        &Method::Register,
        URI,
        USER,
        Secret::Password(PASSWORD),
        "x",
        1,
    )
    .unwrap();
    assert_eq!(creds.qop, None);
    assert_eq!(verify(&mut v, &creds, T0), Ok(()));
    assert_eq!(verify(&mut v, &creds, T0), Err(DigestError::Replay));
}

#[test]
fn a_nonce_evicted_from_a_full_table_cannot_be_replayed() {
    let mut config = VerifierConfig::new(REALM);
    config.replay_capacity = 2;
    let mut v = Verifier::new(config, &KEY);
    let first = answer(
        &v.challenge(Algorithm::Sha256, T0, [1; 16], false),
        PASSWORD,
        1,
    );
    assert_eq!(verify(&mut v, &first, T0), Ok(()));
    for (i, random) in [[2; 16], [3; 16]].into_iter().enumerate() {
        let now = T0 + 1 + i as u64;
        let creds = answer(
            &v.challenge(Algorithm::Sha256, now, random, false),
            PASSWORD,
            1,
        );
        assert_eq!(verify(&mut v, &creds, now), Ok(()));
    }
    assert_eq!(verify(&mut v, &first, T0 + 5), Err(DigestError::Stale));
}
