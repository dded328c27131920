//! `callvault cpni notice check FILE` with the real binary: a complete
//! opt-out template passes; without its waiting period it is refused
//! naming the element and its paragraph; one that tells the customer an
//! opt-out interrupts service, or asks to freeze third-party access, is
//! refused naming the forbidden statement; an unknown section is an error.
//! `cpni notice send|status|email-approval|bounced` with a data folder: a
//! mailed notice counts from the third day after mailing; e-mail is refused
//! without the customer's prior approval, then without an administrator's
//! address of record; a template that fails the check sends nothing.

mod common;

use std::path::Path;

const COMPLETE: &str = r#"
kind = "opt_out"
version = "2026-11"
[sections]
right_and_duty = "You have a right, and we have a duty, under federal law to protect the confidentiality of your CPNI."
cpni_types = "CPNI includes the services you buy, how much you use them and your call detail."
recipients = "We share it only with Example Voice Affiliates LLC."
purposes = "We use it to offer you communications services that fit your needs."
right_to_disapprove = "You may disapprove, and deny or withdraw our access at any time."
steps_to_grant_or_deny = "To opt out, call 1-800-555-0100 or use the portal's CPNI page."
service_unaffected = "Denying approval will not affect the provision of any services."
valid_until_revoked = "Your approval or denial remains valid until you revoke it."
waiting_period = "Unless you opt out within 30 days, we will assume your approval."
opt_out_method = "Opting out is free and available 24 hours a day, seven days a week."
"#;

fn check(dir: &Path, name: &str, text: &str) -> (bool, String) {
    let file = dir.join(name);
    std::fs::write(&file, text).unwrap();
    let output = common::run_callvault(&["cpni", "notice", "check", file.to_str().unwrap()]);
    (output.status.success(), common::printed(&output))
}

#[test]
fn templates_checked_against_64_2008_c() {
    let temp = tempfile::tempdir().unwrap();
    let (ok, out) = check(temp.path(), "complete.toml", COMPLETE);
    assert!(ok && out.contains("valid opt_out notice, version 2026-11"), "{out}");

    let without_wait: String =
        COMPLETE.lines().filter(|line| !line.starts_with("waiting_period")).collect::<Vec<_>>().join("\n");
    let (ok, out) = check(temp.path(), "no-wait.toml", &without_wait);
    assert!(!ok && out.contains("lacks a required element") && out.contains("64.2008(d)(1)"), "{out}");

    let threat =
        COMPLETE.replace("fit your needs.", "fit your needs. If you opt out, your service may be interrupted.");
    let (ok, out) = check(temp.path(), "threat.toml", &threat);
    assert!(!ok && out.contains("forbidden") && out.contains("denial affects"), "{out}");
    let freeze = COMPLETE.replace("fit your needs.", "fit your needs. Freeze third-party access now.");
    let (ok, out) = check(temp.path(), "freeze.toml", &freeze);
    assert!(!ok && out.contains("64.2008(c)(8)"), "{out}");

    let (ok, out) = check(temp.path(), "unknown.toml", &format!("{COMPLETE}signature = \"Pat\"\n"));
    assert!(!ok && out.contains("signature"), "{out}");
}

const PROVISIONING: &str = r#"
[[reseller]]
slug = "acme"
name = "Acme Telecom"

[[customer]]
slug = "shop"
name = "The Shop"
reseller = "acme"
sip_domain = "shop.example.net"
"#;

#[test]
fn notices_sent_and_recorded_by_channel() {
    let temp = tempfile::tempdir().unwrap();
    let provisioning = temp.path().join("provision.toml");
    std::fs::write(&provisioning, PROVISIONING).unwrap();
    let data = temp.path().join("data");
    let dir = data.to_str().unwrap();
    let cli = |args: &[&str]| {
        let output = common::run_callvault(&[args, &["--data-dir", dir]].concat());
        (output.status.success(), common::printed(&output))
    };
    assert!(cli(&["provision", provisioning.to_str().unwrap()]).0);
    let template = temp.path().join("notice.toml");
    std::fs::write(&template, COMPLETE).unwrap();
    let file = template.to_str().unwrap();
    let send = |extra: &[&str]| cli(&[&["cpni", "notice", "send", file, "--customer", "shop"], extra].concat());

    let (ok, out) = send(&["--channel", "email"]);
    assert!(!ok && out.contains("64.2008(d)(3)(i)"), "{out}");
    assert!(cli(&["cpni", "notice", "email-approval", "--customer", "shop", "--evidence", "form E-17"]).0);
    let (ok, out) = send(&["--channel", "email"]);
    assert!(!ok && out.contains("e-mail address of record"), "{out}");
    let (ok, out) = send(&["--channel", "phone"]);
    assert!(!ok && out.contains("never orally"), "{out}");
    let broken = temp.path().join("broken.toml");
    std::fs::write(&broken, COMPLETE.replace("waiting_period", "# waiting_period")).unwrap();
    let (ok, out) = cli(&[
        "cpni",
        "notice",
        "send",
        broken.to_str().unwrap(),
        "--customer",
        "shop",
        "--channel",
        "mail",
        "--mailed",
        "2026-03-02",
    ]);
    assert!(!ok && out.contains("may not be sent"), "{out}");

    let (ok, out) = send(&["--channel", "mail", "--mailed", "2026-03-02"]);
    assert!(ok, "{out}");
    let id = serde_json::from_str::<serde_json::Value>(out.trim()).unwrap()["id"].as_str().unwrap().to_owned();
    let (ok, out) = cli(&["cpni", "notice", "status", "--customer", "shop", "--json"]);
    assert!(ok, "{out}");
    let status: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(status["notified"]["notice"], id.as_str());
    assert_eq!(status["notified"]["approval_assumed_from"], "2026-04-04", "mailed 03-02: days 03-05..04-03");
    assert_eq!(status["notified"]["renotice_due"], "2028-03-02");
    assert_eq!(status["notices"].as_array().unwrap().len(), 1, "the refused sends left no record");
    let (ok, out) = cli(&["cpni", "notice", "bounced", &id, "--customer", "shop", "--on", "2026-03-09"]);
    assert!(!ok && out.contains("already recorded"), "a mailed notice has no e-mail return: {out}");
}
