//! Digest algorithms (RFC 7616 §3.3, §6.1; RFC 8760 §2) and quality of
//! protection values (RFC 7616 §3.3).

use std::fmt;
use std::str::FromStr;

use md5::Md5;
use sha2::{Digest, Sha256, Sha512_256};

use super::{DigestError, hex};

/// A digest algorithm. Absent means [`Algorithm::Md5`] (RFC 7616 §3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Algorithm {
    /// `MD5` (RFC 7616 §3.3, kept for RFC 2617 compatibility).
    #[default]
    Md5,
    /// `MD5-sess`
    Md5Sess,
    /// `SHA-256` (RFC 7616 §3.3; RFC 8760 for SIP).
    Sha256,
    /// `SHA-256-sess`
    Sha256Sess,
    /// `SHA-512-256`: SHA-512/256 (RFC 7616 §3.3).
    Sha512_256,
    /// `SHA-512-256-sess`
    Sha512_256Sess,
}

const TOKENS: [(&str, Algorithm); 6] = [
    ("MD5", Algorithm::Md5),
    ("MD5-sess", Algorithm::Md5Sess),
    ("SHA-256", Algorithm::Sha256),
    ("SHA-256-sess", Algorithm::Sha256Sess),
    ("SHA-512-256", Algorithm::Sha512_256),
    ("SHA-512-256-sess", Algorithm::Sha512_256Sess),
];

impl Algorithm {
    /// The token as registered by RFC 7616 §6.1.
    pub fn as_str(self) -> &'static str {
        TOKENS.iter().find(|(_, alg)| *alg == self).map_or("MD5", |(token, _)| token)
    }

    /// Whether this is a `-sess` variant (RFC 7616 §3.4.2).
    pub fn is_session(self) -> bool {
        matches!(self, Self::Md5Sess | Self::Sha256Sess | Self::Sha512_256Sess)
    }

    /// The plain algorithm whose HA1 a `-sess` variant starts from: the HA1
    /// the store keeps is the same for `MD5` and `MD5-sess`.
    pub fn base(self) -> Self {
        match self {
            Self::Md5 | Self::Md5Sess => Self::Md5,
            Self::Sha256 | Self::Sha256Sess => Self::Sha256,
            Self::Sha512_256 | Self::Sha512_256Sess => Self::Sha512_256,
        }
    }

    /// `H(data)` as lower-case hex (RFC 7616 §3.4.1).
    pub fn hash_hex(self, data: &[u8]) -> String {
        match self.base() {
            Self::Sha256 => hex::encode(&Sha256::digest(data)),
            Self::Sha512_256 => hex::encode(&Sha512_256::digest(data)),
            _ => hex::encode(&Md5::digest(data)),
        }
    }

    /// The length of a response in hex digits.
    pub fn hex_len(self) -> usize {
        match self.base() {
            Self::Md5 => 32,
            _ => 64,
        }
    }
}

impl FromStr for Algorithm {
    type Err = DigestError;

    /// Parses exactly the RFC 7616 §6.1 tokens, ignoring ASCII case.
    fn from_str(token: &str) -> Result<Self, Self::Err> {
        TOKENS
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(token))
            .map(|(_, alg)| *alg)
            .ok_or(DigestError::UnsupportedAlgorithm)
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A quality of protection value (RFC 7616 §3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Qop {
    /// `auth`: authentication of the method and URI.
    Auth,
    /// `auth-int`: also the body. Parsed, never offered or accepted.
    AuthInt,
}

impl Qop {
    /// The token.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auth => "auth",
            Self::AuthInt => "auth-int",
        }
    }
}

impl FromStr for Qop {
    type Err = DigestError;

    fn from_str(token: &str) -> Result<Self, Self::Err> {
        match token.to_ascii_lowercase().as_str() {
            "auth" => Ok(Self::Auth),
            "auth-int" => Ok(Self::AuthInt),
            _ => Err(DigestError::UnsupportedQop),
        }
    }
}

impl fmt::Display for Qop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_registered_token_and_prints_it_back() {
        for (token, alg) in TOKENS {
            assert_eq!(token.parse::<Algorithm>().ok(), Some(alg));
            assert_eq!(alg.to_string(), token);
        }
        assert_eq!("sha-256".parse::<Algorithm>().ok(), Some(Algorithm::Sha256));
    }

    #[test]
    fn refuses_near_misses() {
        for token in ["SHA256", "SHA-512", "MD5-sess-sess", "", "SHA-512/256"] {
            assert!(token.parse::<Algorithm>().is_err(), "{token}");
        }
    }

    #[test]
    fn sha512_256_is_the_truncated_variant_not_sha512() {
        // FIPS 180-4 example "abc" for SHA-512/256.
        assert_eq!(
            Algorithm::Sha512_256.hash_hex(b"abc"),
            "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23"
        );
    }
}
