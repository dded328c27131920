//! Audit checkpoints (issue 3 item 2): `serve` applies `[audit]
//! checkpoint_every` and signs a timed checkpoint when records arrived since
//! the last one; `callvault audit checkpoint` signs one on demand.

mod common;

use std::io::{BufRead, BufReader};
use std::net::UdpSocket;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use store::{AuditDecision, AuditRecord, AuditReport, Store};

fn record(i: i64) -> AuditRecord {
    AuditRecord {
        at_ms: 1_700_000_000_000 + i,
        actor: "admin".into(),
        action: "cdr.read".into(),
        target: format!("line-{i:04}"),
        purpose: "billing".into(),
        decision: AuditDecision::Allow,
        source: "198.51.100.4".into(),
    }
}

async fn append(store: &Store, count: i64) {
    for i in 1..=count {
        store.append_audit(&record(i)).await.unwrap();
    }
}

/// Starts `serve --config` and waits for its "serving" log line.
fn serve(config: &Path) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_callvault"))
        .args(["serve", "--config"])
        .arg(config)
        .env("CALLVAULT_LOG", "info")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    assert!(stderr.lines().map_while(Result::ok).any(|line| line.contains("callvault is serving")));
    child
}

async fn report(store: &Store) -> AuditReport {
    let report = store.verify_audit().await.unwrap();
    assert!(report.is_ok(), "{report:?}");
    report
}

#[tokio::test]
async fn serve_checkpoints_by_count_and_by_time() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let port = UdpSocket::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let config = dir.path().join("callvault.toml");
    let text = format!(
        "data_dir = {data:?}\n[portal]\nhttps = [\"127.0.0.1:0\"]\nhttp = [\"127.0.0.1:0\"]\n[sip]\nudp = [\"127.0.0.1:{port}\"]\ntcp = []\ntls = []\nserver_names = []\n\
         [audit]\ncheckpoint_every = 5\ncheckpoint_interval_secs = 1\n"
    );
    std::fs::write(&config, text).unwrap();
    let mut server = serve(&config);

    let store = Store::open(&data).await.unwrap();
    append(&store, 7).await;
    let by_count = report(&store).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut timed = report(&store).await;
    while timed.checkpoints < 2 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        timed = report(&store).await;
    }
    server.kill().unwrap();
    server.wait().unwrap();

    assert_eq!((by_count.records, by_count.checkpoints), (7, 1), "one checkpoint at record 5, set by serve's config");
    assert_eq!((timed.records, timed.checkpoints), (7, 2), "a timed checkpoint covers records 6 and 7");
}

#[tokio::test]
async fn the_cli_signs_a_checkpoint_of_the_log_as_it_stands() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    store.close().await;

    let empty = common::run_callvault(&["audit", "checkpoint", "--data-dir", data]);
    assert!(empty.status.success(), "{}", common::printed(&empty));
    assert_eq!(String::from_utf8_lossy(&empty.stdout).trim(), "the audit log is empty: nothing to sign");

    let store = Store::open(dir.path()).await.unwrap();
    append(&store, 3).await;
    store.close().await;
    let signed = common::run_callvault(&["audit", "checkpoint", "--data-dir", data]);
    assert!(signed.status.success(), "{}", common::printed(&signed));
    assert_eq!(String::from_utf8_lossy(&signed.stdout).trim(), "audit checkpoint signed at record 3");

    let verified = common::run_callvault(&["audit", "verify", "--data-dir", data]);
    assert_eq!(String::from_utf8_lossy(&verified.stdout).trim(), "audit log OK: 3 records, 1 checkpoint");
}

#[test]
fn commands_on_existing_data_refuse_a_folder_without_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();

    let output = common::run_callvault(&["audit", "checkpoint", "--data-dir", data]);

    assert!(!output.status.success());
    assert!(common::printed(&output).contains("no callvault database"), "{}", common::printed(&output));
    assert!(!dir.path().join(store::DATABASE_FILE).exists(), "no empty database was created");
}
