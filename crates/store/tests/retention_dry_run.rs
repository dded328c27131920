//! A dry run changes nothing (rows, audit log, files) and reports the same
//! counts, media bytes and shredded customers as the real run that follows.

#[macro_use]
mod backends;
mod retention_support;

use backends::DataDir;
use retention_support::{DAY_MS, blob_files, call_ending, put, row_counts};
use store::{BlobKind, RetentionOptions};

async fn a_dry_run_counts_what_a_run_deletes(dir: DataDir) {
    let store = dir.open().await;
    let now = model::now_unix_ms() + 100 * DAY_MS;
    let (a, b) = retention_support::two_customers(&store).await;
    retention_support::extension_and_payment(&store, &b).await;
    let cdrs: Vec<_> = (0..5).map(|i| call_ending(&a, now - 1_900 * DAY_MS - i)).collect();
    store.insert_cdrs(&cdrs).await.unwrap();
    store.insert_cdrs(&[call_ending(&b, now - DAY_MS)]).await.unwrap();
    put(&store, &a, BlobKind::Voicemail, 1_234).await;
    put(&store, &a, BlobKind::Recording, 4_321).await;
    put(&store, &b, BlobKind::Recording, 99).await;
    store.delete_customer(&b, "operator").await.unwrap();
    let raw = dir.raw().await;
    let (rows, files) = (row_counts(&raw).await, blob_files(dir.path()));

    let dry = store.run_retention(now, &RetentionOptions { dry_run: true, ..Default::default() }).await.unwrap();
    assert_eq!(row_counts(&raw).await, rows, "a dry run changed rows");
    assert_eq!(blob_files(dir.path()), files, "a dry run changed files");
    let real = store.run_retention(now, &RetentionOptions::default()).await.unwrap();
    assert!(!real.purged.is_empty() && real.shredded == vec![b.clone()]);
    assert_eq!(
        (dry.purged, dry.swept, dry.shredded, dry.shredded_rows),
        (real.purged, real.swept, real.shredded, real.shredded_rows)
    );
    assert!(dry.dry_run && !real.dry_run);
}

on_both_backends!(a_dry_run_counts_what_a_run_deletes);
