//! Sub-key derivation: HMAC-SHA-256 (RFC 2104) of a label under a key, the
//! expand step of HKDF (RFC 5869 §2.3) for one 32-byte block.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

/// HMAC-SHA-256 over the concatenation of `parts`.
pub(super) fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// A 32-byte sub-key of `key` for the purpose named by `label`.
pub(super) fn sub_key(key: &[u8; 32], label: &[&[u8]]) -> Zeroizing<[u8; 32]> {
    Zeroizing::new(hmac_sha256(key, label))
}

/// `label` followed by each field as a 4-byte big-endian length and its bytes,
/// so distinct field lists never encode alike.
pub(crate) fn encode_fields(label: &[u8], fields: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::with_capacity(label.len() + fields.iter().map(|f| f.len() + 4).sum::<usize>());
    out.extend_from_slice(label);
    for field in fields {
        push_field(&mut out, field);
    }
    out
}

/// Appends `field` to `out` as [`encode_fields`] encodes each field.
pub(super) fn push_field(out: &mut Vec<u8>, field: &[u8]) {
    let len = u32::try_from(field.len()).expect("an associated-data field fits in 4 GiB");
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(field);
}
