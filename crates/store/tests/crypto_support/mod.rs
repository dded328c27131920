//! Fixtures shared by the store's encryption tests.

#![allow(dead_code, unreachable_pub)]

use std::path::Path;

use model::TenantId;
use store::{Kek, NewTenant, Store};

/// A KEK whose 32 bytes are all `byte`.
pub fn kek(byte: u8) -> Kek {
    Kek::from_bytes(&[byte; 32])
}

/// Two distinct tenants: a reseller `r` and its customer `c`.
pub async fn two_tenants(store: &Store) -> (TenantId, TenantId) {
    let reseller = NewTenant { slug: "r".into(), name: "R".into(), parent: None, sip_domain: None, is_default: false };
    let reseller = store.upsert_reseller(&reseller).await.unwrap().id;
    let customer = NewTenant {
        slug: "c".into(),
        name: "C".into(),
        parent: Some("r".into()),
        sip_domain: Some("c.example".into()),
        is_default: false,
    };
    (reseller, store.upsert_customer(&customer).await.unwrap().id)
}

/// Whether `needle` occurs anywhere in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

/// A tenant's version-1 data key, unwrapped from its `data_keys.wrapped`
/// value independently of the store (AES-256-GCM with the documented
/// associated data), so a test knows exactly which 32 bytes to look for.
pub fn unwrap_data_key(kek: &[u8; 32], wrapped: &[u8], tenant: &TenantId) -> Vec<u8> {
    use aes_gcm::aead::{Aead, KeyInit, Payload};
    use aes_gcm::{Aes256Gcm, Nonce};
    let mut aad = b"callvault/data-key/v1".to_vec();
    aad.extend(u32::try_from(tenant.0.len()).unwrap().to_be_bytes());
    aad.extend(tenant.0.as_bytes());
    aad.extend(4u32.to_be_bytes());
    aad.extend(1u32.to_be_bytes());
    let (nonce, sealed) = wrapped.split_at(12);
    let nonce: [u8; 12] = nonce.try_into().unwrap();
    let cipher = Aes256Gcm::new(kek.into());
    cipher.decrypt(&Nonce::from(nonce), Payload { msg: sealed, aad: &aad }).unwrap()
}

/// The sealing sub-key of a data key: HMAC-SHA-256(key, "callvault/seal/v1").
pub fn seal_key(data_key: &[u8]) -> Vec<u8> {
    use hmac::{Hmac, KeyInit, Mac};
    let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(data_key).unwrap();
    mac.update(b"callvault/seal/v1");
    mac.finalize().into_bytes().to_vec()
}

/// Every file under `dir`, recursively, with its bytes.
pub fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    found
}

/// The checkpoint key, unwrapped independently of the store (AES-256-GCM,
/// nonce ‖ ciphertext ‖ tag, with the documented associated data).
pub fn unwrap_checkpoint_key(kek: &[u8; 32], wrapped: &[u8]) -> Vec<u8> {
    use aes_gcm::aead::{Aead, Payload};
    use aes_gcm::{Aes256Gcm, Nonce};
    let (nonce, sealed) = wrapped.split_at(12);
    let aad = b"callvault/audit-checkpoint-key/v1";
    let cipher = <Aes256Gcm as aes_gcm::KeyInit>::new(kek.into());
    let nonce = Nonce::from(<[u8; 12]>::try_from(nonce).unwrap());
    let key = cipher.decrypt(&nonce, Payload { msg: sealed, aad }).unwrap();
    assert_eq!(key.len(), 32);
    key
}
