//! Stateless server nonces (RFC 7616 §3.3, §5.4).
//!
//! `nonce = hex(timestamp ‖ random ‖ HMAC-SHA-256(key, timestamp ‖ random)[..16])`
//!
//! The timestamp (8 bytes, big-endian seconds) lets the server spot stale
//! nonces without keeping state; the random bytes (16, from the caller) make
//! each nonce unique; the truncated MAC under a server key proves the server
//! issued it. RFC 7616 §3.3 suggests exactly this shape
//! (`time-stamp H(time-stamp ":" ETag ":" secret-data)`).

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use super::{DigestError, hex};

const TIME: usize = 8;
const RANDOM: usize = 16;
const TAG: usize = 16;
const LEN: usize = TIME + RANDOM + TAG;

/// Issues and checks HMAC-signed nonces.
#[derive(Clone)]
pub struct NonceIssuer {
    mac: Hmac<Sha256>,
}

impl std::fmt::Debug for NonceIssuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NonceIssuer { .. }")
    }
}

impl NonceIssuer {
    /// A nonce issuer keyed with a 32-byte server secret.
    ///
    /// Nodes of one cluster share the key so that any node accepts a nonce
    /// another issued.
    pub fn new(key: &[u8; 32]) -> Self {
        // HMAC pads keys shorter than the block with zeros (RFC 2104 §2), so
        // this is HMAC under `key` itself.
        let mut block = [0u8; 64];
        block[..32].copy_from_slice(key);
        Self {
            mac: Hmac::new(&block.into()),
        }
    }

    /// A fresh nonce stamped `now_secs`; `random` must come from a CSPRNG.
    pub fn issue(&self, now_secs: u64, random: [u8; RANDOM]) -> String {
        let mut raw = [0u8; LEN];
        raw[..TIME].copy_from_slice(&now_secs.to_be_bytes());
        raw[TIME..TIME + RANDOM].copy_from_slice(&random);
        let tag = self.tag(&raw[..TIME + RANDOM]);
        raw[TIME + RANDOM..].copy_from_slice(&tag);
        hex::encode(&raw)
    }

    /// The issue time of a nonce this issuer made, or
    /// [`DigestError::ForgedNonce`].
    pub fn issued_at(&self, nonce: &str) -> Result<u64, DigestError> {
        let raw = hex::decode::<LEN>(nonce).ok_or(DigestError::ForgedNonce)?;
        let (signed, tag) = raw.split_at(TIME + RANDOM);
        if !bool::from(self.tag(signed).ct_eq(tag)) {
            return Err(DigestError::ForgedNonce);
        }
        let mut time = [0u8; TIME];
        time.copy_from_slice(&signed[..TIME]);
        Ok(u64::from_be_bytes(time))
    }

    fn tag(&self, signed: &[u8]) -> [u8; TAG] {
        let mut mac = self.mac.clone();
        mac.update(signed);
        let full = mac.finalize().into_bytes();
        let mut tag = [0u8; TAG];
        tag.copy_from_slice(&full[..TAG]);
        tag
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nonce_round_trips_and_is_hex() {
        let issuer = NonceIssuer::new(&[7; 32]);
        let nonce = issuer.issue(1_700_000_000, [1; 16]);
        assert_eq!(nonce.len(), 80);
        assert!(nonce.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(issuer.issued_at(&nonce), Ok(1_700_000_000));
    }

    #[test]
    fn another_key_or_a_flipped_bit_is_forged() {
        let nonce = NonceIssuer::new(&[7; 32]).issue(5, [1; 16]);
        assert_eq!(
            NonceIssuer::new(&[8; 32]).issued_at(&nonce),
            Err(DigestError::ForgedNonce)
        );
        let mut tampered = nonce.into_bytes();
        tampered[15] = if tampered[15] == b'0' { b'1' } else { b'0' };
        let tampered = String::from_utf8(tampered).unwrap();
        assert_eq!(
            NonceIssuer::new(&[7; 32]).issued_at(&tampered),
            Err(DigestError::ForgedNonce)
        );
        assert_eq!(
            NonceIssuer::new(&[7; 32]).issued_at("short"),
            Err(DigestError::ForgedNonce)
        );
    }
}
