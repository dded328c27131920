//! The sealed blob format: streaming AEAD, the STREAM construction of
//! Hoang, Reyhanitabar, Rogaway and Vizár ("Online Authenticated-Encryption
//! and its Nonce-Reuse Misuse-Resistance", CRYPTO 2015, §7), as in Tink's
//! AES-GCM-HKDF streaming AEAD and age, over AES-256-GCM (NIST SP 800-38D).
//!
//! A file is a 48-byte header, then chunks:
//!
//! - header: magic `"CVBL"` ‖ format (1 byte, [`BLOB_FORMAT`]) ‖ data key
//!   version (u32, big-endian) ‖ random 32-byte salt ‖ random 7-byte nonce prefix;
//! - the file key is HMAC-SHA-256(data key, "callvault/blob/v1/" ‖ salt), so
//!   every file has its own AES-256-GCM key;
//! - each chunk is 64 KiB of plaintext (the last may be shorter, and is empty
//!   only for an empty blob) sealed with nonce = prefix ‖ chunk index (u32,
//!   big-endian) ‖ last-chunk flag (1 byte, 0 or 1), followed by its 16-byte tag;
//! - every chunk's associated data is "callvault/blob/v1" ‖ the header ‖
//!   tenant id ‖ blob id ‖ kind (each length-prefixed).
//!
//! So a chunk moved to another position fails (index in the nonce), a
//! truncated or extended file fails (last flag), and a file moved to another
//! blob, kind or tenant fails (associated data, and another tenant's key).
//! This module is pure: no files, no async.

use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use zeroize::Zeroizing;

use crate::StoreError;
use crate::crypto::{DataKey, encode_fields};

/// The format byte this code writes.
pub(crate) const BLOB_FORMAT: u8 = 1;
/// Plaintext bytes per chunk.
pub(crate) const CHUNK: usize = 64 * 1024;
/// AES-GCM tag bytes after each chunk.
pub(crate) const TAG: usize = 16;
/// Sealed bytes of a full chunk.
pub(crate) const SEALED_CHUNK: usize = CHUNK + TAG;
/// Header bytes at the start of a file.
pub(crate) const HEADER_LEN: usize = 48;

const MAGIC: &[u8; 4] = b"CVBL";
const SALT_LEN: usize = 32;
const PREFIX_LEN: usize = 7;
const AAD_LABEL: &[u8] = b"callvault/blob/v1";

/// A file's header, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    /// The data key version the file is sealed under.
    pub(crate) key_version: u32,
    salt: [u8; SALT_LEN],
    prefix: [u8; PREFIX_LEN],
}

impl Header {
    /// A header with a fresh random salt and nonce prefix.
    pub(crate) fn random(key_version: u32) -> Result<Self, StoreError> {
        let mut random = [0u8; SALT_LEN + PREFIX_LEN];
        getrandom::fill(&mut random).map_err(StoreError::Randomness)?;
        let (salt, prefix) = random.split_at(SALT_LEN);
        Ok(Self { key_version, salt: salt.try_into().expect("32 bytes"), prefix: prefix.try_into().expect("7 bytes") })
    }

    /// The 48 header bytes.
    pub(crate) fn encode(&self) -> [u8; HEADER_LEN] {
        let mut out = [0u8; HEADER_LEN];
        out[..4].copy_from_slice(MAGIC);
        out[4] = BLOB_FORMAT;
        out[5..9].copy_from_slice(&self.key_version.to_be_bytes());
        out[9..41].copy_from_slice(&self.salt);
        out[41..].copy_from_slice(&self.prefix);
        out
    }

    /// Parses a header; the problem, if it is none this build knows.
    pub(crate) fn parse(bytes: &[u8]) -> Result<Self, &'static str> {
        let bytes: &[u8; HEADER_LEN] = bytes.try_into().map_err(|_| "shorter than its header")?;
        if &bytes[..4] != MAGIC {
            return Err("not a sealed blob");
        }
        if bytes[4] != BLOB_FORMAT {
            return Err("unknown format version");
        }
        let key_version = u32::from_be_bytes(bytes[5..9].try_into().expect("4 bytes"));
        Ok(Self { key_version, salt: bytes[9..41].try_into().expect("32"), prefix: bytes[41..].try_into().expect("7") })
    }
}

