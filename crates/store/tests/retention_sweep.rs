//! The sweep removes blob files with no row and partial files once they are
//! an hour old (by modification time against the run's clock), but keeps a
//! fresh partial file (a put in progress), a fresh file without a row (a put
//! between rename and insert) and every file that has a row. A dry run
//! counts the same and removes nothing. (About files, so SQLite only.)

mod cpni_support;
mod retention_support;

use std::fs::File;
use std::time::{Duration, SystemTime};

use retention_support::put;
use store::{BlobKind, Kek, RetentionOptions, Store};

fn write_aged(path: &std::path::Path, age: Duration) {
    std::fs::write(path, b"sealed bytes").unwrap();
    File::options().write(true).open(path).unwrap().set_modified(SystemTime::now() - age).unwrap();
}

#[tokio::test]
async fn old_leftovers_go_fresh_ones_stay() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_with_kek(dir.path(), Kek::from_bytes(&[3; 32])).await.unwrap();
    let (a, _) = retention_support::two_customers(&store).await;
    let (kept, _) = put(&store, &a, BlobKind::Voicemail, 100).await;
    let folder = dir.path().join("blobs").join(&a.0);
    let two_hours = Duration::from_secs(7_200);
    write_aged(&folder.join("0a0a"), two_hours);
    write_aged(&folder.join(".0b0b.partial"), two_hours);
    write_aged(&folder.join(".0c0c.partial"), Duration::from_secs(60));
    write_aged(&folder.join("0d0d"), Duration::from_secs(60));
    let now = model::now_unix_ms();

    let dry = store.run_retention(now, &RetentionOptions { dry_run: true, ..Default::default() }).await.unwrap();
    assert_eq!((dry.swept.orphan_files, dry.swept.partial_files), (1, 1));
    assert!(folder.join("0a0a").exists() && folder.join(".0b0b.partial").exists());

    let report = store.run_retention(now, &RetentionOptions::default()).await.unwrap();
    assert_eq!(report.swept, dry.swept);
    let mut left: Vec<_> = std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name()).collect();
    left.sort();
    let mut expected = [".0c0c.partial", "0d0d", kept.0.as_str()].map(std::ffi::OsString::from);
    expected.sort();
    assert_eq!(left, expected);
    assert!(store.open_blob(&cpni_support::operator(), &a, &kept).await.is_ok());

    let report = store.run_retention(now + 3_600_000, &RetentionOptions::default()).await.unwrap();
    assert_eq!((report.swept.orphan_files, report.swept.partial_files), (1, 1), "an hour later they are old");
    assert!(folder.join(&kept.0).exists());
}
