//! New SIP passwords for extensions and the RFC 7616 §3.4.2 HA1 values
//! stored in their place (`H(username ":" realm ":" password)`, MD5 and
//! SHA-256): the password itself is shown once and never stored.

use model::SipSecret;
use sip::digest::{Algorithm, ha1};
use zeroize::Zeroizing;

/// Letters and digits without look-alikes (0/O, 1/l/I): easy to type into a phone.
const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// 20 characters of 56: about 116 bits.
const LENGTH: usize = 20;

/// A new random password.
pub(crate) fn generate() -> Zeroizing<String> {
    let mut bytes = Zeroizing::new([0u8; LENGTH * 2]);
    getrandom::fill(bytes.as_mut_slice()).expect("the OS random source is available");
    // Rejection sampling keeps every character equally likely.
    let limit = 256 - 256 % ALPHABET.len();
    let picked = bytes.iter().filter(|&&b| usize::from(b) < limit).map(|&b| ALPHABET[usize::from(b) % ALPHABET.len()]);
    let password: String = picked.take(LENGTH).map(char::from).collect();
    if password.len() < LENGTH { generate() } else { Zeroizing::new(password) }
}

/// The HA1 values of `username` in `realm` with `password`, both algorithm
/// families, as the registrar checks them (`sip::digest::ha1`).
pub(crate) fn secret(username: &str, realm: &str, password: &str) -> SipSecret {
    SipSecret {
        ha1_md5: ha1(Algorithm::Md5, username, realm, password),
        ha1_sha256: ha1(Algorithm::Sha256, username, realm, password),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_long_and_distinct() {
        let (a, b) = (generate(), generate());
        assert_eq!(a.len(), LENGTH);
        assert_ne!(a, b);
        assert!(a.bytes().all(|c| ALPHABET.contains(&c)));
    }

    /// RFC 7616 §3.9.1's credentials; the values from Python's hashlib.
    #[test]
    fn ha1_matches_the_rfc_example() {
        let secret = secret("Mufasa", "http-auth@example.org", "Circle of Life");
        assert_eq!(secret.ha1_md5, "3d78807defe7de2157e2b0b6573a855f");
        assert_eq!(secret.ha1_sha256, "7987c64c30e25f1b74be53f966b49b90f2808aa92faf9a00262392d7b4794232");
    }
}
