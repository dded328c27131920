//! Shared fixture for the digest verifier tests: one realm, one user.

#![allow(dead_code, unreachable_pub)]

use sip::Method;
use sip::digest::{Algorithm, Challenge, Credentials, Secret, Verifier, VerifierConfig, ha1};

pub const REALM: &str = "pbx.example.com";
pub const USER: &str = "alice";
pub const PASSWORD: &str = "correct horse battery staple";
pub const URI: &str = "sip:pbx.example.com";
pub const KEY: [u8; 32] = [0x42; 32];
pub const T0: u64 = 1_750_000_000;

pub fn verifier() -> Verifier {
    Verifier::new(VerifierConfig::default(), &KEY)
}

/// A verifier whose replay window covers the last `window` challenges.
pub fn verifier_with_window(window: usize) -> Verifier {
    let config = VerifierConfig { replay_window: window, ..VerifierConfig::default() };
    Verifier::new(config, &KEY)
}

/// A SHA-256 challenge for the fixture realm issued at `now`.
pub fn challenge_at(v: &mut Verifier, now: u64, random: [u8; 16]) -> Challenge {
    v.challenge(REALM, Algorithm::Sha256, now, random, false)
}

/// The stored HA1 for alice, as a credential store would return it.
pub fn store(alg: Algorithm) -> Option<String> {
    Some(ha1(alg, USER, REALM, PASSWORD))
}

pub fn answer(challenge: &Challenge, password: &str, nc: u32) -> Credentials {
    Credentials::answer(challenge, &Method::Register, URI, USER, Secret::Password(password), "0a4f113b", nc)
        .expect("answerable challenge")
}

pub fn verify(v: &mut Verifier, creds: &Credentials, now: u64) -> Result<(), sip::digest::DigestError> {
    v.verify(creds, REALM, &Method::Register, URI, store, now)
}
