//! Sealing one value: AES-256-GCM (NIST SP 800-38D) under a tenant's data key.
//!
//! Layout: format (1 byte, [`SEAL_FORMAT`]) ‖ data key version (u32, big-endian)
//! ‖ random 96-bit nonce ‖ ciphertext ‖ 128-bit tag. The associated data is
//! "callvault/seal/v1" ‖ that 5-byte header ‖ table ‖ column ‖ row id ‖ tenant
//! id (each length-prefixed), so the header cannot be altered and a value
//! copied to another row, column or tenant does not open. Random nonces are
//! safe for up to 2^32 seals per data key (SP 800-38D §8.3).
//!
//! [`seal`] seals one value. A [`Sealer`] seals many values of one column
//! under one key (a batch of CDRs): the associated data's fixed fields are
//! encoded once, each value is encrypted in place in the one buffer it is
//! returned in, and nonces come from one [`NonceSource`] per batch. Both
//! write the same layout, which [`open`] reads.

use aes_gcm::Nonce;
use aes_gcm::aead::{Aead, AeadInOut, Payload};
use rand::SeedableRng;
use rand::rngs::StdRng;
use zeroize::Zeroizing;

use super::derive::{encode_fields, push_field};
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
        let mut aad = column_prefix(header, self.table, self.column);
        push_field(&mut aad, self.row.as_bytes());
        push_field(&mut aad, key.tenant().0.as_bytes());
        aad
    }
}

/// The associated data up to the row: label, header, table, column.
fn column_prefix(header: &[u8], table: &str, column: &str) -> Vec<u8> {
    encode_fields(LABEL, &[header, table.as_bytes(), column.as_bytes()])
}

/// Seals `plaintext` under `key` for the place `aad` (the key's tenant is bound too).
pub fn seal(key: &DataKey, plaintext: &[u8], aad: &Aad<'_>) -> Result<Vec<u8>, StoreError> {
    let header = header(key.version());
    let mut nonce = [0u8; NONCE_LEN];
    random_nonce(&mut nonce);
    seal_in_place(key, &header, nonce, plaintext, &aad.encode(&header, key))
}

/// header ‖ nonce ‖ ciphertext ‖ tag of `plaintext`, encrypted in place in
/// the one buffer returned, sized for it up front.
fn seal_in_place(
    key: &DataKey,
    header: &[u8; HEADER_LEN],
    nonce: [u8; NONCE_LEN],
    plaintext: &[u8],
    aad: &[u8],
) -> Result<Vec<u8>, StoreError> {
    let mut sealed = Vec::with_capacity(HEADER_LEN + NONCE_LEN + plaintext.len() + TAG_LEN);
    sealed.extend_from_slice(header);
    sealed.extend_from_slice(&nonce);
    sealed.extend_from_slice(plaintext);
    let body = &mut sealed[HEADER_LEN + NONCE_LEN..];
    let tag = key
        .cipher()
        .encrypt_inout_detached(&Nonce::from(nonce), aad, body.into())
        .map_err(|_| StoreError::PlaintextTooLarge)?;
    sealed.extend_from_slice(&tag);
    Ok(sealed)
}

/// Fresh random 96-bit nonces for one batch: a ChaCha12 generator (rand's
/// `StdRng`, a CSPRNG) seeded once from the thread's CSPRNG, itself seeded
/// from the operating system. Each nonce is still 96 random bits; the batch
/// only saves a thread-local lookup per value. Not kept past the batch.
pub(crate) struct NonceSource(StdRng);

impl NonceSource {
    /// A generator seeded from the thread's CSPRNG.
    pub(crate) fn new() -> Self {
        Self(StdRng::from_rng(&mut rand::rng()))
    }

    fn next(&mut self) -> [u8; NONCE_LEN] {
        let mut nonce = [0u8; NONCE_LEN];
        rand::RngCore::fill_bytes(&mut self.0, &mut nonce);
        nonce
    }
}

/// Seals many values of one column under one data key (see the module doc);
/// what it makes is exactly what [`seal`] makes for the same place.
pub(crate) struct Sealer {
    key: std::sync::Arc<DataKey>,
    header: [u8; HEADER_LEN],
    /// The associated data: the column prefix, then the row and tenant of
    /// the value being sealed (cut back to the prefix for the next).
    aad: Vec<u8>,
    prefix_len: usize,
}

impl Sealer {
    /// A sealer of `table.column` values under `key`.
    pub(crate) fn new(key: std::sync::Arc<DataKey>, table: &str, column: &str) -> Self {
        let header = header(key.version());
        let aad = column_prefix(&header, table, column);
        Self { key, header, prefix_len: aad.len(), aad }
    }

    /// Seals `plaintext` for row `row`, with a nonce from `nonces`.
    pub(crate) fn seal(
        &mut self,
        plaintext: &[u8],
        row: &str,
        nonces: &mut NonceSource,
    ) -> Result<Vec<u8>, StoreError> {
        self.aad.truncate(self.prefix_len);
        push_field(&mut self.aad, row.as_bytes());
        push_field(&mut self.aad, self.key.tenant().0.as_bytes());
        seal_in_place(&self.key, &self.header, nonces.next(), plaintext, &self.aad)
    }
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

#[cfg(test)]
mod tests {
    use model::TenantId;

    use super::*;

    #[test]
    fn a_sealers_values_open_as_sealed_values_and_only_in_their_place() {
        let key = std::sync::Arc::new(DataKey::generate(&TenantId("t".into()), 3).unwrap());
        let mut sealer = Sealer::new(std::sync::Arc::clone(&key), "cdrs", "parties");
        let mut nonces = NonceSource::new();
        let first = sealer.seal(b"+12025550143", "row-1", &mut nonces).unwrap();
        let second = sealer.seal(b"+12025550143", "row-2", &mut nonces).unwrap();

        assert_eq!(open(&key, &first, &Aad::new("cdrs", "parties", "row-1")).unwrap().as_slice(), b"+12025550143");
        assert_eq!(open(&key, &second, &Aad::new("cdrs", "parties", "row-2")).unwrap().as_slice(), b"+12025550143");
        assert!(open(&key, &first, &Aad::new("cdrs", "parties", "row-2")).is_err(), "moved to another row");
        assert!(open(&key, &first, &Aad::new("cdrs", "other", "row-1")).is_err(), "moved to another column");
        assert_ne!(first[HEADER_LEN..HEADER_LEN + NONCE_LEN], second[HEADER_LEN..HEADER_LEN + NONCE_LEN]);
        assert_eq!(first.len(), HEADER_LEN + NONCE_LEN + 12 + TAG_LEN);
    }

    /// The layout as first written (one `encrypt` call, then concatenated),
    /// so values sealed before sealing in place still open and match.
    #[test]
    fn sealing_in_place_writes_the_original_layout() {
        let key = DataKey::generate(&TenantId("t".into()), 1).unwrap();
        let (nonce, aad) = ([9u8; NONCE_LEN], Aad::new("cdrs", "parties", "row-1"));
        let header = header(1);
        let encoded = encode_fields(LABEL, &[&header, b"cdrs", b"parties", b"row-1"]);
        let encoded = [encoded, encode_fields(b"", &[b"t"])].concat();
        let payload = Payload { msg: b"value".as_slice(), aad: &encoded };
        let original = [&header[..], &nonce, &key.cipher().encrypt(&Nonce::from(nonce), payload).unwrap()].concat();

        let in_place = seal_in_place(&key, &header, nonce, b"value", &aad.encode(&header, &key)).unwrap();

        assert_eq!(in_place, original);
    }
}
