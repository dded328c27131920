//! Re-wrapping data keys under a new KEK keeps every sealed value openable
//! and retires the old KEK.

#[macro_use]
mod backends;

use backends::DataDir;

mod crypto_support;

use store::{Aad, StoreError};

async fn every_sealed_value_opens_under_the_new_kek(dir: DataDir) {
    let store = dir.open().await;
    let (first, second) = crypto_support::two_tenants(&store).await;
    let (old, new) = (crypto_support::kek(1), crypto_support::kek(2));
    let before = store.keyring(old.clone());
    let mut sealed = Vec::new();
    for (i, tenant) in [&first, &second, &first].into_iter().enumerate() {
        let row = format!("row-{i}");
        let value = format!("value {i}");
        let blob = before.seal(tenant, value.as_bytes(), &Aad::new("t", "c", &row)).await.unwrap();
        sealed.push((tenant.clone(), row, value, blob));
    }

    assert_eq!(store.rewrap_data_keys(&old, &new).await.unwrap(), 2);
    store.close().await;
    let store = dir.open().await;

    let after = store.keyring(new.clone());
    for (tenant, row, value, blob) in &sealed {
        let opened = after.open(tenant, blob, &Aad::new("t", "c", row)).await.unwrap();
        assert_eq!(opened.as_slice(), value.as_bytes());
    }
    let retired = store.keyring(old.clone()).data_key(&first).await;
    assert!(matches!(retired, Err(StoreError::WrongKek { .. })));
    assert_eq!(store.rewrap_data_keys(&old, &new).await.unwrap(), 0, "a second run has nothing left to do");
}

async fn a_wrong_old_kek_changes_nothing(dir: DataDir) {
    let store = dir.open().await;
    let (first, _) = crypto_support::two_tenants(&store).await;
    let (old, new, wrong) = (crypto_support::kek(1), crypto_support::kek(2), crypto_support::kek(3));
    let aad = Aad::new("t", "c", "r");
    let blob = store.keyring(old.clone()).seal(&first, b"v", &aad).await.unwrap();

    let refused = store.rewrap_data_keys(&wrong, &new).await;
    assert!(matches!(refused, Err(StoreError::WrongKek { .. })));
    assert_eq!(store.keyring(old).open(&first, &blob, &aad).await.unwrap().as_slice(), b"v");
}

on_both_backends!(every_sealed_value_opens_under_the_new_kek, a_wrong_old_kek_changes_nothing);
