//! Data keys are stored wrapped: the same KEK finds them again after the
//! store is reopened, and another KEK cannot use them.

#[macro_use]
mod backends;

use backends::DataDir;

mod crypto_support;

use store::{Aad, StoreError};

async fn values_sealed_before_a_reopen_open_after_it_with_the_same_kek(dir: DataDir) {
    let store = dir.open().await;
    let (tenant, _) = crypto_support::two_tenants(&store).await;
    let aad = Aad::new("voicemail", "file", "vm-1");
    let sealed = store.keyring(crypto_support::kek(9)).seal(&tenant, b"hello", &aad).await.unwrap();
    store.close().await;

    let store = dir.open().await;
    let keyring = store.keyring(crypto_support::kek(9));
    assert_eq!(keyring.open(&tenant, &sealed, &aad).await.unwrap().as_slice(), b"hello");
    assert_eq!(keyring.data_key(&tenant).await.unwrap().version(), 1, "no second key was made");
}

async fn another_kek_cannot_use_the_stored_keys(dir: DataDir) {
    let store = dir.open().await;
    let (tenant, _) = crypto_support::two_tenants(&store).await;
    let aad = Aad::new("voicemail", "file", "vm-1");
    let sealed = store.keyring(crypto_support::kek(9)).seal(&tenant, b"hello", &aad).await.unwrap();
    store.close().await;

    let store = dir.open().await;
    let stranger = store.keyring(crypto_support::kek(10));
    assert!(matches!(stranger.data_key(&tenant).await, Err(StoreError::WrongKek { .. })));
    assert!(matches!(stranger.open(&tenant, &sealed, &aad).await, Err(StoreError::WrongKek { .. })));
}

async fn a_forged_kek_id_does_not_let_another_kek_unwrap(dir: DataDir) {
    let store = dir.open().await;
    let (tenant, _) = crypto_support::two_tenants(&store).await;
    store.keyring(crypto_support::kek(9)).data_key(&tenant).await.unwrap();
    store.close().await;
    let stranger = crypto_support::kek(10);
    let pool = dir.raw().await;
    sqlx::query("UPDATE data_keys SET kek_id = $1").bind(stranger.id()).execute(&pool).await.unwrap();
    pool.close().await;

    let store = dir.open().await;
    let unwrapped = store.keyring(stranger).data_key(&tenant).await;
    assert!(matches!(unwrapped, Err(StoreError::DataKeyUnwrap { version: 1, .. })));
}

on_both_backends!(
    values_sealed_before_a_reopen_open_after_it_with_the_same_kek,
    another_kek_cannot_use_the_stored_keys,
    a_forged_kek_id_does_not_let_another_kek_unwrap
);
