//! Nonces the registrar did not sign are refused before any hash is checked
//! (RFC 7616 §5.4: nonces must be unforgeable), and so are signed nonces
//! whose serial this verifier never issued.

mod digest_support;

use digest_support::*;
use sip::digest::{DigestError, Verifier, VerifierConfig};

fn with_nonce(nonce: &str) -> Result<(), DigestError> {
    let mut v = verifier();
    let mut challenge = challenge_at(&mut v, T0, [5; 16]);
    challenge.nonce = nonce.to_owned();
    verify(&mut v, &answer(&challenge, PASSWORD, 1), T0)
}

fn genuine_nonce() -> String {
    challenge_at(&mut verifier(), T0, [5; 16]).nonce
}

#[test]
fn a_nonce_signed_with_another_key_is_forged() {
    let mut other = Verifier::new(VerifierConfig::default(), &[0x43; 32]);
    let nonce = challenge_at(&mut other, T0, [5; 16]).nonce;
    assert_eq!(with_nonce(&nonce), Err(DigestError::ForgedNonce));
}

#[test]
fn a_nonce_with_a_moved_timestamp_is_forged() {
    let nonce = genuine_nonce();
    let later = format!("{:016x}{}", T0 + 10_000, &nonce[16..]);
    assert_eq!(with_nonce(&later), Err(DigestError::ForgedNonce));
}

#[test]
fn a_nonce_with_a_moved_serial_is_forged() {
    let nonce = genuine_nonce();
    let moved = format!("{}{:016x}{}", &nonce[..16], 1_u64, &nonce[32..]);
    assert_eq!(with_nonce(&moved), Err(DigestError::ForgedNonce));
}

#[test]
fn a_signed_serial_this_verifier_never_issued_is_forged() {
    let mut ahead = Verifier::new(VerifierConfig::default(), &KEY);
    for _ in 0..10 {
        challenge_at(&mut ahead, T0, [5; 16]);
    }
    let nonce = challenge_at(&mut ahead, T0, [5; 16]).nonce;
    assert_eq!(with_nonce(&nonce), Err(DigestError::ForgedNonce));
}

#[test]
fn made_up_nonces_are_forged() {
    for nonce in ["", "abc", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", &"0".repeat(96), &"é".repeat(48)] {
        assert_eq!(with_nonce(nonce), Err(DigestError::ForgedNonce), "{nonce:?}");
    }
}

#[test]
fn a_genuine_nonce_passes() {
    assert_eq!(with_nonce(&genuine_nonce()), Ok(()));
}
