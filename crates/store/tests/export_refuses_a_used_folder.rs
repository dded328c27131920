//! Issue 3 item 4: an export never writes into a folder that holds
//! anything (it could be a live data folder), and leaves it as it was.

mod export_support;

use export_support::*;
use store::StoreError;

#[tokio::test]
async fn a_non_empty_folder_is_refused_and_left_alone() {
    let source_dir = tempfile::tempdir().unwrap();
    let source = open(source_dir.path()).await;
    populate(&source).await;
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("notes.txt"), b"keep me").unwrap();

    let err = source.export_anonymized(out.path()).await.unwrap_err();
    assert!(matches!(&err, StoreError::ExportTargetNotEmpty { .. }), "{err:?}");
    assert_eq!(files_under(out.path()), [out.path().join("notes.txt")]);

    let err = source.export_anonymized(source_dir.path()).await.unwrap_err();
    assert!(matches!(&err, StoreError::ExportTargetNotEmpty { .. }), "its own data folder: {err:?}");
    source.close().await;
}
