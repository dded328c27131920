//! A re-seal stopped after its first batch leaves a consistent mix (every
//! value opens, the old key is kept), and running it again finishes the job.

#[macro_use]
mod backends;

mod rotation_support;

use std::ops::ControlFlow;

use backends::DataDir;

async fn a_reseal_stopped_after_one_batch_resumes_and_completes(dir: DataDir) {
    let store = dir.open().await;
    let customer = rotation_support::fill(&store, 9).await;
    store.rotate_data_key(&customer).await.unwrap();

    let mut calls = 0;
    let stopped = store
        .reseal_tenant(&customer, &rotation_support::options(), |_| {
            calls += 1;
            if calls > 2 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
        })
        .await
        .unwrap();
    assert!(!stopped.finished && stopped.retired.is_empty(), "{stopped:?}");
    assert_eq!(stopped.resealed, 1 + 3, "the name, then one batch of three extensions");
    let pool = dir.raw().await;
    let in_use = rotation_support::versions_in_use(&pool, &customer).await;
    assert_eq!(in_use.into_iter().collect::<Vec<_>>(), [1, 2], "a mix, as left by a kill");
    assert_eq!(rotation_support::stored_key_versions(&pool, &customer).await, [1, 2]);
    rotation_support::assert_everything_opens(&store, &customer, 100..109).await;
    store.close().await;

    let store = dir.open().await;
    let mut first = None;
    let resumed = store
        .reseal_tenant(&customer, &rotation_support::options(), |tables| {
            first.get_or_insert_with(|| tables.to_vec());
            ControlFlow::Continue(())
        })
        .await
        .unwrap();
    let first = first.unwrap();
    assert_eq!((first[0].done, first[1].done, first[1].total), (1, 3, 9), "resumes from the data: {first:?}");
    assert!(resumed.finished);
    assert_eq!(resumed.resealed, 6 + 2 + 5 + 2);
    assert_eq!(resumed.retired, [1]);
    assert_eq!(rotation_support::versions_in_use(&pool, &customer).await.into_iter().collect::<Vec<_>>(), [2]);
    rotation_support::assert_everything_opens(&store, &customer, 100..109).await;
}

on_both_backends!(a_reseal_stopped_after_one_batch_resumes_and_completes);
