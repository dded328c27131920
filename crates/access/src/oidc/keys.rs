//! ID token signing keys: ECDSA P-256 with SHA-256, i.e. JWS `ES256`
//! (RFC 7518 §3.4), through ring; the public half published as a JWK
//! (RFC 7517 §4, RFC 7518 §6.2.1) whose `kid` is its RFC 7638 thumbprint.
//!
//! The private key is a PKCS #8 document the store seals under the
//! platform's data key; the JWS signature is ring's fixed-length `r ‖ s`,
//! which is exactly the form RFC 7518 §3.4 prescribes.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::rand::SystemRandom;
use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::AccessError;

/// The JWS algorithm of every ID token.
pub const ALGORITHM: &str = "ES256";
/// Length of an uncompressed P-256 point: `0x04 ‖ x ‖ y`.
const POINT_LEN: usize = 65;
const COORDINATE_LEN: usize = 32;

/// A signing key pair; the private half is wiped on drop and never printed.
pub struct SigningKey {
    pair: EcdsaKeyPair,
    pkcs8: Zeroizing<Vec<u8>>,
    kid: String,
}

impl SigningKey {
    /// A fresh random key.
    pub fn generate() -> Result<Self, AccessError> {
        let document = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &SystemRandom::new())
            .map_err(|_| AccessError::Randomness)?;
        Self::from_pkcs8(document.as_ref())
    }

    /// The key stored as a PKCS #8 document.
    pub fn from_pkcs8(pkcs8: &[u8]) -> Result<Self, AccessError> {
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8, &SystemRandom::new())
            .map_err(|_| AccessError::SigningKeyRejected)?;
        let kid = Jwk::from_public_point(pair.public_key().as_ref())?.kid;
        Ok(Self { pair, pkcs8: Zeroizing::new(pkcs8.to_vec()), kid })
    }

    /// The PKCS #8 document to seal and store.
    pub fn pkcs8(&self) -> &[u8] {
        &self.pkcs8
    }

    /// The key id (RFC 7638 thumbprint of the public key).
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The public key as an uncompressed point, stored beside the sealed key.
    pub fn public_point(&self) -> &[u8] {
        self.pair.public_key().as_ref()
    }

    /// Signs `claims` as a compact JWS (RFC 7515 §7.1) with header
    /// `{"alg":"ES256","typ":"JWT","kid":…}`.
    pub fn sign_jwt(&self, claims: &impl Serialize) -> Result<String, AccessError> {
        let header = serde_json::json!({ "alg": ALGORITHM, "typ": "JWT", "kid": self.kid });
        let payload = serde_json::to_vec(claims).map_err(|_| AccessError::SigningFailed)?;
        let input = format!("{}.{}", URL_SAFE_NO_PAD.encode(header.to_string()), URL_SAFE_NO_PAD.encode(payload));
        let signature =
            self.pair.sign(&SystemRandom::new(), input.as_bytes()).map_err(|_| AccessError::SigningFailed)?;
        Ok(format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.as_ref())))
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey").field("kid", &self.kid).finish_non_exhaustive()
    }
}

/// A public key as a JWK (RFC 7517 §4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    /// `EC`.
    pub kty: String,
    /// `P-256`.
    pub crv: String,
    /// The x coordinate, base64url.
    pub x: String,
    /// The y coordinate, base64url.
    pub y: String,
    /// The key id.
    pub kid: String,
    /// `sig`.
    #[serde(rename = "use")]
    pub key_use: String,
    /// `ES256`.
    pub alg: String,
}

impl Jwk {
    /// The JWK of an uncompressed P-256 point, its `kid` the RFC 7638
    /// thumbprint: SHA-256 of `{"crv":…,"kty":…,"x":…,"y":…}`, base64url.
    pub fn from_public_point(point: &[u8]) -> Result<Self, AccessError> {
        if point.len() != POINT_LEN || point[0] != 0x04 {
            return Err(AccessError::SigningKeyRejected);
        }
        let (x, y) = point[1..].split_at(COORDINATE_LEN);
        let (x, y) = (URL_SAFE_NO_PAD.encode(x), URL_SAFE_NO_PAD.encode(y));
        let members = format!(r#"{{"crv":"P-256","kty":"EC","x":"{x}","y":"{y}"}}"#);
        let kid = URL_SAFE_NO_PAD.encode(Sha256::digest(members.as_bytes()));
        let text = |s: &str| s.to_owned();
        Ok(Self { kty: text("EC"), crv: text("P-256"), x, y, kid, key_use: text("sig"), alg: text(ALGORITHM) })
    }
}

/// A JWK Set (RFC 7517 §5): what `/oauth2/jwks` serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwks {
    /// The keys, current first.
    pub keys: Vec<Jwk>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_pkcs8_and_signs_compact_jws() {
        let key = SigningKey::generate().unwrap();
        let again = SigningKey::from_pkcs8(key.pkcs8()).unwrap();
        assert_eq!(again.kid(), key.kid());
        assert_eq!(Jwk::from_public_point(key.public_point()).unwrap().kid, key.kid());
        let jws = key.sign_jwt(&serde_json::json!({"sub": "x"})).unwrap();
        let parts: Vec<&str> = jws.split('.').collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(URL_SAFE_NO_PAD.decode(parts[2]).unwrap().len(), 64);
        let public =
            ring::signature::UnparsedPublicKey::new(&ring::signature::ECDSA_P256_SHA256_FIXED, key.public_point());
        public
            .verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &URL_SAFE_NO_PAD.decode(parts[2]).unwrap())
            .unwrap();
        assert!(!format!("{key:?}").contains("pkcs8"));
    }

    #[test]
    fn rfc_7638_thumbprint_form() {
        let point = [[4u8].as_slice(), &[1u8; 32], &[2u8; 32]].concat();
        let jwk = Jwk::from_public_point(&point).unwrap();
        let expected = URL_SAFE_NO_PAD.encode(Sha256::digest(
            format!(r#"{{"crv":"P-256","kty":"EC","x":"{}","y":"{}"}}"#, jwk.x, jwk.y).as_bytes(),
        ));
        assert_eq!(jwk.kid, expected);
        assert!(Jwk::from_public_point(&point[1..]).is_err());
        assert!(SigningKey::from_pkcs8(b"not a key").is_err());
    }
}
