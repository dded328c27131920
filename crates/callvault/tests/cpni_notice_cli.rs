//! `callvault cpni notice check FILE` with the real binary: a complete
//! opt-out template passes; without its waiting period it is refused
//! naming the element and its paragraph; one that tells the customer an
//! opt-out interrupts service, or asks to freeze third-party access, is
//! refused naming the forbidden statement; an unknown section is an error.

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
