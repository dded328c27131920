//! Sealing then opening gives the plaintext back; the sealed layout is as documented.

#[macro_use]
mod backends;

use backends::DataDir;

mod crypto_support;

use store::{Aad, SEAL_FORMAT, StoreError, open, seal, sealed_key_version};

async fn a_sealed_value_opens_to_its_plaintext(dir: DataDir) {
    let store = dir.open().await;
    let (tenant, _) = crypto_support::two_tenants(&store).await;
    let keyring = store.keyring(crypto_support::kek(7));
    let key = keyring.data_key(&tenant).await.unwrap();
    let aad = Aad::new("extensions", "ha1_sha256", "row-1");

    for plaintext in [&b""[..], b"+15551234567", &[0xA5; 4096]] {
        let sealed = seal(&key, plaintext, &aad).unwrap();
        assert_eq!(sealed.len(), 1 + 4 + 12 + plaintext.len() + 16);
        assert_eq!(sealed[0], SEAL_FORMAT);
        assert_eq!(sealed_key_version(&sealed).unwrap(), key.version());
        assert_eq!(open(&key, &sealed, &aad).unwrap().as_slice(), plaintext);
        let via_keyring = keyring.open(&tenant, &sealed, &aad).await.unwrap();
        assert_eq!(via_keyring.as_slice(), plaintext);
    }
}

async fn sealing_twice_uses_fresh_nonces(dir: DataDir) {
    let store = dir.open().await;
    let (tenant, _) = crypto_support::two_tenants(&store).await;
    let keyring = store.keyring(crypto_support::kek(7));
    let aad = Aad::new("t", "c", "r");
    let first = keyring.seal(&tenant, b"same", &aad).await.unwrap();
    let second = keyring.seal(&tenant, b"same", &aad).await.unwrap();
    assert_ne!(first, second);
    assert_ne!(first[5..17], second[5..17], "nonces differ");
}

async fn malformed_input_is_told_apart_from_a_failed_authentication(dir: DataDir) {
    let store = dir.open().await;
    let (tenant, _) = crypto_support::two_tenants(&store).await;
    let key = store.keyring(crypto_support::kek(7)).data_key(&tenant).await.unwrap();
    let aad = Aad::new("t", "c", "r");
    let mut sealed = seal(&key, b"secret", &aad).unwrap();

    assert!(matches!(open(&key, &sealed[..20], &aad), Err(StoreError::SealedMalformed(_))));
    assert!(matches!(open(&key, b"plain text, not sealed at all", &aad), Err(StoreError::SealedMalformed(_))));
    let last = sealed.len() - 1;
    sealed[last] ^= 1;
    assert!(matches!(open(&key, &sealed, &aad), Err(StoreError::Unauthentic)));
}

on_both_backends!(
    a_sealed_value_opens_to_its_plaintext,
    sealing_twice_uses_fresh_nonces,
    malformed_input_is_told_apart_from_a_failed_authentication
);
