//! `callvault cpni breach open|event|show|list` with the real binary: an
//! incident opened over Christmas 2025 with the FCC closure days of the
//! configuration file, its law-enforcement notice and an agency delay
//! appended, the deadlines shown computed from the record; a refused event
//! (a second law-enforcement notice) exits non-zero and writes nothing;
//! `[compliance] breach_rule = "2024"` makes the next incident a 2024 one.

mod common;

use std::path::Path;

use serde_json::Value;

fn cli(config: &Path, args: &[&str]) -> (bool, String) {
    let mut all = args.to_vec();
    all.extend(["--config", config.to_str().unwrap()]);
    let output = common::run_callvault(&all);
    (output.status.success(), common::printed(&output))
}

fn json(text: &str) -> Value {
    serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn write_config(path: &Path, data: &Path, extra: &str) {
    let text = format!(
        "data_dir = {:?}\n[compliance]\nfcc_closed = [\"2025-12-24\", 2025-12-26]\n{extra}",
        data.to_str().unwrap()
    );
    std::fs::write(path, text).unwrap();
}

#[tokio::test]
async fn a_breach_recorded_and_its_clock_computed_from_the_command_line() {
    let temp = tempfile::tempdir().unwrap();
    let data = temp.path().join("data");
    store::Store::open(&data).await.unwrap().close().await;
    let config = temp.path().join("callvault.toml");
    write_config(&config, &data, "");

    let open = ["cpni", "breach", "open", "--discovered", "2025-12-19", "--determined", "2025-12-22"];
    let details = ["--description", "call detail of 40 accounts", "--circumstances", "phished agent account"];
    let (ok, out) = cli(&config, &[&open[..], &details, &["--customers", "40", "--json"]].concat());
    assert!(ok, "{out}");
    let opened = json(&out);
    let id = opened["id"].as_str().unwrap().to_owned();
    assert_eq!(opened["rule"], "2007");
    assert_eq!(opened["open"], true);
    assert_eq!(opened["clock"]["dates"]["le_notice_due"], "2026-01-06", "Dec 24 and 26 closed by config");

    let event = |args: &[&str]| cli(&config, &[&["cpni", "breach", "event", &id][..], args, &["--json"]].concat());
    let (ok, out) = event(&["--kind", "le-notified", "--on", "2025-12-30", "--note", "USSS portal #88"]);
    assert!(ok, "{out}");
    assert_eq!(json(&out)["clock"]["dates"]["customer_notice_earliest"], "2026-01-10");
    let (ok, out) = event(&["--kind", "le-notified", "--on", "2025-12-31"]);
    assert!(!ok && out.contains("already recorded"), "{out}");
    let (ok, out) = event(&["--kind", "agency-delay", "--on", "2026-01-05"]);
    assert!(!ok && out.contains("days"), "{out}");
    let (ok, out) = event(&["--kind", "agency-delay", "--on", "2026-01-05", "--days", "30"]);
    assert!(ok, "{out}");

    let (ok, out) = cli(&config, &["cpni", "breach", "show", &id, "--json"]);
    assert!(ok, "{out}");
    let shown = json(&out);
    assert_eq!(shown["events"].as_array().unwrap().len(), 2, "the refused events were not written");
    assert_eq!(shown["events"][0]["note"], "USSS portal #88");
    assert_eq!(shown["clock"]["dates"]["agency_delay_last_day"], "2026-02-04");
    assert_eq!(shown["clock"]["dates"]["customer_notice_earliest"], "2026-02-05");
    let (ok, out) = cli(&config, &["cpni", "breach", "show", &id]);
    assert!(ok && out.contains("le_notice_due") && out.contains("phished agent account"), "{out}");

    write_config(&config, &data, "breach_rule = \"2024\"\n");
    let (ok, out) = cli(&config, &[&open[..], &details, &["--json"]].concat());
    assert!(ok, "{out}");
    assert_eq!(json(&out)["rule"], "2024");
    assert_eq!(json(&out)["clock"]["dates"]["customer_notice_due"], "2026-01-21");
    let (ok, out) = cli(&config, &["cpni", "breach", "list", "--json"]);
    assert!(ok, "{out}");
    assert_eq!(out.lines().count(), 2, "{out}");
    let (ok, out) = cli(&config, &["cpni", "breach", "show", "nope"]);
    assert!(!ok && out.contains("no breach"), "{out}");
}
