//! Flipping any single bit of a sealed value makes it fail to open.

#[macro_use]
mod backends;

use backends::DataDir;

mod crypto_support;

use store::{Aad, StoreError, open, seal};

async fn every_single_bit_flip_is_refused(dir: DataDir) {
    let store = dir.open().await;
    let (tenant, _) = crypto_support::two_tenants(&store).await;
    let key = store.keyring(crypto_support::kek(1)).data_key(&tenant).await.unwrap();
    let aad = Aad::new("cdrs", "caller", "cdr-42");
    let sealed = seal(&key, b"+15551234567", &aad).unwrap();

    for bit in 0..sealed.len() * 8 {
        let mut altered = sealed.clone();
        altered[bit / 8] ^= 1 << (bit % 8);
        let result = open(&key, &altered, &aad);
        let refused = matches!(result, Err(StoreError::Unauthentic | StoreError::SealedMalformed(_)));
        assert!(refused, "bit {bit} flipped still opened");
    }
    assert!(open(&key, &sealed, &aad).is_ok());
}

async fn a_truncated_or_extended_value_is_refused(dir: DataDir) {
    let store = dir.open().await;
    let (tenant, _) = crypto_support::two_tenants(&store).await;
    let key = store.keyring(crypto_support::kek(1)).data_key(&tenant).await.unwrap();
    let aad = Aad::new("cdrs", "caller", "cdr-42");
    let sealed = seal(&key, b"+15551234567", &aad).unwrap();

    assert!(open(&key, &sealed[..sealed.len() - 1], &aad).is_err());
    assert!(open(&key, &[sealed.as_slice(), &[0]].concat(), &aad).is_err());
}

on_both_backends!(every_single_bit_flip_is_refused, a_truncated_or_extended_value_is_refused);
