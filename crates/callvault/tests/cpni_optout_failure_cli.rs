//! `callvault cpni optout-failure open|show|letter` with the real binary:
//! a failure discovered the day before Thanksgiving 2025 is recorded, its
//! letter is due December 4; the letter is drafted as PDF (rendered by
//! pdftoppm, its text read by pdftotext) and HTML from the record; an
//! incomplete record and a missing `[compliance] carrier_name` are refused
//! with a message.

mod common;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn cli(config: &Path, args: &[&str]) -> (bool, String) {
    let mut all = args.to_vec();
    all.extend(["--config", config.to_str().unwrap()]);
    let output = common::run_callvault(&all);
    (output.status.success(), common::printed(&output))
}

fn tool(program: &str, args: &[&str]) -> std::process::Output {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} is missing (apt-get install poppler-utils): {e}"));
    assert!(output.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    output
}

#[tokio::test]
async fn a_failure_recorded_and_its_letter_drafted() {
    let temp = tempfile::tempdir().unwrap();
    let data = temp.path().join("data");
    store::Store::open(&data).await.unwrap().close().await;
    let config = temp.path().join("callvault.toml");
    let data_line = format!("data_dir = {:?}\n[compliance]\n", data.to_str().unwrap());
    std::fs::write(&config, &data_line).unwrap();
    let notice = temp.path().join("notice.txt");
    std::fs::write(&notice, "Our web opt-out form failed.\n\nPlease opt out again.").unwrap();

    let open = [
        "cpni",
        "optout-failure",
        "open",
        "--discovered",
        "2025-11-26",
        "--mechanism",
        "web opt-out form",
        "--problem",
        "form errors for 3 days",
        "--remedy",
        "fixed validation",
        "--remedy-date",
        "2025-11-28",
        "--remedy-implemented",
        "--state-commission",
        "Ohio PUC;2025-12-01;opened an inquiry",
        "--customer-notice",
        notice.to_str().unwrap(),
        "--contact-name",
        "Pat Doe",
        "--contact-email",
        "pat@example.net",
        "--json",
    ];
    let (ok, out) = cli(&config, &open);
    assert!(!ok && out.contains("carrier_name"), "{out}");
    std::fs::write(&config, format!("{data_line}carrier_name = \"Example Voice LLC\"\n")).unwrap();
    let incomplete: Vec<&str> = open.iter().copied().filter(|arg| *arg != "pat@example.net").collect();
    let incomplete: Vec<&str> = incomplete.into_iter().filter(|arg| *arg != "--contact-email").collect();
    let (ok, out) = cli(&config, &incomplete);
    assert!(!ok && out.contains("contact information"), "{out}");

    let (ok, out) = cli(&config, &open);
    assert!(ok, "{out}");
    let opened: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(opened["clock"]["dates"]["fcc_letter_due"], "2025-12-04");
    let id = opened["id"].as_str().unwrap();

    let pdf = temp.path().join("letter.pdf");
    let letter = ["cpni", "optout-failure", "letter", id, "--date", "2025-12-01", "--out", pdf.to_str().unwrap()];
    let (ok, out) = cli(&config, &letter);
    assert!(ok, "{out}");
    tool("pdftoppm", &["-png", "-r", "50", pdf.to_str().unwrap(), temp.path().join("page").to_str().unwrap()]);
    assert!(temp.path().join("page-1.png").exists(), "the PDF renders");
    let text = String::from_utf8(tool("pdftotext", &[pdf.to_str().unwrap(), "-"]).stdout).unwrap();
    for expected in ["Example Voice LLC", "December 4, 2025", "web opt-out form", "Ohio PUC", "Please opt out again."] {
        assert!(text.contains(expected), "{expected:?} not in the letter:\n{text}");
    }
    let html = temp.path().join("letter.html");
    let (ok, out) = cli(&config, &["cpni", "optout-failure", "letter", id, "--out", html.to_str().unwrap()]);
    assert!(ok, "{out}");
    assert!(std::fs::read_to_string(&html).unwrap().contains("opened an inquiry"));
    let (ok, out) = cli(&config, &["cpni", "optout-failure", "letter", id, "--out", "letter.txt"]);
    assert!(!ok && out.contains(".pdf or .html"), "{out}");
    let (ok, out) = cli(&config, &["cpni", "optout-failure", "show", id]);
    assert!(ok && out.contains("fcc_letter_due"), "{out}");
}
