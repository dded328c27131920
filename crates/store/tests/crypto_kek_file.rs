//! The key file is created mode 0600 on first use, reused after, and refused
//! when group or others may read it.

use std::os::unix::fs::PermissionsExt;

use store::{KEK_FILE, Kek, StoreError};

#[test]
fn the_key_file_is_created_private_and_reused() {
    let dir = tempfile::tempdir().unwrap();
    let first = Kek::resolve(None, dir.path()).unwrap();
    let path = dir.path().join(KEK_FILE);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.trim().len(), 64);
    assert!(text.trim().bytes().all(|b| b.is_ascii_hexdigit()));

    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, [KEK_FILE], "no staging file is left behind");

    let again = Kek::resolve(None, dir.path()).unwrap();
    assert_eq!(first.id(), again.id());
    assert_eq!(first.id().len(), 16);
}

#[test]
fn a_group_or_world_readable_key_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    Kek::resolve(None, dir.path()).unwrap();
    let path = dir.path().join(KEK_FILE);
    for mode in [0o644, 0o640, 0o604, 0o620] {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        let refused = Kek::resolve(None, dir.path());
        assert!(matches!(refused, Err(StoreError::KeyFileExposed { mode: m, .. }) if m == mode), "{mode:o}");
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).unwrap();
    assert!(Kek::resolve(None, dir.path()).is_ok());
}

#[test]
fn a_key_file_with_a_short_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("short.key");
    std::fs::write(&path, "00112233\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(matches!(Kek::from_file(&path), Err(StoreError::KekLength { found: 4, .. })));
}
