//! The retention job never deletes early: a record exactly at its
//! customer's keep time stays, one a millisecond older goes, for CDRs (by
//! end time) and for voicemail and recordings (by when they were stored);
//! a clock set back afterwards deletes nothing more; and the other customer,
//! on default policies, keeps everything younger than its defaults.

#[macro_use]
mod backends;
mod retention_support;

use std::time::Duration;

use backends::DataDir;
use retention_support::{DAY_MS, call_ending, cdr_ids, put};
use store::{BlobKind, RecordType, RetentionOptions};

const NOW: i64 = 1_900_000_000_000;

async fn records_at_the_boundary_stay(dir: DataDir) {
    let store = dir.open().await;
    let (a, b) = retention_support::two_customers(&store).await;
    let cdr_keep = 600 * DAY_MS;
    store.set_retention(&a, RecordType::Cdr, Duration::from_millis(cdr_keep as u64)).await.unwrap();
    let at_boundary = call_ending(&a, NOW - cdr_keep);
    let just_older = call_ending(&a, NOW - cdr_keep - 1);
    let young_of_b = call_ending(&b, NOW - cdr_keep - 1); // b keeps CDRs 5 years by default
    store.insert_cdrs(&[at_boundary.clone(), just_older.clone(), young_of_b.clone()]).await.unwrap();

    let report = store.run_retention(NOW, &RetentionOptions::default()).await.unwrap();
    assert_eq!(cdr_ids(&store, &a).await, vec![at_boundary.id.0.clone()]);
    assert_eq!(cdr_ids(&store, &b).await, vec![young_of_b.id.0.clone()]);
    assert_eq!(report.total(RecordType::Cdr).records, 1);
    assert!(report.complete);

    let earlier = store.run_retention(NOW - 10 * DAY_MS, &RetentionOptions::default()).await.unwrap();
    assert_eq!(earlier.total(RecordType::Cdr).records, 0, "a clock set back deleted more");
    assert_eq!(cdr_ids(&store, &a).await, vec![at_boundary.id.0]);
}

async fn media_at_the_boundary_stays(dir: DataDir) {
    let store = dir.open().await;
    let (a, b) = retention_support::two_customers(&store).await;
    store.set_retention(&a, RecordType::Voicemail, Duration::from_secs(7 * 86_400)).await.unwrap();
    let (voicemail, stored_ms) = put(&store, &a, BlobKind::Voicemail, 1_000).await;
    let (recording, recorded_ms) = put(&store, &a, BlobKind::Recording, 2_000).await;
    let (of_b, _) = put(&store, &b, BlobKind::Voicemail, 3_000).await;

    let at_boundary = stored_ms + 7 * DAY_MS;
    let report = store.run_retention(at_boundary, &RetentionOptions::default()).await.unwrap();
    assert!(report.purged.is_empty(), "deleted at the boundary: {report:?}");
    assert!(store.blob_info(&a, &voicemail).await.unwrap().is_some());

    let report = store.run_retention(at_boundary + 1, &RetentionOptions::default()).await.unwrap();
    assert_eq!(report.total(RecordType::Voicemail).records, 1);
    assert_eq!(report.total(RecordType::Voicemail).media_bytes, 1_000);
    assert!(store.blob_info(&a, &voicemail).await.unwrap().is_none());
    assert!(!blob_file_exists(&dir, &a.0, &voicemail.0));
    // b keeps voicemail 30 days by default; recordings are kept 90 days.
    assert!(store.blob_info(&b, &of_b).await.unwrap().is_some());
    assert!(store.blob_info(&a, &recording).await.unwrap().is_some());

    let report = store.run_retention(recorded_ms + 90 * DAY_MS + 1, &RetentionOptions::default()).await.unwrap();
    assert_eq!(report.total(RecordType::Recording).records, 1);
    assert!(store.blob_info(&a, &recording).await.unwrap().is_none());
}

fn blob_file_exists(dir: &DataDir, tenant: &str, id: &str) -> bool {
    dir.path().join("blobs").join(tenant).join(id).exists()
}

on_both_backends!(records_at_the_boundary_stay, media_at_the_boundary_stays);
