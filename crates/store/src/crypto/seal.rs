//! Sealing one value: AES-256-GCM (NIST SP 800-38D) under a tenant's data key.
//!
//! Layout: format (1 byte, [`SEAL_FORMAT`]) ‖ data key version (u32, big-endian)
//! ‖ random 96-bit nonce ‖ ciphertext ‖ 128-bit tag. The associated data is
//! "callvault/seal/v1" ‖ that 5-byte header ‖ table ‖ column ‖ row id ‖ tenant
//! id (each length-prefixed), so the header cannot be altered and a value
//! copied to another row, column or tenant does not open. Random nonces are
//! safe for up to 2^32 seals per data key (SP 800-38D §8.3).

use aes_gcm::Nonce;
use aes_gcm::aead::{Aead, Payload};
use zeroize::Zeroizing;

use super::derive::encode_fields;
use super::{DataKey, random_nonce};
use crate::StoreError;

/// The format byte this code writes.
pub const SEAL_FORMAT: u8 = 1;

const LABEL: &[u8] = b"callvault/seal/v1";
const HEADER_LEN: usize = 5;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// Where a sealed value lives; it is bound to exactly this place.
#[derive(Debug, Clone, Copy)]
pub struct Aad<'a> {
    /// The table, e.g. `"extensions"`.
    pub table: &'a str,
    /// The column, e.g. `"secret"`.
    pub column: &'a str,
    /// The row, named stably (e.g. `{tenant_id}/{number}`).
    pub row: &'a str,
}

impl<'a> Aad<'a> {
    /// The place `table.column` of row `row`.
    pub const fn new(table: &'a str, column: &'a str, row: &'a str) -> Self {
        Self { table, column, row }
    }

    fn encode(&self, header: &[u8], key: &DataKey) -> Vec<u8> {
        let fields = [header, self.table.as_bytes(), self.column.as_bytes(), self.row.as_bytes()];
        let mut aad = encode_fields(LABEL, &fields);
        aad.extend(encode_fields(b"", &[key.tenant().0.as_bytes()]));
        aad
    }
}

/// Seals `plaintext` under `key` for the place `aad` (the key's tenant is bound too).
pub fn seal(key: &DataKey, plaintext: &[u8], aad: &Aad<'_>) -> Result<Vec<u8>, StoreError> {
    let header = header(key.version());
    let mut nonce = [0u8; NONCE_LEN];
    random_nonce(&mut nonce);
    let payload = Payload { msg: plaintext, aad: &aad.encode(&header, key) };
    let sealed = key.cipher().encrypt(&Nonce::from(nonce), payload).map_err(|_| StoreError::PlaintextTooLarge)?;
    Ok([header.as_slice(), &nonce, &sealed].concat())
}

/// Opens what [`seal`] made. [`StoreError::SealedMalformed`] if it is not a
/// sealed value at all; [`StoreError::Unauthentic`] if the key is wrong or
/// the value was altered or moved (deliberately not saying which).
pub fn open(key: &DataKey, sealed: &[u8], aad: &Aad<'_>) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    let version = sealed_key_version(sealed)?;
    if version != key.version() {
        return Err(StoreError::Unauthentic);
    }
    let (header, rest) = sealed.split_at(HEADER_LEN);
    let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
    let nonce: [u8; NONCE_LEN] = nonce.try_into().expect("split at NONCE_LEN");
    let payload = Payload { msg: ciphertext, aad: &aad.encode(header, key) };
    let plain = key.cipher().decrypt(&Nonce::from(nonce), payload).map_err(|_| StoreError::Unauthentic)?;
    Ok(Zeroizing::new(plain))
}

/// The data key version a sealed value needs, read from its header.
pub fn sealed_key_version(sealed: &[u8]) -> Result<u32, StoreError> {
    if sealed.len() < HEADER_LEN + NONCE_LEN + TAG_LEN {
        return Err(StoreError::SealedMalformed("too short"));
    }
    if sealed[0] != SEAL_FORMAT {
        return Err(StoreError::SealedMalformed("unknown format version"));
    }
    let version: [u8; 4] = sealed[1..HEADER_LEN].try_into().expect("4 header bytes");
    Ok(u32::from_be_bytes(version))
}

fn header(key_version: u32) -> [u8; HEADER_LEN] {
    let v = key_version.to_be_bytes();
    [SEAL_FORMAT, v[0], v[1], v[2], v[3]]
}
