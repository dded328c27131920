//! A second rotation before the first one's re-seal finished: the next
//! re-seal moves everything to the newest version and deletes both older
//! keys.

#[macro_use]
mod backends;

mod rotation_support;

use std::ops::ControlFlow;

use backends::DataDir;

async fn a_second_rotation_mid_reseal_ends_with_only_the_newest_key(dir: DataDir) {
    let store = dir.open().await;
    let customer = rotation_support::fill(&store, 5).await;
    store.rotate_data_key(&customer).await.unwrap();
    let mut calls = 0;
    let stopped = store
        .reseal_tenant(&customer, &rotation_support::options(), |_| {
            calls += 1;
            if calls > 2 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
        })
        .await
        .unwrap();
    assert!(!stopped.finished);
    assert_eq!(store.rotate_data_key(&customer).await.unwrap(), 3);
    store.upsert_extension(&rotation_support::extension(&customer, 300)).await.unwrap();

    let pool = dir.raw().await;
    let in_use = rotation_support::versions_in_use(&pool, &customer).await;
    assert_eq!(in_use.into_iter().collect::<Vec<_>>(), [1, 2, 3]);
    let report = store.reseal_tenant(&customer, &rotation_support::options(), |_| ControlFlow::Continue(())).await;
    let report = report.unwrap();
    assert!(report.finished);
    assert_eq!((report.key_version, report.retired.as_slice()), (3, &[1, 2][..]));
    assert_eq!(rotation_support::versions_in_use(&pool, &customer).await.into_iter().collect::<Vec<_>>(), [3]);
    assert_eq!(rotation_support::stored_key_versions(&pool, &customer).await, [3]);
    rotation_support::assert_everything_opens(&store, &customer, (100..105).chain([300])).await;
}

on_both_backends!(a_second_rotation_mid_reseal_ends_with_only_the_newest_key);
