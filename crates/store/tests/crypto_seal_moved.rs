//! A sealed value copied to another row, column or tenant does not open there.

#[macro_use]
mod backends;

use backends::DataDir;

mod crypto_support;

use store::{Aad, StoreError};

async fn a_value_moved_to_another_row_column_or_tenant_fails_to_open(dir: DataDir) {
    let store = dir.open().await;
    let (tenant, other_tenant) = crypto_support::two_tenants(&store).await;
    let keyring = store.keyring(crypto_support::kek(3));
    let home = Aad::new("users", "email", "user-1");
    let sealed = keyring.seal(&tenant, b"alice@example.com", &home).await.unwrap();

    let other_row = Aad::new("users", "email", "user-2");
    let other_column = Aad::new("users", "name", "user-1");
    let other_table = Aad::new("contacts", "email", "user-1");
    for place in [other_row, other_column, other_table] {
        let moved = keyring.open(&tenant, &sealed, &place).await;
        assert!(matches!(moved, Err(StoreError::Unauthentic)), "{place:?}");
    }
    let other_key = keyring.data_key(&other_tenant).await.unwrap();
    assert_eq!(other_key.version(), 1, "the other tenant has a key of the version named in the value");
    let moved = keyring.open(&other_tenant, &sealed, &home).await;
    assert!(matches!(moved, Err(StoreError::Unauthentic)), "other tenant");
    assert_eq!(keyring.open(&tenant, &sealed, &home).await.unwrap().as_slice(), b"alice@example.com");
}

async fn row_ids_are_not_confused_by_shifting_bytes_between_fields(dir: DataDir) {
    let store = dir.open().await;
    let (tenant, _) = crypto_support::two_tenants(&store).await;
    let keyring = store.keyring(crypto_support::kek(3));
    let sealed = keyring.seal(&tenant, b"x", &Aad::new("ab", "c", "d")).await.unwrap();
    let shifted = keyring.open(&tenant, &sealed, &Aad::new("a", "bc", "d")).await;
    assert!(matches!(shifted, Err(StoreError::Unauthentic)));
}

on_both_backends!(
    a_value_moved_to_another_row_column_or_tenant_fails_to_open,
    row_ids_are_not_confused_by_shifting_bytes_between_fields
);
