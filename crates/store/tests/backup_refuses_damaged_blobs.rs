//! A backup fails, naming the blob, when a blob row's file is missing from
//! the data folder (a row without a file is damage) or its file no longer
//! matches the row's SHA-256; it then leaves no backup file and no staging
//! folder. A file without a row (a half-finished or deleted blob) is left
//! out of the backup and does not stop it.

mod backup_support;

use backup_support::{blob_path, names, read_entries};
use store::StoreError;

#[tokio::test]
async fn a_missing_or_changed_blob_file_fails_the_backup() {
    let (source, backups) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let filled = backup_support::filled(source.path()).await;
    let (kept, victim) = (&filled.blobs[0], &filled.blobs[1]);
    let stray = blob_path(source.path(), &filled.b, &store::BlobId("00ff".into()));
    std::fs::write(&stray, b"a file without a row").unwrap();
    let with_stray = backups.path().join("stray.tar");
    filled.store.backup_to(&with_stray).await.unwrap();
    assert!(read_entries(&with_stray).iter().all(|e| !e.name().ends_with("/00ff")), "a file without a row went in");

    let victim_file = blob_path(source.path(), &victim.tenant, &victim.id);
    let mut sealed = std::fs::read(&victim_file).unwrap();
    sealed[1_000] ^= 0x80;
    std::fs::write(&victim_file, &sealed).unwrap();
    let out = backups.path().join("changed.tar");
    let err = filled.store.backup_to(&out).await.unwrap_err();
    assert!(matches!(&err, StoreError::BackupBlobDamaged { blob } if *blob == victim.id.0), "{err:?}");
    assert!(err.to_string().contains(&victim.id.0), "{err}");
    assert!(!out.exists(), "a failed backup left its file");

    std::fs::remove_file(&victim_file).unwrap();
    let err = filled.store.backup_to(&out).await.unwrap_err();
    assert!(matches!(&err, StoreError::BackupBlobMissing { blob } if *blob == victim.id.0), "{err:?}");
    assert!(!out.exists(), "a failed backup left its file");
    assert!(names(source.path()).iter().all(|n| !n.starts_with('.')), "staging left behind");
    assert!(blob_path(source.path(), &kept.tenant, &kept.id).is_file(), "the backup touched the blob files");
    filled.store.close().await;
}
