//! Nonces the registrar did not sign are refused before any hash is checked
//! (RFC 7616 §5.4: nonces must be unforgeable).

mod digest_support;

use digest_support::*;
use sip::digest::{Algorithm, DigestError, Verifier, VerifierConfig};

fn with_nonce(nonce: &str) -> Result<(), DigestError> {
    let mut v = verifier();
    let mut challenge = v.challenge(Algorithm::Sha256, T0, [5; 16], false);
    challenge.nonce = nonce.to_owned();
    verify(&mut v, &answer(&challenge, PASSWORD, 1), T0)
}

#[test]
fn a_nonce_signed_with_another_key_is_forged() {
    let other = Verifier::new(VerifierConfig::new(REALM), &[0x43; 32]);
    let nonce = other.challenge(Algorithm::Sha256, T0, [5; 16], false).nonce;
    assert_eq!(with_nonce(&nonce), Err(DigestError::ForgedNonce));
}

#[test]
fn a_nonce_with_a_moved_timestamp_is_forged() {
    let nonce = verifier()
        .challenge(Algorithm::Sha256, T0, [5; 16], false)
        .nonce;
    let later = format!("{:016x}{}", T0 + 10_000, &nonce[16..]);
    assert_eq!(with_nonce(&later), Err(DigestError::ForgedNonce));
}

#[test]
fn made_up_nonces_are_forged() {
    for nonce in [
        "",
        "abc",
        "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
        &"0".repeat(80),
        &"é".repeat(40),
    ] {
        assert_eq!(
            with_nonce(nonce),
            Err(DigestError::ForgedNonce),
            "{nonce:?}"
        );
    }
}

#[test]
fn a_genuine_nonce_passes() {
    let nonce = verifier()
        .challenge(Algorithm::Sha256, T0, [5; 16], false)
        .nonce;
    assert_eq!(with_nonce(&nonce), Ok(()));
}
