//! A retention run stopped after one batch, then a full run, ends in the
//! same state as one full run: the same CDRs and blobs left, the same files
//! on disk, and together they delete what a dry run counted beforehand.
//! (Each batch is its own transaction; the first run reports itself
//! incomplete.) A run whose future is dropped mid-way leaves a state the
//! next full run also finishes the same way.

#[macro_use]
mod backends;
mod retention_support;

use backends::DataDir;
use model::TenantId;
use retention_support::{DAY_MS, blob_files, blob_ids, call_ending, cdr_ids, put};
use store::{BlobKind, RecordType, RetentionOptions, Store};

/// Far enough ahead that every blob stored now is past its 90 days.
fn now() -> i64 {
    model::now_unix_ms() + 400 * DAY_MS
}

/// 7 old and 3 young CDRs per customer, 3 voicemails and 2 recordings of `a`.
async fn fill(store: &Store, now: i64) -> (TenantId, TenantId) {
    let (a, b) = retention_support::two_customers(store).await;
    let mut cdrs = Vec::new();
    for customer in [&a, &b] {
        for i in 0..10 {
            let age = if i < 7 { 2_000 * DAY_MS + i } else { 100 * DAY_MS };
            cdrs.push(call_ending(customer, now - age));
        }
    }
    store.insert_cdrs(&cdrs).await.unwrap();
    for kind in
        [BlobKind::Voicemail, BlobKind::Voicemail, BlobKind::Voicemail, BlobKind::Recording, BlobKind::Recording]
    {
        put(store, &a, kind, 500).await;
    }
    (a, b)
}

async fn state(store: &Store, dir: &DataDir, customers: [&TenantId; 2]) -> (Vec<usize>, Vec<usize>, usize) {
    let mut cdrs = Vec::new();
    let mut blobs = Vec::new();
    for customer in customers {
        cdrs.push(cdr_ids(store, customer).await.len());
        blobs.push(blob_ids(store, customer).await.len());
    }
    (cdrs, blobs, blob_files(dir.path()).len())
}

async fn stopped_then_finished_equals_one_run(dir: DataDir) {
    let store = dir.open().await;
    let now = now();
    let (a, b) = fill(&store, now).await;
    let planned = store.run_retention(now, &RetentionOptions { dry_run: true, ..Default::default() }).await.unwrap();
    assert_eq!(planned.total(RecordType::Cdr).records, 14);

    let stopped = RetentionOptions { batch: 2, max_batches: Some(1), ..Default::default() };
    let first = store.run_retention(now, &stopped).await.unwrap();
    assert!(!first.complete, "one batch of two cannot finish the job");
    assert_eq!(first.total(RecordType::Cdr).records, 2);
    let rest = store.run_retention(now, &RetentionOptions { batch: 3, ..Default::default() }).await.unwrap();
    assert!(rest.complete);
    for record in RecordType::ALL {
        let done = first.total(record).records + rest.total(record).records;
        assert_eq!(done, planned.total(record).records, "{record}");
    }
    let after_two_runs = state(&store, &dir, [&a, &b]).await;
    assert_eq!(after_two_runs, (vec![3, 3], vec![0, 0], 0));
    let ids = (cdr_ids(&store, &a).await, cdr_ids(&store, &b).await);

    let again = store.run_retention(now, &RetentionOptions::default()).await.unwrap();
    assert!(again.purged.is_empty(), "a finished job found more: {again:?}");
    assert_eq!((cdr_ids(&store, &a).await, cdr_ids(&store, &b).await), ids);
}

async fn a_dropped_run_is_finished_by_the_next(dir: DataDir) {
    let store = dir.open().await;
    let now = now();
    let (a, b) = fill(&store, now).await;
    let one_at_a_time = RetentionOptions { batch: 1, ..Default::default() };
    let dropped = tokio::time::timeout(std::time::Duration::from_millis(15), store.run_retention(now, &one_at_a_time));
    let _ = dropped.await;
    store.run_retention(now, &RetentionOptions::default()).await.unwrap();
    assert_eq!(state(&store, &dir, [&a, &b]).await, (vec![3, 3], vec![0, 0], 0));
}

on_both_backends!(stopped_then_finished_equals_one_run, a_dropped_run_is_finished_by_the_next);