/// What a file is bound to: its tenant, blob id and kind.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Identity<'a> {
    pub(crate) tenant: &'a str,
    pub(crate) blob: &'a str,
    pub(crate) kind: &'a str,
}

/// Seals or opens one file's chunks in order; knows the chunk index.
pub(crate) struct ChunkCipher {
    cipher: Aes256Gcm,
    prefix: [u8; PREFIX_LEN],
    aad: Vec<u8>,
    next: u32,
    finished: bool,
}

impl ChunkCipher {
    /// The cipher of the file with `header`, under `key` (of the header's version).
    pub(crate) fn new(key: &DataKey, header: &Header, identity: Identity<'_>) -> Self {
        let header_bytes = header.encode();
        let fields =
            [&header_bytes[..], identity.tenant.as_bytes(), identity.blob.as_bytes(), identity.kind.as_bytes()];
        let aad = encode_fields(AAD_LABEL, &fields);
        let cipher = key.blob_cipher(&header.salt);
        Self { cipher, prefix: header.prefix, aad, next: 0, finished: false }
    }

    /// The index of the next chunk.
    pub(crate) fn next_index(&self) -> u32 {
        self.next
    }

    /// Seals the next chunk (at most [`CHUNK`] bytes); `last` for the final one.
    pub(crate) fn seal(&mut self, plain: &[u8], last: bool) -> Result<Vec<u8>, StoreError> {
        debug_assert!(plain.len() <= CHUNK);
        let nonce = self.advance(last).ok_or(StoreError::BlobTooLarge)?;
        let payload = Payload { msg: plain, aad: &self.aad };
        self.cipher.encrypt(&Nonce::from(nonce), payload).map_err(|_| StoreError::BlobTooLarge)
    }

    /// Opens the next chunk (with its tag); `last` if the file ends after it.
    /// `None` if it does not authenticate.
    pub(crate) fn open(&mut self, sealed: &[u8], last: bool) -> Option<Zeroizing<Vec<u8>>> {
        let nonce = self.advance(last)?;
        let payload = Payload { msg: sealed, aad: &self.aad };
        self.cipher.decrypt(&Nonce::from(nonce), payload).ok().map(Zeroizing::new)
    }

    /// The nonce of the next chunk, moving past it; `None` after the last
    /// chunk or when the index would overflow.
    fn advance(&mut self, last: bool) -> Option<[u8; 12]> {
        if self.finished {
            return None;
        }
        let index = self.next;
        match self.next.checked_add(1) {
            Some(next) => self.next = next,
            None if last => {}
            None => return None,
        }
        self.finished = last;
        Some(nonce(&self.prefix, index, last))
    }
}

/// prefix ‖ index (u32, big-endian) ‖ last flag.
fn nonce(prefix: &[u8; PREFIX_LEN], index: u32, last: bool) -> [u8; 12] {
    let mut nonce = [0u8; 12];
    nonce[..PREFIX_LEN].copy_from_slice(prefix);
    nonce[PREFIX_LEN..11].copy_from_slice(&index.to_be_bytes());
    nonce[11] = u8::from(last);
    nonce
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_survives_encoding() {
        let header = Header::random(7).unwrap();
        assert_eq!(Header::parse(&header.encode()), Ok(header));
    }

    #[test]
    fn a_header_of_another_format_is_refused() {
        let mut bytes = Header::random(1).unwrap().encode();
        bytes[4] = BLOB_FORMAT + 1;
        assert_eq!(Header::parse(&bytes), Err("unknown format version"));
        assert_eq!(Header::parse(&bytes[..HEADER_LEN - 1]), Err("shorter than its header"));
    }

    #[test]
    fn the_nonce_is_prefix_index_and_last_flag() {
        let nonce = nonce(&[1, 2, 3, 4, 5, 6, 7], 0x0102_0304, true);
        assert_eq!(nonce, [1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 1]);
    }
}
