//! `callvault cpni officer set` and `cpni certify` with the real binary:
//! the 2024 certification drafted from the records (3 complaints of 2024 by
//! category, not the 2023 one; a data-broker action; a breach whose
//! law-enforcement notice was late), signed by a person marked an officer,
//! refused for one who is not; the PDF renders (pdftoppm) and its text
//! (pdftotext) holds the counts and the due date (March 1, 2025 is a
//! Saturday: March 3).

mod common;

use std::path::Path;
use std::process::Command;

use access::Role;
use store::{NewPerson, Store};

fn cli(config: &Path, args: &[&str]) -> (bool, String) {
    let mut all = args.to_vec();
    all.extend(["--config", config.to_str().unwrap()]);
    let output = common::run_callvault(&all);
    (output.status.success(), common::printed(&output))
}

fn tool(program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} is missing (apt-get install poppler-utils): {e}"));
    assert!(output.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

async fn people(data: &Path) {
    let store = Store::open(data).await.unwrap();
    let platform = store.platform().await.unwrap().id;
    for (login, role) in [("ceo@example.com", Role::PlatformAdmin), ("clerk@example.com", Role::Support)] {
        let new = NewPerson { tenant: platform.clone(), role, login: login.into() };
        store.create_person(&new, "test", jiff::Timestamp::now()).await.unwrap();
    }
    store.close().await;
}

#[tokio::test]
async fn the_certification_drafted_from_the_records_and_signed_by_an_officer() {
    let temp = tempfile::tempdir().unwrap();
    let data = temp.path().join("data");
    people(&data).await;
    let config = temp.path().join("callvault.toml");
    let settings = "[compliance]\ncarrier_name = \"Example Voice LLC\"\nfrn = \"0012345678\"\n";
    std::fs::write(&config, format!("data_dir = {:?}\n{settings}", data.to_str().unwrap())).unwrap();
    let add = |args: &[&str]| {
        let (ok, out) = cli(&config, &[&["cpni", "record", "add"][..], args].concat());
        assert!(ok, "{args:?}: {out}");
    };
    for (on, category) in [
        ("2024-01-05", "employee_access"),
        ("2024-06-30", "employee_access"),
        ("2024-12-31", "online_access"),
        ("2023-12-31", "unauthorized_disclosure"),
    ] {
        add(&["complaint", "--on", on, "--category", category, "--details", "a customer complaint"]);
    }
    add(&["broker-action", "--on", "2024-03-04", "--category", "Ohio PUC", "--details", "complaint against Zed Data"]);
    let open = ["cpni", "breach", "open", "--discovered", "2024-07-01", "--determined", "2024-07-01", "--json"];
    let (ok, out) =
        cli(&config, &[&open[..], &["--description", "call detail", "--circumstances", "pretexting"]].concat());
    assert!(ok, "{out}");
    let id = serde_json::from_str::<serde_json::Value>(out.trim()).unwrap()["id"].as_str().unwrap().to_owned();
    let (ok, out) = cli(&config, &["cpni", "breach", "event", &id, "--kind", "le-notified", "--on", "2024-07-15"]);
    assert!(ok, "{out}");

    let pdf = temp.path().join("cert.pdf");
    let certify = ["cpni", "certify", "--year", "2024", "--out", pdf.to_str().unwrap()];
    let (ok, out) = cli(&config, &certify);
    assert!(!ok && out.contains("officer"), "no officer yet: {out}");
    let (ok, out) =
        cli(&config, &["cpni", "officer", "set", "ceo@example.com", "--name", "Avery Quill", "--title", "CEO"]);
    assert!(ok, "{out}");
    let (ok, out) = cli(&config, &[&certify[..], &["--sign-as", "clerk@example.com"]].concat());
    assert!(!ok && out.contains("not marked an officer"), "{out}");
    assert!(!pdf.exists(), "nothing written for a refused signer");
    let (ok, out) = cli(&config, &[&certify[..], &["--sign-as", "ceo@example.com"]].concat());
    assert!(ok, "{out}");

    tool("pdftoppm", &["-png", "-r", "50", pdf.to_str().unwrap(), temp.path().join("page").to_str().unwrap()]);
    assert!(temp.path().join("page-1.png").exists(), "the PDF renders");
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Example Voice LLC",
        "Avery Quill",
        "on or before March 3, 2025",
        "received 3 customer complaint(s) in 2024",
        "took 1 action(s) against data brokers in 2024",
        "Ohio PUC",
        "1 breach(es) of CPNI were determined in 2024",
        "was due on 2024-07-11 and was sent on 2024-07-15",
    ] {
        assert!(text.contains(expected), "{expected:?} not in the certification:\n{text}");
    }
    let html = temp.path().join("cert.html");
    let (ok, out) = cli(&config, &["cpni", "certify", "--year", "2023", "--out", html.to_str().unwrap()]);
    assert!(ok, "{out}");
    let html = std::fs::read_to_string(&html).unwrap();
    assert!(html.contains("received 1 customer complaint(s) in 2023") && html.contains("No breach"), "{html}");
}
