//! `callvault cdrs --purpose network_operations --json` lists the
//! customer's CDRs as JSON lines (here one refused attempt: internal, 404)
//! and, being a read of CPNI through the gate, appends an audit record
//! (action `cdr.read`, purpose `network_operations`) before printing; a
//! purpose the gate refuses (tracking competitors' callers; law enforcement
//! without a reference) prints nothing, fails, and is audited too; the log
//! still verifies.

mod common;

use common::carrier;
use common::phone::{Phone, sdp};
use common::shop::Shop;

fn audit_records(data: &std::path::Path) -> u64 {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let store = store::Store::open(data).await.unwrap();
        let report = store.verify_audit().await.unwrap();
        store.close().await;
        assert!(report.is_ok(), "{report:?}");
        report.records
    })
}

#[test]
fn the_listing_is_json_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let shop = Shop::serve(dir.path(), &carrier::config(carrier::free_udp_port(), ""));
    let mut caller = Phone::new(shop.addr, "100", "shop.example", "shop-secret-100");
    assert_eq!(caller.register(), 200);
    assert_eq!(caller.call("7777", "shop.example", &[], &sdp(46000)).1.status, 404);
    drop(shop);

    let data = dir.path().join("data");
    let before = audit_records(&data);
    let data_dir = data.to_str().unwrap();
    let args = ["cdrs", "--data-dir", data_dir, "--customer", "shop", "--json", "--purpose", "network_operations"];
    let output = common::run_callvault(&args);
    assert!(output.status.success(), "{}", common::printed(&output));
    let lines: Vec<serde_json::Value> =
        String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["direction"], "internal");
    assert_eq!(lines[0]["callee"], "7777");
    assert_eq!(lines[0]["sip_status"], 404);
    assert_eq!(lines[0]["trunk"], serde_json::Value::Null);

    assert_eq!(audit_records(&data), before + 1, "one audit record for the read");

    let refused = common::run_callvault(&[
        "cdrs",
        "--data-dir",
        data_dir,
        "--customer",
        "shop",
        "--purpose",
        "track_competitor_callers",
    ]);
    assert!(!refused.status.success());
    assert!(refused.stdout.is_empty(), "no CPNI printed");
    assert!(common::printed(&refused).contains("competitor_tracking_forbidden"), "{}", common::printed(&refused));
    assert_eq!(audit_records(&data), before + 2, "the refusal is audited");
    let missing =
        common::run_callvault(&["cdrs", "--data-dir", data_dir, "--customer", "shop", "--purpose", "law_enforcement"]);
    assert!(!missing.status.success(), "law enforcement needs --legal-ref");
    let legal = [
        "cdrs",
        "--data-dir",
        data_dir,
        "--customer",
        "shop",
        "--purpose",
        "law_enforcement",
        "--legal-ref",
        "SDNY-24-mj-1",
    ];
    assert!(common::run_callvault(&legal).status.success());
    let database = std::fs::read(data.join(store::DATABASE_FILE)).unwrap();
    let has = |needle: &[u8]| database.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"cdr.read") && has(b"network_operations"), "the record names the action and purpose");
    assert!(has(b"law_enforcement[legal_process=SDNY-24-mj-1]"), "the legal process is recorded");
}
