//! A backup of a store with extensions, audit records, a payment method and
//! voicemail and recordings of two customers is one tar archive that
//! `tar tvf` lists: `callvault.db` then `blobs/<tenant>/<blob>` for every
//! blob, regular files of mode 0600; its report counts the blobs and their
//! bytes; restored, every blob opens to the same plaintext, the extension
//! and payment method read back, the audit log verifies, and no staging
//! folder is left in either data folder.

mod backup_support;

use std::os::unix::fs::PermissionsExt;

use backup_support::{DISPLAY_NAME, blob_path, names, read_all, read_entries};
use store::{DATABASE_FILE, Store};

#[tokio::test]
async fn everything_comes_back_from_one_archive() {
    let (source, backups, target) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let filled = backup_support::filled(source.path()).await;
    let out = backups.path().join("callvault.tar");

    let report = filled.store.backup_to(&out).await.unwrap();

    let sealed: Vec<u64> = filled
        .blobs
        .iter()
        .map(|b| std::fs::metadata(blob_path(source.path(), &b.tenant, &b.id)).unwrap().len())
        .collect();
    assert_eq!((report.blobs, report.blob_bytes), (filled.blobs.len() as u64, sealed.iter().sum()));
    assert_eq!(report.bytes, std::fs::metadata(&out).unwrap().len());
    assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);

    let entries = read_entries(&out);
    let mut expected: Vec<String> = filled.blobs.iter().map(|b| format!("blobs/{}/{}", b.tenant.0, b.id.0)).collect();
    expected.sort();
    expected.insert(0, DATABASE_FILE.to_owned());
    assert_eq!(entries.iter().map(|e| e.name()).collect::<Vec<_>>(), expected);
    assert!(entries.iter().all(|e| e.kind == tar::EntryType::Regular && e.mode == 0o600), "{entries:?}");
    let listing = std::process::Command::new("tar").arg("tvf").arg(&out).output().unwrap();
    assert!(listing.status.success(), "tar tvf failed: {listing:?}");
    let listing = String::from_utf8(listing.stdout).unwrap();
    assert!(expected.iter().all(|name| listing.contains(name.as_str())), "{listing}");
    assert_eq!(names(source.path()).iter().filter(|n| n.starts_with('.')).count(), 0, "staging left behind");

    Store::restore_from_with_kek(&out, target.path(), backup_support::kek()).await.unwrap();
    let placed: Vec<_> =
        names(target.path()).into_iter().filter(|n| !n.ends_with("-wal") && !n.ends_with("-shm")).collect();
    assert_eq!(placed, ["blobs", DATABASE_FILE], "only the database and blobs were added");
    for tenant in [&filled.a, &filled.b] {
        let mut ids: Vec<_> = filled.blobs.iter().filter(|b| &b.tenant == tenant).map(|b| b.id.0.clone()).collect();
        ids.sort();
        assert_eq!(names(&target.path().join("blobs").join(&tenant.0)), ids);
    }
    let restored = Store::open_with_kek(target.path(), backup_support::kek()).await.unwrap();
    for blob in &filled.blobs {
        assert_eq!(read_all(&restored, &blob.tenant, &blob.id).await.unwrap(), blob.plain, "blob {}", blob.id);
        let file = blob_path(target.path(), &blob.tenant, &blob.id);
        assert_eq!(std::fs::metadata(file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let extensions = restored.extensions(&filled.a).await.unwrap();
    assert_eq!(extensions, filled.store.extensions(&filled.a).await.unwrap());
    assert_eq!(extensions[0].display_name, DISPLAY_NAME);
    let methods = restored.payment_methods(&filled.a).await.unwrap();
    assert_eq!(methods, filled.store.payment_methods(&filled.a).await.unwrap());
    assert_eq!(methods.len(), 1);
    restored.flush_audit().await.unwrap();
    let audit = restored.verify_audit().await.unwrap();
    assert!(audit.is_ok(), "{audit:?}");
    let reads = filled.blobs.len() as u64;
    assert_eq!(
        (audit.records, audit.checkpoints),
        (backup_support::AUDIT_RECORDS + reads, 1),
        "and each read's gate record"
    );
    assert!(names(target.path()).iter().all(|n| !n.starts_with('.')), "staging left in the target");
    restored.close().await;
    filled.store.close().await;
}
