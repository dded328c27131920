//! `callvault cpni clock KIND --json` with the real binary: every clock's
//! dates on scenarios around holidays, observed days and closures (from
//! `--closed` and from `[compliance] fcc_closed` in a config file), the
//! human text form, and bad input refused with a message and a non-zero
//! exit.

use std::process::{Command, Output};

use serde_json::Value;

fn callvault(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_callvault"))
        .args(args)
        .env_remove("CALLVAULT_CONFIG")
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("running callvault")
}

/// Runs `cpni clock ARGS --json` and returns the JSON object.
fn clock(args: &[&str]) -> Value {
    let mut all = vec!["cpni", "clock"];
    all.extend_from_slice(args);
    all.push("--json");
    let output = callvault(&all);
    assert!(output.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("one JSON object")
}

fn date<'a>(report: &'a Value, name: &str) -> &'a str {
    report["dates"][name].as_str().unwrap_or_else(|| panic!("no date {name} in {report}"))
}

fn refused(args: &[&str]) -> String {
    let mut all = vec!["cpni", "clock"];
    all.extend_from_slice(args);
    let output = callvault(&all);
    assert!(!output.status.success(), "{args:?} was accepted");
    assert!(output.stdout.is_empty(), "nothing printed on stdout for {args:?}");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn breach_2007_over_christmas_and_new_year() {
    let report = clock(&["breach", "--determined", "2024-12-20", "--le-notified", "2025-01-02"]);
    assert_eq!(report["clock"], "breach");
    assert_eq!(report["rule"], "2007");
    assert_eq!(date(&report, "le_notice_due"), "2025-01-02");
    assert_eq!(date(&report, "customer_hold_last_day"), "2025-01-13");
    assert_eq!(date(&report, "customer_notice_earliest"), "2025-01-14");
    assert_eq!(report["flags"]["le_notice_late"], false);
    let closed = clock(&["breach", "--determined", "2024-12-20", "--closed", "2024-12-24", "--closed", "2025-01-09"]);
    assert_eq!(date(&closed, "le_notice_due"), "2025-01-03");
    assert_eq!(report["details"][0]["cite"], "47 CFR 64.2011");
}

#[test]
fn breach_exceptions_and_the_2024_rule() {
    let urgent =
        clock(&["breach", "--determined", "2025-03-10", "--le-notified", "2025-03-11", "--urgent", "--consulted"]);
    assert_eq!(date(&urgent, "customer_notice_earliest"), "2025-03-11");
    let delayed = clock(&[
        "breach",
        "--determined",
        "2025-03-10",
        "--le-notified",
        "2025-03-11",
        "--agency-delay-from",
        "2025-03-12",
        "--days",
        "30",
    ]);
    assert_eq!(date(&delayed, "agency_delay_last_day"), "2025-04-11");
    assert_eq!(date(&delayed, "customer_notice_earliest"), "2025-04-12");
    let amended = clock(&["breach", "--determined", "2025-06-02", "--rule", "2024", "--customers", "120"]);
    assert_eq!(amended["rule"], "2024");
    assert_eq!(date(&amended, "agency_notice_due"), "2025-06-11");
    assert_eq!(date(&amended, "customer_notice_due"), "2025-07-02");
    assert_eq!(date(&amended, "small_breach_summary_due"), "2026-02-02");
    assert_eq!(amended["flags"]["le_notified_assumed"], true);
}

#[test]
fn opt_out_notice_by_mail_and_email() {
    let mail = clock(&["opt-out-notice", "--sent", "2025-12-30", "--channel", "mail"]);
    assert_eq!(date(&mail, "wait_first_day"), "2026-01-02");
    assert_eq!(date(&mail, "approval_assumed_from"), "2026-02-01");
    assert_eq!(date(&mail, "renotice_due"), "2027-12-30");
    let email = clock(&["opt-out-notice", "--sent", "2024-02-29", "--channel", "email"]);
    assert_eq!(date(&email, "wait_last_day"), "2024-03-30");
    assert_eq!(date(&email, "approval_assumed_from"), "2024-03-31");
    assert_eq!(date(&email, "renotice_due"), "2026-02-28");
}

#[test]
fn opt_out_failure_with_closures_from_the_config_file() {
    let plain = clock(&["opt-out-failure", "--discovered", "2025-12-24"]);
    assert_eq!(date(&plain, "fcc_letter_due"), "2026-01-02");
    let folder = tempfile::tempdir().unwrap();
    let config = folder.path().join("callvault.toml");
    std::fs::write(&config, "data_dir = \"/nonexistent\"\n[compliance]\nfcc_closed = [\"2025-12-26\", 2026-01-02]\n")
        .unwrap();
    let config = config.to_str().unwrap();
    let closed = clock(&["opt-out-failure", "--discovered", "2025-12-24", "--config", config]);
    assert_eq!(date(&closed, "fcc_letter_due"), "2026-01-06");
}

#[test]
fn certification_years_roll_off_weekends() {
    assert_eq!(date(&clock(&["certification", "--year", "2024"]), "due"), "2025-03-03");
    assert_eq!(date(&clock(&["certification", "--year", "2025"]), "due"), "2026-03-02");
    assert_eq!(date(&clock(&["certification", "--year", "2022"]), "due"), "2023-03-01");
    assert_eq!(clock(&["certification", "--year", "2022"])["flags"]["rolled_forward"], false);
    assert_eq!(date(&clock(&["certification", "--year", "2022", "--closed", "2023-03-01"]), "due"), "2023-03-02");
}

#[test]
fn address_of_record_age() {
    let young = clock(&["address-of-record", "--added", "2025-01-01", "--on", "2025-01-31"]);
    assert_eq!(date(&young, "usable_from"), "2025-02-01");
    assert_eq!(young["flags"]["usable_on_date"], false);
    let old = clock(&["address-of-record", "--added", "2025-01-01", "--on", "2025-02-01"]);
    assert_eq!(old["flags"]["usable_on_date"], true);
}

#[test]
fn text_output_names_every_date() {
    let output = callvault(&["cpni", "clock", "certification", "--year", "2024"]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("certification clock"));
    assert!(text.contains("2025-03-03  due"), "{text}");
    assert!(text.contains("rolled_forward = yes"), "{text}");
}

#[test]
fn bad_input_is_refused_with_a_message() {
    assert!(refused(&["breach", "--determined", "2025-02-30"]).contains("not a valid date"));
    assert!(refused(&["breach", "--determined", "03/10/2025"]).contains("ISO date"));
    assert!(
        refused(&["breach", "--determined", "2025-03-10", "--le-notified", "2025-03-01"]).contains("cannot be before")
    );
    assert!(refused(&["breach", "--determined", "2025-03-10", "--consulted"]).contains("--urgent"));
    assert!(refused(&["breach", "--determined", "2025-03-10", "--urgent", "--rule", "2024"]).contains("2024"));
    assert!(refused(&["breach", "--determined", "2025-03-10", "--days", "5"]).contains("--agency-delay-from"));
    assert!(refused(&["breach", "--determined", "2025-03-10", "--rule", "2016"]).contains("2016"));
    assert!(refused(&["opt-out-notice", "--sent", "2025-01-01", "--channel", "oral"]).contains("oral"));
    assert!(refused(&["certification", "--year", "1999"]).contains("1999"));
    assert!(refused(&["address-of-record", "--added", "1990-01-01", "--on", "2025-01-01"]).contains("supported range"));
    assert!(
        refused(&["opt-out-failure", "--discovered", "2025-01-01", "--config", "/nonexistent/callvault.toml"])
            .contains("reading")
    );
}
