//! Proof Key for Code Exchange (RFC 7636), `S256` only: the `plain` method
//! gives no protection once the challenge is seen, so it is refused
//! (RFC 7636 §4.2 and §7.2; OAuth 2.0 Security BCP, RFC 9700 §2.1.1).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The one `code_challenge_method` accepted.
pub const S256: &str = "S256";
/// Length of an S256 challenge: unpadded base64url of 32 bytes.
const CHALLENGE_LEN: usize = 43;
/// Verifier length bounds (RFC 7636 §4.1).
const VERIFIER_LEN: std::ops::RangeInclusive<usize> = 43..=128;

/// Whether `challenge` can be an S256 challenge (43 base64url characters).
pub fn is_s256_challenge(challenge: &str) -> bool {
    challenge.len() == CHALLENGE_LEN && challenge.bytes().all(is_base64url)
}

/// Whether `verifier` is well formed: 43–128 unreserved characters
/// (`ALPHA / DIGIT / "-" / "." / "_" / "~"`, RFC 7636 §4.1).
pub fn is_verifier(verifier: &str) -> bool {
    VERIFIER_LEN.contains(&verifier.len()) && verifier.bytes().all(|b| is_base64url(b) || b == b'.' || b == b'~')
}

/// The S256 challenge of `verifier`: `BASE64URL(SHA256(ASCII(verifier)))`.
pub fn s256_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Whether `verifier` is well formed and hashes to `challenge`, compared in
/// constant time (RFC 7636 §4.6).
pub fn verify(verifier: &str, challenge: &str) -> bool {
    is_verifier(verifier) && bool::from(s256_challenge(verifier).as_bytes().ct_eq(challenge.as_bytes()))
}

fn is_base64url(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7636 Appendix B.
    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn rfc_7636_appendix_b() {
        assert_eq!(s256_challenge(VERIFIER), CHALLENGE);
        assert!(is_s256_challenge(CHALLENGE));
        assert!(verify(VERIFIER, CHALLENGE));
    }

    #[test]
    fn wrong_or_malformed_verifiers_fail() {
        assert!(!verify("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK", CHALLENGE));
        assert!(!verify("short", &s256_challenge("short")));
        assert!(!verify(&"a".repeat(129), &s256_challenge(&"a".repeat(129))));
        assert!(!verify(&"a b".repeat(20), &s256_challenge(&"a b".repeat(20))));
        assert!(!is_s256_challenge("plain-challenge"));
        assert!(!is_s256_challenge(&format!("{}=", &CHALLENGE[..42])));
    }
}
