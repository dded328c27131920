//! `callvault cpni record add|list KIND` with the real binary: records of
//! several kinds added and listed with their retention dates (2 years for a
//! complaint, none while an agreement is in effect), a complaint of an
//! unknown category and an unknown kind refused, `list KIND` filtering.

mod common;

use serde_json::Value;

fn cli(dir: &str, args: &[&str]) -> (bool, String) {
    let mut all = args.to_vec();
    all.extend(["--data-dir", dir]);
    let output = common::run_callvault(&all);
    (output.status.success(), common::printed(&output))
}

#[tokio::test]
async fn records_added_and_listed() {
    let temp = tempfile::tempdir().unwrap();
    let data = temp.path().join("data");
    store::Store::open(&data).await.unwrap().close().await;
    let dir = data.to_str().unwrap();
    let add = |args: &[&str]| cli(dir, &[&["cpni", "record", "add"][..], args, &["--json"]].concat());

    let (ok, out) = add(&["complaint", "--on", "2024-02-29", "--category", "online_access", "--details", "x"]);
    assert!(ok, "{out}");
    let complaint: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(complaint["keep_until"], "2026-02-28");
    let (ok, out) =
        add(&["confidentiality-agreement", "--on", "2024-05-01", "--category", "Acme JV", "--details", "y"]);
    assert!(ok, "{out}");
    assert_eq!(serde_json::from_str::<Value>(out.trim()).unwrap()["keep_until"], Value::Null);
    let (ok, out) = add(&["training", "--on", "2024-06-03", "--details", "CPNI course, 12 agents"]);
    assert!(ok, "{out}");

    let (ok, out) = add(&["complaint", "--on", "2024-03-01", "--category", "rumours", "--details", "z"]);
    assert!(!ok && out.contains("complaint category"), "{out}");
    let (ok, out) = add(&["gossip", "--on", "2024-03-01", "--details", "z"]);
    assert!(!ok && out.contains("record kind"), "{out}");
    let (ok, out) = add(&["training", "--on", "2024-03-01", "--ends-on", "2024-04-01", "--details", "z"]);
    assert!(!ok && out.contains("--ends-on"), "{out}");

    let (ok, out) = cli(dir, &["cpni", "record", "list", "--json"]);
    assert!(ok, "{out}");
    assert_eq!(out.lines().count(), 3, "the refused records were not written: {out}");
    let (ok, out) = cli(dir, &["cpni", "record", "list", "training"]);
    assert!(ok && out.lines().count() == 1 && out.contains("CPNI course"), "{out}");
}
