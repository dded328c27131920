//! Signed server nonces (RFC 7616 §3.3, §5.4).
//!
//! `nonce = hex(time ‖ serial ‖ random ‖ HMAC-SHA-256(key, time ‖ serial ‖ random)[..16])`
//!
//! The timestamp (8 bytes, big-endian seconds) lets the server spot expired
//! nonces; the serial (8 bytes, big-endian) names the nonce's slot in the
//! verifier's replay window, so replay state is found without hashing the
//! nonce; the random bytes (16, from the caller) make each nonce
//! unpredictable; the truncated MAC under a server key proves the server
//! issued it, so neither the time nor the serial can be moved. RFC 7616 §3.3
//! suggests this shape (`time-stamp H(time-stamp ":" ETag ":" secret-data)`).

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use super::{DigestError, hex};

const TIME: usize = 8;
const SERIAL: usize = 8;
const RANDOM: usize = 16;
const SIGNED: usize = TIME + SERIAL + RANDOM;
const TAG: usize = 16;
const LEN: usize = SIGNED + TAG;

/// What a genuine nonce carries: when and in which order it was issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NonceStamp {
    /// Issue time, in the caller's seconds.
    pub issued_at: u64,
    /// The issuer's serial number for this nonce.
    pub serial: u64,
}

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
    /// Issuers sharing a key accept each other's nonces; replay state,
    /// however, is kept per [`super::Verifier`], so a verifier refuses
    /// serials it has not issued itself.
    pub fn new(key: &[u8; 32]) -> Self {
        // HMAC pads keys shorter than the block with zeros (RFC 2104 §2), so
        // this is HMAC under `key` itself.
        let mut block = [0u8; 64];
        block[..32].copy_from_slice(key);
        Self { mac: Hmac::new(&block.into()) }
    }

    /// A nonce stamped `now_secs` and `serial` (96 hex digits); `random`
    /// must come from a CSPRNG.
    pub fn issue(&self, now_secs: u64, serial: u64, random: [u8; RANDOM]) -> String {
        let mut raw = [0u8; LEN];
        raw[..TIME].copy_from_slice(&now_secs.to_be_bytes());
        raw[TIME..TIME + SERIAL].copy_from_slice(&serial.to_be_bytes());
        raw[TIME + SERIAL..SIGNED].copy_from_slice(&random);
        let tag = self.tag(&raw[..SIGNED]);
        raw[SIGNED..].copy_from_slice(&tag);
        hex::encode(&raw)
    }

    /// The stamp of a nonce this issuer made, or
    /// [`DigestError::ForgedNonce`] for a bad length, bad hex or bad MAC
    /// (compared in constant time).
    pub fn open(&self, nonce: &str) -> Result<NonceStamp, DigestError> {
        let raw = hex::decode::<LEN>(nonce).ok_or(DigestError::ForgedNonce)?;
        let (signed, tag) = raw.split_at(SIGNED);
        if !bool::from(self.tag(signed).ct_eq(tag)) {
            return Err(DigestError::ForgedNonce);
        }
        Ok(NonceStamp { issued_at: be_u64(&signed[..TIME]), serial: be_u64(&signed[TIME..TIME + SERIAL]) })
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

fn be_u64(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(bytes);
    u64::from_be_bytes(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flip_digit(nonce: &str, at: usize) -> String {
        let mut bytes = nonce.as_bytes().to_vec();
        bytes[at] = if bytes[at] == b'0' { b'1' } else { b'0' };
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn a_nonce_round_trips_and_is_hex() {
        let issuer = NonceIssuer::new(&[7; 32]);
        let nonce = issuer.issue(1_700_000_000, 42, [1; 16]);
        assert_eq!(nonce.len(), 96);
        assert!(nonce.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(issuer.open(&nonce), Ok(NonceStamp { issued_at: 1_700_000_000, serial: 42 }));
    }

    #[test]
    fn the_layout_is_time_then_serial_then_random_then_tag() {
        let nonce = NonceIssuer::new(&[7; 32]).issue(0x0102, 0x0304, [0xab; 16]);
        assert_eq!(&nonce[..16], "0000000000000102");
        assert_eq!(&nonce[16..32], "0000000000000304");
        assert_eq!(&nonce[32..64], "ab".repeat(16));
    }

    #[test]
    fn another_key_is_forged() {
        let nonce = NonceIssuer::new(&[7; 32]).issue(5, 0, [1; 16]);
        assert_eq!(NonceIssuer::new(&[8; 32]).open(&nonce), Err(DigestError::ForgedNonce));
    }

    #[test]
    fn a_flipped_time_serial_random_or_tag_digit_is_forged() {
        let issuer = NonceIssuer::new(&[7; 32]);
        let nonce = issuer.issue(5, 9, [1; 16]);
        for at in [15, 31, 63, 95] {
            assert_eq!(issuer.open(&flip_digit(&nonce, at)), Err(DigestError::ForgedNonce), "digit {at}");
        }
    }

    #[test]
    fn bad_length_or_hex_is_forged() {
        let issuer = NonceIssuer::new(&[7; 32]);
        let nonce = issuer.issue(5, 9, [1; 16]);
        for bad in ["short", &nonce[..80], &format!("{nonce}00"), &"g".repeat(96)] {
            assert_eq!(issuer.open(bad), Err(DigestError::ForgedNonce), "{bad}");
        }
    }
}
