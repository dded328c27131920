//! `callvault cpni dashboard --json --on DATE` with the real binary: on
//! 2026-01-08 the open clocks of the records, nearest first — an overdue
//! law-enforcement notice of a breach determined 2025-12-22 (due January
//! 2 over Christmas and New Year), the first day its customers may be
//! told, an opt-out failure letter due January 14, a customer's biennial
//! opt-out re-notice, the 2025 certification (March 1, 2026 is a Sunday:
//! March 2); recording the notice moves the customer date; after March 2
//! the next certification is 2026's.

mod common;

use std::path::Path;

use compliance::{ApprovalAction, ApprovalRecord, ApprovalScope, Mechanism, Method};
use jiff::civil::date;
use serde_json::Value;
use store::{NewTenant, Store};

fn cli(config: &Path, args: &[&str]) -> (bool, String) {
    let mut all = args.to_vec();
    all.extend(["--config", config.to_str().unwrap()]);
    let output = common::run_callvault(&all);
    (output.status.success(), common::printed(&output))
}

/// A customer notified of opt-out on 2024-03-01; its id.
async fn opted_out_customer(data: &Path) -> String {
    let store = Store::open(data).await.unwrap();
    let new = |slug: &str, parent: Option<&str>| NewTenant {
        slug: slug.into(),
        name: slug.into(),
        parent: parent.map(Into::into),
        sip_domain: parent.map(|_| format!("{slug}.example")),
        is_default: false,
    };
    store.upsert_reseller(&new("r", None)).await.unwrap();
    let customer = store.upsert_customer(&new("shop", Some("r"))).await.unwrap().id;
    let record = ApprovalRecord {
        scope: ApprovalScope::OwnMarketing,
        action: ApprovalAction::Approve(Mechanism::OptOut),
        method: Method::Written,
        evidence: "letter-1".into(),
        notified_on: Some(date(2024, 3, 1)),
        effective_on: date(2024, 4, 1),
        recorded_at: jiff::Timestamp::now(),
        recorded_by: "operator:test".into(),
    };
    store.record_approval(&customer, &record).await.unwrap();
    store.close().await;
    customer.0
}

fn dashboard(config: &Path, on: &str) -> Vec<(String, String, String, bool)> {
    let (ok, out) = cli(config, &["cpni", "dashboard", "--json", "--on", on]);
    assert!(ok, "{out}");
    let shown: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(shown["today"], on);
    let item = |item: &Value| {
        let text = |key: &str| item[key].as_str().unwrap().to_owned();
        (text("date"), text("subject"), text("name"), item["overdue"].as_bool().unwrap())
    };
    shown["items"].as_array().unwrap().iter().map(item).collect()
}

fn owned(items: &[(&str, &str, &str, bool)]) -> Vec<(String, String, String, bool)> {
    items.iter().map(|&(d, s, n, o)| (d.to_owned(), s.to_owned(), n.to_owned(), o)).collect()
}

#[tokio::test]
async fn every_open_clock_by_urgency() {
    let temp = tempfile::tempdir().unwrap();
    let data = temp.path().join("data");
    opted_out_customer(&data).await;
    let config = temp.path().join("callvault.toml");
    std::fs::write(&config, format!("data_dir = {:?}\n[compliance]\ncarrier_name = \"Example Voice\"\n", data))
        .unwrap();
    let open = ["cpni", "breach", "open", "--discovered", "2025-12-22", "--determined", "2025-12-22", "--json"];
    let (ok, out) =
        cli(&config, &[&open[..], &["--description", "call detail", "--circumstances", "phishing"]].concat());
    assert!(ok, "{out}");
    let breach = serde_json::from_str::<Value>(out.trim()).unwrap()["id"].as_str().unwrap().to_owned();
    let notice = temp.path().join("notice.txt");
    std::fs::write(&notice, "Opt out again, please.").unwrap();
    let failure = [
        "cpni",
        "optout-failure",
        "open",
        "--discovered",
        "2026-01-07",
        "--mechanism",
        "IVR",
        "--problem",
        "down",
        "--remedy",
        "fixed",
        "--remedy-date",
        "2026-01-08",
        "--customer-notice",
        notice.to_str().unwrap(),
        "--contact-name",
        "Pat",
        "--contact-phone",
        "1",
    ];
    let (ok, out) = cli(&config, &failure);
    assert!(ok, "{out}");
    let failure_id = out.split_whitespace().nth(2).unwrap().to_owned();

    assert_eq!(
        dashboard(&config, "2026-01-08"),
        owned(&[
            ("2026-01-02", "breach", "le_notice_due", true),
            ("2026-01-03", "breach", "customer_notice_earliest", false),
            ("2026-01-14", "optout_failure", "fcc_letter_due", false),
            ("2026-03-01", "renotice", "renotice_due", false),
            ("2026-03-02", "certification", "due", false),
        ])
    );
    let (ok, out) = cli(&config, &["cpni", "breach", "event", &breach, "--kind", "le-notified", "--on", "2026-01-05"]);
    assert!(ok, "{out}");
    let after = dashboard(&config, "2026-01-08");
    assert_eq!(
        after,
        owned(&[
            ("2026-01-14", "optout_failure", "fcc_letter_due", false),
            ("2026-01-15", "breach", "customer_notice_earliest", false),
            ("2026-03-01", "renotice", "renotice_due", false),
            ("2026-03-02", "certification", "due", false),
        ])
    );
    let (ok, out) =
        cli(&config, &["cpni", "breach", "event", &breach, "--kind", "customers-notified", "--on", "2026-01-20"]);
    assert!(ok, "{out}");
    let late = dashboard(&config, "2026-01-15");
    assert!(late.contains(&("2026-01-14".into(), "optout_failure".into(), "fcc_letter_due".into(), true)), "{late:?}");
    let filed = ["cpni", "optout-failure", "filed", &failure_id, "--on", "2026-01-15", "--reference", "ECFS 77"];
    let (ok, out) = cli(&config, &[&filed[..], &["--json"]].concat());
    assert!(ok, "{out}");
    let shown: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!((shown["filed_on"].as_str(), shown["filed_late"].as_bool()), (Some("2026-01-15"), Some(true)));
    assert_eq!(
        dashboard(&config, "2026-03-03"),
        owned(&[("2026-03-01", "renotice", "renotice_due", true), ("2027-03-01", "certification", "due", false)])
    );
    let (ok, out) = cli(&config, &["cpni", "dashboard", "--on", "2026-03-03"]);
    assert!(ok && out.contains("OVERDUE") && out.contains("renotice"), "{out}");
}
