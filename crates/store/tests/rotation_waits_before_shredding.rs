//! The re-seal job deletes the old key only once the new version has been
//! current for `retire_after` (so every node seals under it by then): it
//! waits, and the old key is still there while it does.

#[macro_use]
mod backends;

mod rotation_support;

use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use backends::DataDir;
use store::ResealOptions;

async fn the_old_key_outlives_the_wait(dir: DataDir) {
    let store = dir.open().await;
    let customer = rotation_support::fill(&store, 2).await;
    let rotated_at = Instant::now();
    store.rotate_data_key(&customer).await.unwrap();
    let retire_after = Duration::from_millis(1_500);
    let options = ResealOptions { retire_after, ..rotation_support::options() };

    let job = tokio::spawn({
        let (store, customer) = (store.clone(), customer.clone());
        async move { store.reseal_tenant(&customer, &options, |_| ControlFlow::Continue(())).await }
    });
    tokio::time::sleep(Duration::from_millis(700)).await;
    let pool = dir.raw().await;
    if rotated_at.elapsed() < retire_after {
        assert_eq!(rotation_support::stored_key_versions(&pool, &customer).await, [1, 2], "kept during the wait");
    }
    let report = job.await.unwrap().unwrap();

    assert!(rotated_at.elapsed() + Duration::from_millis(5) >= retire_after, "waited (to the millisecond)");
    assert_eq!(report.retired, [1]);
    assert_eq!(rotation_support::stored_key_versions(&pool, &customer).await, [2]);
}

on_both_backends!(the_old_key_outlives_the_wait);
