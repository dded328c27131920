//! Restore refuses a tampered archive and leaves nothing in the target: a
//! changed byte in a blob file (its SHA-256 no longer matches its row), a
//! blob entry removed, an extra blob file without a row, an entry
//! `../evil`, an absolute path, a symbolic link named like the database or
//! a blob, a folder, and a duplicate database. The untampered archive then
//! restores into the same folder.

mod backup_support;

use std::path::Path;

use backup_support::{Entry, names, read_entries, write_entries};
use store::{DATABASE_FILE, Store, StoreError};

/// Restores `archive` into `target` and expects a refusal that `expected`
/// accepts, with nothing new in `target` nor beside it.
async fn assert_refused(archive: &Path, target: &Path, expected: impl Fn(&StoreError) -> bool) {
    let (before, beside) = (names(target), names(target.parent().unwrap()));
    let err = Store::restore_from_with_kek(archive, target, backup_support::kek()).await.unwrap_err();
    assert!(expected(&err), "{}: unexpected {err:?}", archive.display());
    assert_eq!(names(target), before, "{}: something landed in the target", archive.display());
    assert_eq!(names(target.parent().unwrap()), beside, "{}: something landed beside it", archive.display());
}

fn refused_entry(name: impl Into<String>) -> impl Fn(&StoreError) -> bool {
    let name = name.into();
    move |err| matches!(err, StoreError::BackupEntryRefused { entry, .. } if *entry == name)
}

/// The archive's entries with `change` applied, written to `dir/name`.
fn tampered(dir: &Path, original: &[Entry], name: &str, change: impl FnOnce(&mut Vec<Entry>)) -> std::path::PathBuf {
    let mut entries = original.to_vec();
    change(&mut entries);
    let path = dir.join(name);
    write_entries(&path, &entries);
    path
}

#[tokio::test]
async fn tampered_archives_are_refused_and_leave_nothing() {
    let (source, backups, parent) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let filled = backup_support::filled(source.path()).await;
    let out = backups.path().join("good.tar");
    filled.store.backup_to(&out).await.unwrap();
    let target = parent.path().join("data");
    std::fs::create_dir(&target).unwrap();

    let original = read_entries(&out);
    let blob = original.iter().position(|e| e.name().starts_with("blobs/") && e.data.len() > 100_000).unwrap();
    let (blob_name, blob_id) = (original[blob].name(), original[blob].name().rsplit('/').next().unwrap().to_owned());
    let dir = backups.path();

    let flipped = tampered(dir, &original, "flipped.tar", |e| e[blob].data[70_000] ^= 0x01);
    assert_refused(&flipped, &target, |err| matches!(err, StoreError::BackupBlobDamaged { blob } if *blob == blob_id))
        .await;
    let missing = tampered(dir, &original, "missing.tar", |e| drop(e.remove(blob)));
    assert_refused(&missing, &target, |err| matches!(err, StoreError::BackupBlobMissing { blob } if *blob == blob_id))
        .await;
    let extra_name = format!("blobs/{}/00ff", original[blob].name().split('/').nth(1).unwrap());
    let extra = tampered(dir, &original, "extra.tar", |e| e.push(Entry::file(&extra_name, vec![1; 64])));
    assert_refused(&extra, &target, refused_entry(extra_name.clone())).await;

    let evil = tampered(dir, &original, "evil.tar", |e| e.insert(1, Entry::file("../evil", b"owned".to_vec())));
    assert_refused(&evil, &target, refused_entry("../evil")).await;
    let deep = tampered(dir, &original, "deep.tar", |e| e.push(Entry::file("blobs/../../evil", b"owned".to_vec())));
    assert_refused(&deep, &target, refused_entry("blobs/../../evil")).await;
    let absolute = tampered(dir, &original, "absolute.tar", |e| e.push(Entry::file("/tmp/evil", b"owned".to_vec())));
    assert_refused(&absolute, &target, refused_entry("/tmp/evil")).await;
    let other = tampered(dir, &original, "other.tar", |e| e.push(Entry::file("kek.key", vec![b'0'; 64])));
    assert_refused(&other, &target, refused_entry("kek.key")).await;

    let symlink = |name: &str, to: &str| Entry {
        name: name.into(),
        kind: tar::EntryType::Symlink,
        mode: 0o777,
        link: to.into(),
        data: Vec::new(),
    };
    let linked_db = tampered(dir, &original, "link-db.tar", |e| e[0] = symlink(DATABASE_FILE, "/etc/passwd"));
    assert_refused(&linked_db, &target, refused_entry(DATABASE_FILE)).await;
    let linked_blob = tampered(dir, &original, "link-blob.tar", |e| e[blob] = symlink(&blob_name, "../../../evil"));
    assert_refused(&linked_blob, &target, refused_entry(blob_name.clone())).await;
    let folder = Entry { kind: tar::EntryType::Directory, mode: 0o700, ..Entry::file("blobs", Vec::new()) };
    let with_folder = tampered(dir, &original, "folder.tar", |e| e.insert(1, folder));
    assert_refused(&with_folder, &target, refused_entry("blobs")).await;
    let twice = tampered(dir, &original, "twice.tar", |e| e.push(e[0].clone()));
    assert_refused(&twice, &target, refused_entry(DATABASE_FILE)).await;
    assert!(!parent.path().join("evil").exists());

    Store::restore_from_with_kek(&out, &target, backup_support::kek()).await.unwrap();
    assert!(target.join(DATABASE_FILE).is_file() && target.join("blobs").is_dir());
    filled.store.close().await;
}
