//! Opaque bearer secrets: authorization codes, access tokens and client
//! secrets. Each is 256 random bits from the operating system, shown once
//! as 43 characters of unpadded base64url (RFC 4648 §5), and kept at rest
//! only as SHA-256 over a label naming its kind and the value.
//!
//! Why a fast unkeyed hash and not Argon2: a slow hash protects guessable
//! secrets; these are 256 random bits, so even whoever holds the stored
//! hashes needs about 2^255 SHA-256 evaluations to find one. Comparisons of
//! hashes are constant-time ([`SecretHash::matches`]); lookups by hash go
//! through a database index on the hash, which reveals nothing usable.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::AccessError;

/// Random bytes per secret.
pub const SECRET_BYTES: usize = 32;
/// Characters of a secret as shown: unpadded base64url of [`SECRET_BYTES`].
pub const SECRET_CHARS: usize = 43;

/// What a secret is; its hash is bound to it, so a code never passes as a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    /// An authorization code (RFC 6749 §4.1.2).
    AuthorizationCode,
    /// An access token for `userinfo` (RFC 6750).
    AccessToken,
    /// A confidential client's secret (RFC 6749 §2.3.1).
    ClientSecret,
}

impl SecretKind {
    fn label(self) -> &'static [u8] {
        match self {
            SecretKind::AuthorizationCode => b"callvault oidc code v1\0",
            SecretKind::AccessToken => b"callvault oidc access token v1\0",
            SecretKind::ClientSecret => b"callvault oidc client secret v1\0",
        }
    }
}

/// A fresh secret to hand out once; wiped on drop, never printed by `Debug`.
pub struct Secret {
    kind: SecretKind,
    value: Zeroizing<String>,
}

impl Secret {
    /// A new random secret of `kind`.
    pub fn generate(kind: SecretKind) -> Result<Self, AccessError> {
        let mut bytes = Zeroizing::new([0u8; SECRET_BYTES]);
        getrandom::fill(bytes.as_mut()).map_err(|_| AccessError::Randomness)?;
        Ok(Self { kind, value: Zeroizing::new(URL_SAFE_NO_PAD.encode(bytes.as_ref())) })
    }

    /// The value to hand out.
    pub fn expose(&self) -> &str {
        &self.value
    }

    /// The hash to store.
    pub fn hash(&self) -> SecretHash {
        SecretHash::of(self.kind, &self.value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({:?}, ..)", self.kind)
    }
}

/// The stored form of a secret.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SecretHash(pub [u8; 32]);

impl SecretHash {
    /// The hash of a presented value of `kind` (any string: a wrong one
    /// simply matches nothing).
    pub fn of(kind: SecretKind, presented: &str) -> Self {
        let mut digest = Sha256::new();
        digest.update(kind.label());
        digest.update(presented.as_bytes());
        Self(digest.finalize().into())
    }

    /// Whether `presented` is the secret of `kind` this hash was made from,
    /// compared in constant time.
    pub fn matches(&self, kind: SecretKind, presented: &str) -> bool {
        bool::from(self.0.ct_eq(&Self::of(kind, presented).0))
    }

    /// Reads a stored hash.
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        Some(Self(bytes.try_into().ok()?))
    }
}

impl fmt::Debug for SecretHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretHash(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_base64url_and_match_only_their_kind() {
        let one = Secret::generate(SecretKind::AccessToken).unwrap();
        let two = Secret::generate(SecretKind::AccessToken).unwrap();
        assert_ne!(one.expose(), two.expose());
        assert_eq!(one.expose().len(), SECRET_CHARS);
        assert!(one.expose().bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        let hash = one.hash();
        assert!(hash.matches(SecretKind::AccessToken, one.expose()));
        assert!(!hash.matches(SecretKind::AuthorizationCode, one.expose()));
        assert!(!hash.matches(SecretKind::AccessToken, two.expose()));
        assert!(!format!("{one:?}{hash:?}").contains(one.expose()));
    }
}
