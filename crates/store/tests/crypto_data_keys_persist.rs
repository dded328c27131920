//! Data keys are stored wrapped: the same KEK finds them again after the
//! store is reopened, and another KEK cannot use them.

mod crypto_support;

use store::{Aad, Store, StoreError};

#[tokio::test]
async fn values_sealed_before_a_reopen_open_after_it_with_the_same_kek() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let (tenant, _) = crypto_support::two_tenants(&store).await;
    let aad = Aad::new("voicemail", "file", "vm-1");
    let sealed = store.keyring(crypto_support::kek(9)).seal(&tenant, b"hello", &aad).await.unwrap();
    store.close().await;

    let store = Store::open(dir.path()).await.unwrap();
    let keyring = store.keyring(crypto_support::kek(9));
    assert_eq!(keyring.open(&tenant, &sealed, &aad).await.unwrap().as_slice(), b"hello");
    assert_eq!(keyring.data_key(&tenant).await.unwrap().version(), 1, "no second key was made");
}

#[tokio::test]
async fn another_kek_cannot_use_the_stored_keys() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let (tenant, _) = crypto_support::two_tenants(&store).await;
    let aad = Aad::new("voicemail", "file", "vm-1");
    let sealed = store.keyring(crypto_support::kek(9)).seal(&tenant, b"hello", &aad).await.unwrap();
    store.close().await;

    let store = Store::open(dir.path()).await.unwrap();
    let stranger = store.keyring(crypto_support::kek(10));
    assert!(matches!(stranger.data_key(&tenant).await, Err(StoreError::WrongKek { .. })));
    assert!(matches!(stranger.open(&tenant, &sealed, &aad).await, Err(StoreError::WrongKek { .. })));
}

#[tokio::test]
async fn a_forged_kek_id_does_not_let_another_kek_unwrap() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let (tenant, _) = crypto_support::two_tenants(&store).await;
    store.keyring(crypto_support::kek(9)).data_key(&tenant).await.unwrap();
    store.close().await;
    let stranger = crypto_support::kek(10);
    let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", dir.path().join(store::DATABASE_FILE).display()))
        .await
        .unwrap();
    sqlx::query("UPDATE data_keys SET kek_id = $1").bind(stranger.id()).execute(&pool).await.unwrap();
    pool.close().await;

    let store = Store::open(dir.path()).await.unwrap();
    let unwrapped = store.keyring(stranger).data_key(&tenant).await;
    assert!(matches!(unwrapped, Err(StoreError::DataKeyUnwrap { version: 1, .. })));
}
