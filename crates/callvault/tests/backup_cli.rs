//! `callvault backup` and `callvault restore` with the real binary: a
//! provisioned data folder, held open by another process with audit
//! records still in its WAL, backs up to a file that names the key files to
//! keep, counts the voicemail and recording files stored meanwhile, and
//! holds no display name and no media in plaintext; the backup restores
//! into a new folder only once its kek.key is there, never over a
//! database; the restored audit log verifies, the restored media read back
//! the same; and a backup of the restored folder counts the same rows and
//! blob files as the original. On PostgreSQL (`--config` with `[store]
//! url`) the same archive is made, restores into an empty database through
//! `restore --config`, and is refused by a database that has rows.

mod common;

use common::postgres::Database;

use std::path::Path;
use std::process::Output;

use store::{AuditDecision, AuditRecord, BlobId, BlobKind, CHECKPOINT_KEY_FILE, DATABASE_FILE, KEK_FILE, Store};

/// A voicemail's plaintext: a repeating pattern easy to search for.
const VOICEMAIL: &[u8; 16] = b"\xff\x9a\x8f\x9a\x7f\x1a\x0f\x1a tone 1k";

const PROVISIONING: &str = r#"
[[reseller]]
slug = "acme"
name = "Acme Telecom"

[[customer]]
slug = "shop"
name = "The Shop"
reseller = "acme"
sip_domain = "shop.example.net"
default = true

[[extension]]
customer = "shop"
number = "1001"
password = "a long random secret"
display_name = "Quillon Frontdesk"

[[extension]]
customer = "shop"
number = "1002"
password = "another long secret"
display_name = "Back Office"
"#;

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The `  table: N rows` and `  blobs: …` lines of a backup's output.
fn row_counts(output: &Output) -> Vec<String> {
    let lines = String::from_utf8_lossy(&output.stdout).into_owned();
    lines.lines().filter(|l| l.ends_with(" rows") || l.starts_with("  blobs: ")).map(str::to_owned).collect()
}

/// Stores a voicemail and a recording of the tenant `shop`; their ids and plaintexts.
async fn put_media(store: &Store) -> Vec<(BlobId, Vec<u8>)> {
    let shop = store.tenant_by_slug("shop").await.unwrap().unwrap().id;
    let mut stored = Vec::new();
    for (kind, plain) in [(BlobKind::Voicemail, VOICEMAIL.repeat(500)), (BlobKind::Recording, vec![0x55; 100_000])] {
        stored.push((store.put_blob(&shop, kind, Some("1001"), plain.as_slice()).await.unwrap(), plain));
    }
    stored
}

/// Asserts the media restored into `store` reads back as stored; closes it.
async fn assert_media(store: Store, media: &[(BlobId, Vec<u8>)]) {
    let shop = store.tenant_by_slug("shop").await.unwrap().unwrap().id;
    for (id, plain) in media {
        let read = store
            .open_blob(
                &compliance::CpniRequest::host_operator(
                    "operator:test",
                    compliance::Purpose::NetworkOperations,
                    "test",
                ),
                &shop,
                id,
            )
            .await
            .unwrap()
            .read_to_end()
            .await
            .unwrap();
        assert_eq!(read.as_slice(), plain.as_slice(), "blob {id}");
    }
    store.close().await;
}

async fn append_audit(store: &Store, count: i64) {
    for i in 0..count {
        let record = AuditRecord {
            at_ms: 1_700_000_000_000 + i,
            actor: "admin".into(),
            action: "cdr.read".into(),
            target: format!("line-{i}"),
            purpose: "billing".into(),
            decision: AuditDecision::Allow,
            source: "198.51.100.4".into(),
        };
        store.append_audit(&record).await.unwrap();
    }
    store.checkpoint_audit(0).await.unwrap();
}

