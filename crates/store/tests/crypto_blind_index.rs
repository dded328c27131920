//! Blind indexes match equal values within one tenant and column only.

#[macro_use]
mod backends;

use backends::DataDir;

mod crypto_support;

use store::blind_index;

async fn equal_values_match_within_a_tenant_and_column_only(dir: DataDir) {
    let store = dir.open().await;
    let (first, second) = crypto_support::two_tenants(&store).await;
    let keyring = store.keyring(crypto_support::kek(4));
    let (a, b) = (keyring.data_key(&first).await.unwrap(), keyring.data_key(&second).await.unwrap());
    let number = b"+15551234567";

    let index = blind_index(&a, "users.phone", number);
    assert_eq!(index, blind_index(&a, "users.phone", number));
    assert_ne!(index, blind_index(&a, "users.phone", b"+15551234568"));
    assert_ne!(index, blind_index(&b, "users.phone", number), "another tenant");
    assert_ne!(index, blind_index(&a, "cdrs.caller", number), "another column");
    assert_ne!(&index[..], &number[..]);
}

async fn an_index_is_stable_across_a_reopen(dir: DataDir) {
    let store = dir.open().await;
    let (first, _) = crypto_support::two_tenants(&store).await;
    let key = store.keyring(crypto_support::kek(4)).data_key(&first).await.unwrap();
    let before = blind_index(&key, "users.email", b"alice@example.com");
    store.close().await;

    let store = dir.open().await;
    let key = store.keyring(crypto_support::kek(4)).data_key(&first).await.unwrap();
    assert_eq!(before, blind_index(&key, "users.email", b"alice@example.com"));
}

on_both_backends!(equal_values_match_within_a_tenant_and_column_only, an_index_is_stable_across_a_reopen);
