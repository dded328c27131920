//! After a data-key rotation, values sealed before it (under version 1) and
//! after it (under version 2) all open, before any re-seal.

#[macro_use]
mod backends;

mod rotation_support;

use backends::DataDir;

async fn old_and_new_values_open_side_by_side(dir: DataDir) {
    let store = dir.open().await;
    let customer = rotation_support::fill(&store, 4).await;

    assert_eq!(store.rotate_data_key(&customer).await.unwrap(), 2);
    store.upsert_extension(&rotation_support::extension(&customer, 200)).await.unwrap();

    let pool = dir.raw().await;
    let in_use = rotation_support::versions_in_use(&pool, &customer).await;
    assert_eq!(in_use.into_iter().collect::<Vec<_>>(), [1, 2]);
    rotation_support::assert_everything_opens(&store, &customer, (100..104).chain([200])).await;
    store.close().await;

    let reopened = dir.open().await;
    rotation_support::assert_everything_opens(&reopened, &customer, (100..104).chain([200])).await;
}

on_both_backends!(old_and_new_values_open_side_by_side);