#[tokio::test]
async fn backup_then_restore_round_trips_a_provisioned_folder() {
    let (source, backups, target) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let file = backups.path().join("provision.toml");
    std::fs::write(&file, PROVISIONING).unwrap();
    let provisioned = common::run_callvault(&["provision", "--data-dir", path(source.path()), path(&file)]);
    assert!(provisioned.status.success(), "{}", common::printed(&provisioned));

    // Another process keeps the store open, with its latest writes in the WAL.
    let open = Store::open(source.path()).await.unwrap();
    append_audit(&open, 5).await;
    let media = put_media(&open).await;
    let sealed: u64 = std::fs::read_dir(source.path().join("blobs"))
        .unwrap()
        .flat_map(|tenant| {
            std::fs::read_dir(tenant.unwrap().path()).unwrap().map(|file| file.unwrap().metadata().unwrap().len())
        })
        .sum();
    let snapshot = backups.path().join("snapshot.tar");
    let backup = common::run_callvault(&["backup", "--data-dir", path(source.path()), "--out", path(&snapshot)]);
    assert!(backup.status.success(), "{}", common::printed(&backup));
    let counts = row_counts(&backup);
    let blobs_line = format!("  blobs: 2 files, {sealed} bytes (sealed)");
    for line in
        ["  tenants: 3 rows", "  extensions: 2 rows", "  audit_log: 5 rows", "  audit_checkpoints: 1 rows", &blobs_line]
    {
        assert!(counts.iter().any(|l| l == line), "{line:?} missing from:\n{}", common::printed(&backup));
    }
    let stdout = String::from_utf8_lossy(&backup.stdout);
    assert!(stdout.contains(KEK_FILE) && !stdout.contains(CHECKPOINT_KEY_FILE), "{stdout}");
    let bytes = std::fs::read(&snapshot).unwrap();
    assert!(bytes.windows(8).any(|w| w == b"shop.exa"), "the search finds plain columns");
    assert!(!bytes.windows(17).any(|w| w == b"Quillon Frontdesk"), "a display name is in the backup");
    assert!(!bytes.windows(32).any(|w| w == &VOICEMAIL.repeat(2)[..]), "a voicemail is in the backup");

    let again = common::run_callvault(&["backup", "--data-dir", path(source.path()), "--out", path(&snapshot)]);
    assert!(!again.status.success(), "a second backup overwrote the first");
    assert_eq!(std::fs::read(&snapshot).unwrap(), bytes);

    let keyless = common::run_callvault(&["restore", "--from", path(&snapshot), "--data-dir", path(target.path())]);
    assert!(!keyless.status.success(), "restored without the KEK: {}", common::printed(&keyless));
    assert!(!target.path().join(DATABASE_FILE).exists() && !target.path().join(KEK_FILE).exists());

    std::fs::copy(source.path().join(KEK_FILE), target.path().join(KEK_FILE)).unwrap();
    let restore = common::run_callvault(&["restore", "--from", path(&snapshot), "--data-dir", path(target.path())]);
    assert!(restore.status.success(), "{}", common::printed(&restore));
    assert!(
        String::from_utf8_lossy(&restore.stdout).contains("audit log OK: 5 records, 1 checkpoints"),
        "{}",
        common::printed(&restore)
    );
    assert_media(Store::open(target.path()).await.unwrap(), &media).await;
    let twice = common::run_callvault(&["restore", "--from", path(&snapshot), "--data-dir", path(target.path())]);
    assert!(!twice.status.success(), "restored over a database");

    let verify = common::run_callvault(&["audit", "verify", "--data-dir", path(target.path())]);
    assert!(verify.status.success(), "{}", common::printed(&verify));
    let rebackup = common::run_callvault(&[
        "backup",
        "--data-dir",
        path(target.path()),
        "--out",
        path(&backups.path().join("again.tar")),
    ]);
    assert!(rebackup.status.success(), "{}", common::printed(&rebackup));
    let audited_reads = format!("  audit_log: {} rows", 5 + media.len());
    let expected: Vec<String> = counts
        .iter()
        .map(|line| if line == "  audit_log: 5 rows" { audited_reads.clone() } else { line.clone() })
        .collect();
    assert_eq!(row_counts(&rebackup), expected, "the same rows, and the gate's record of each media read");
    open.close().await;
}

/// A configuration with data folder `data` and PostgreSQL database `url`.
fn postgres_config(dir: &Path, name: &str, data: &Path, url: &str) -> std::path::PathBuf {
    let file = dir.join(name);
    std::fs::write(&file, format!("data_dir = {data:?}\n[store]\nurl = {url:?}\n")).unwrap();
    file
}

#[tokio::test]
async fn backup_and_restore_through_a_postgres_configuration() {
    let (source_db, target_db) = (Database::create(), Database::create());
    let dir = tempfile::tempdir().unwrap();
    let (source, target) = (dir.path().join("source"), dir.path().join("target"));
    let source_config = postgres_config(dir.path(), "source.toml", &source, &source_db.url());
    let target_config = postgres_config(dir.path(), "target.toml", &target, &target_db.url());
    let file = dir.path().join("provision.toml");
    std::fs::write(&file, PROVISIONING).unwrap();
    let provisioned = common::run_callvault(&["provision", "--config", path(&source_config), path(&file)]);
    assert!(provisioned.status.success(), "{}", common::printed(&provisioned));
    let open = Store::connect(&source_db.url(), &source).await.unwrap();
    append_audit(&open, 5).await;
    let media = put_media(&open).await;
    open.close().await;

    let snapshot = dir.path().join("pg.tar");
    let backup = common::run_callvault(&["backup", "--config", path(&source_config), "--out", path(&snapshot)]);
    assert!(backup.status.success(), "{}", common::printed(&backup));
    for line in ["  tenants: 3 rows", "  extensions: 2 rows", "  audit_log: 5 rows", "  audit_checkpoints: 1 rows"] {
        assert!(row_counts(&backup).iter().any(|l| l == line), "{line:?} missing: {}", common::printed(&backup));
    }
    let bytes = std::fs::read(&snapshot).unwrap();
    assert!(bytes.windows(8).any(|w| w == b"shop.exa"), "the search finds plain columns");
    assert!(!bytes.windows(17).any(|w| w == b"Quillon Frontdesk"), "a display name is in the backup");

    std::fs::create_dir_all(&target).unwrap();
    std::fs::copy(source.join(KEK_FILE), target.join(KEK_FILE)).unwrap();
    let restore = common::run_callvault(&["restore", "--from", path(&snapshot), "--config", path(&target_config)]);
    assert!(restore.status.success(), "{}", common::printed(&restore));
    let printed = common::printed(&restore);
    assert!(printed.contains("PostgreSQL") && printed.contains("audit log OK: 5 records, 1 checkpoints"), "{printed}");
    assert!(!target.join(DATABASE_FILE).exists(), "no SQLite database was made");
    assert_media(Store::connect(&target_db.url(), &target).await.unwrap(), &media).await;

    std::fs::remove_dir_all(target.join("blobs")).unwrap();
    let twice = common::run_callvault(&["restore", "--from", path(&snapshot), "--config", path(&target_config)]);
    assert!(!twice.status.success(), "restored into a database with rows");
    assert!(common::printed(&twice).contains("not empty"), "{}", common::printed(&twice));
}
