//! `callvault audit verify` on a real data folder: an untouched log passes
//! with a one-line summary; a record edited in the database file with a hex
//! editor (no SQL, no triggers involved) is named, with a non-zero exit.

mod common;

use std::path::Path;

use store::{AuditDecision, AuditRecord, DATABASE_FILE, Store};

/// A data folder holding 12 audit records whose targets are `line-0001`…
async fn data_folder(dir: &Path) {
    let store = Store::open(dir).await.unwrap();
    for i in 1..=12 {
        let record = AuditRecord {
            at_ms: 1_700_000_000_000 + i,
            actor: "admin".into(),
            action: "cdr.read".into(),
            target: format!("line-{i:04}"),
            purpose: "billing".into(),
            decision: AuditDecision::Allow,
            source: "198.51.100.4".into(),
        };
        store.append_audit(&record).await.unwrap();
    }
    store.checkpoint_audit(0).await.unwrap();
    store.close().await;
}

/// Overwrites the one occurrence of `from` in `file` with `to` (same length).
fn patch_file(file: &Path, from: &[u8], to: &[u8]) {
    let mut bytes = std::fs::read(file).unwrap();
    let at: Vec<usize> = bytes.windows(from.len()).enumerate().filter(|(_, w)| *w == from).map(|(i, _)| i).collect();
    assert_eq!(at.len(), 1, "expected one copy of the value in the file");
    bytes[at[0]..at[0] + to.len()].copy_from_slice(to);
    std::fs::write(file, bytes).unwrap();
}

#[tokio::test]
async fn an_untouched_log_passes_with_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    data_folder(dir.path()).await;

    let output = common::run_callvault(&["audit", "verify", "--data-dir", dir.path().to_str().unwrap()]);

    assert!(output.status.success(), "{}", common::printed(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.trim(), "audit log OK: 12 records, 1 checkpoint");
}

#[tokio::test]
async fn the_config_file_finds_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    data_folder(dir.path()).await;
    let config = dir.path().join("callvault.toml");
    std::fs::write(&config, format!("data_dir = {:?}\n", dir.path().to_str().unwrap())).unwrap();

    let output = common::run_callvault(&["audit", "verify", "--config", config.to_str().unwrap()]);

    assert!(output.status.success(), "{}", common::printed(&output));
}

#[tokio::test]
async fn a_record_edited_in_the_file_is_named_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    data_folder(dir.path()).await;

    patch_file(&dir.path().join(DATABASE_FILE), b"line-0007", b"line-9999");
    let output = common::run_callvault(&["audit", "verify", "--data-dir", dir.path().to_str().unwrap()]);

    assert!(!output.status.success());
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = stderr.lines().next().unwrap_or_default();
    assert!(line.contains("audit log FAILED: record 7 was edited"), "{stderr}");
    assert!(line.contains("6 records verified before it"), "{stderr}");
}

#[tokio::test]
async fn a_folder_without_a_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();

    let output = common::run_callvault(&["audit", "verify", "--data-dir", dir.path().to_str().unwrap()]);

    assert!(!output.status.success());
    assert!(common::printed(&output).contains("no callvault database"), "{}", common::printed(&output));
    assert!(!dir.path().join(DATABASE_FILE).exists());
}
