//! `callvault cpni approval set|revoke|show` and `cpni campaign
//! create|approve|audience|end` with the real binary: approvals recorded and
//! shown as JSON, an opt-out whose wait is under 30 days refused; a
//! campaign registered by a support agent, refused approval by its own
//! requester, approved by a security officer; its audience computed through
//! the gate (the opted-in customer in, the other out, then out too once it
//! revokes); a marketing read of CDRs under the approved campaign, refused
//! once the campaign has ended. One-time use (64.2008(f)): support records
//! the customer's oral approval on a call and reads for that call only,
//! until it records the call's end.

mod common;

use std::path::Path;

use access::Role;
use access::totp::{Secret, Totp};
use serde_json::Value;
use store::{NewPerson, Store};

const PROVISIONING: &str = r#"
[[reseller]]
slug = "acme"
name = "Acme Telecom"

[[customer]]
slug = "shop"
name = "The Shop"
reseller = "acme"
sip_domain = "shop.example.net"

[[customer]]
slug = "cafe"
name = "The Cafe"
reseller = "acme"
sip_domain = "cafe.example.net"
"#;

fn cli(dir: &str, args: &[&str]) -> (bool, String) {
    let mut all = args.to_vec();
    all.extend(["--data-dir", dir]);
    let output = common::run_callvault(&all);
    (output.status.success(), common::printed(&output))
}

fn json(text: &str) -> Value {
    serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// Staff at the platform with confirmed TOTP, as the gate requires of them.
async fn staff(data: &Path) {
    let store = Store::open(data).await.unwrap();
    let platform = store.platform().await.unwrap().id;
    let now = jiff::Timestamp::now();
    for (login, role) in [("seller@example.com", Role::Support), ("boss@example.com", Role::SecurityOfficer)] {
        let new = NewPerson { tenant: platform.clone(), role, login: login.into() };
        let person = store.create_person(&new, "test", now).await.unwrap();
        let enrolment = store.start_totp_enrolment(&person.id, "test", now).await.unwrap();
        let code = Totp::new(Secret::from_bytes(enrolment.secret.as_bytes().to_vec())).code_at(now);
        store.confirm_totp(&person.id, &code, now).await.unwrap();
    }
    store.close().await;
}

#[tokio::test]
async fn approvals_and_a_supervised_campaign_from_the_command_line() {
    let temp = tempfile::tempdir().unwrap();
    let file = temp.path().join("provision.toml");
    std::fs::write(&file, PROVISIONING).unwrap();
    let data = temp.path().join("data");
    let dir = data.to_str().unwrap();
    assert!(cli(dir, &["provision", file.to_str().unwrap()]).0);
    staff(&data).await;

    let approve = ["cpni", "approval", "set", "--customer", "shop", "--scope", "own_marketing"];
    let (ok, out) =
        cli(dir, &[&approve[..], &["--action", "opt_in", "--method", "written", "--evidence", "form-1"]].concat());
    assert!(ok, "{out}");
    let short = ["--action", "opt_out", "--method", "electronic", "--evidence", "e-1", "--notified", "2026-01-02"];
    let (ok, out) = cli(dir, &[&approve[..], &short, &["--effective", "2026-01-15"]].concat());
    assert!(!ok && out.contains("30 days"), "{out}");
    let (ok, out) = cli(dir, &["cpni", "approval", "show", "--customer", "shop", "--json"]);
    assert!(ok, "{out}");
    let shown = json(&out);
    assert_eq!(shown["status"]["own_marketing"]["state"], "opt_in");
    assert_eq!(shown["status"]["third_parties"]["state"], "none");
    assert_eq!(shown["history"].as_array().unwrap().len(), 1, "the refused opt-out was not recorded");

    let create = ["cpni", "campaign", "create", "--description", "Spring offer", "--cpni-used", "minutes of use"];
    let create = [&create[..], &["--offered", "Unlimited plan", "--scope", "own_marketing"]].concat();
    let (ok, out) = cli(dir, &[&create[..], &["--as", "seller@example.com", "--json"]].concat());
    assert!(ok, "{out}");
    let id = json(&out)["id"].as_str().unwrap().to_owned();
    let (ok, out) = cli(dir, &["cpni", "campaign", "approve", &id, "--as", "seller@example.com"]);
    assert!(!ok && out.contains("requested it"), "{out}");
    let (ok, out) = cli(dir, &["cpni", "campaign", "audience", &id, "--as", "seller@example.com", "--json"]);
    assert!(ok, "{out}");
    assert!(out.lines().all(|line| json(line)["included"] == false), "nothing before approval: {out}");
    let (ok, out) = cli(dir, &["cpni", "campaign", "approve", &id, "--as", "boss@example.com", "--json"]);
    assert!(ok, "{out}");
    assert_eq!(json(&out)["approved_by"].as_str().map(str::len), Some(32));

    let audience = || cli(dir, &["cpni", "campaign", "audience", &id, "--as", "seller@example.com", "--json"]);
    let (ok, out) = audience();
    assert!(ok, "{out}");
    let lines: Vec<Value> = out.lines().map(json).collect();
    let verdicts: Vec<(&str, bool)> =
        lines.iter().map(|l| (l["customer"].as_str().unwrap(), l["included"].as_bool().unwrap())).collect();
    assert_eq!(verdicts, [("cafe", false), ("shop", true)], "{out}");
    assert_eq!(lines[0]["reason"], "no_approval");

    let marketing = ["cdrs", "--customer", "shop", "--purpose", "marketing", "--campaign", &id];
    let (ok, out) = cli(dir, &[&marketing[..], &["--as", "seller@example.com"]].concat());
    assert!(ok, "{out}");
    let (ok, out) = cli(
        dir,
        &["cdrs", "--customer", "cafe", "--purpose", "marketing", "--campaign", &id, "--as", "seller@example.com"],
    );
    assert!(!ok && out.contains("no_approval"), "{out}");

    let (ok, out) = cli(dir, &["cpni", "campaign", "end", &id, "--as", "boss@example.com", "--json"]);
    assert!(ok, "{out}");
    assert!(json(&out)["ended_at"].is_string(), "{out}");
    let (ok, out) = cli(dir, &["cpni", "campaign", "end", &id, "--as", "boss@example.com"]);
    assert!(!ok && out.contains("already recorded"), "ends once: {out}");
    let (ok, out) = cli(dir, &[&marketing[..], &["--as", "seller@example.com"]].concat());
    assert!(!ok && out.contains("campaign_ended"), "no reads after its end: {out}");
    let (_, out) = audience();
    assert!(out.lines().all(|line| json(line)["reason"] == "campaign_ended"), "ended: {out}");

    let revoke = ["cpni", "approval", "revoke", "--customer", "shop", "--scope", "own_marketing"];
    assert!(cli(dir, &[&revoke[..], &["--method", "electronic", "--evidence", "portal-7"]].concat()).0);
    let (_, out) = audience();
    assert!(out.lines().all(|line| json(line)["included"] == false), "revoked: {out}");
}

#[tokio::test]
async fn one_time_use_on_one_call_from_the_command_line() {
    let temp = tempfile::tempdir().unwrap();
    let file = temp.path().join("provision.toml");
    std::fs::write(&file, PROVISIONING).unwrap();
    let data = temp.path().join("data");
    let dir = data.to_str().unwrap();
    assert!(cli(dir, &["provision", file.to_str().unwrap()]).0);
    staff(&data).await;
    let on_call = |call: &str| {
        let read = ["cdrs", "--customer", "shop", "--purpose", "one_time_use", "--call", call];
        cli(dir, &[&read[..], &["--as", "seller@example.com"]].concat())
    };
    let one_time = |verb: &str, extra: &[&str]| {
        let args = ["cpni", "one-time", verb, "--customer", "shop", "--call", "CC-118", "--as", "seller@example.com"];
        cli(dir, &[&args[..], extra].concat())
    };

    let (ok, out) = on_call("CC-118");
    assert!(!ok && out.contains("no_one_time_approval"), "{out}");
    let (ok, out) = one_time("approve", &["--evidence", "my notes"]);
    assert!(!ok && out.contains("recording or transcript"), "{out}");
    let (ok, out) = one_time("approve", &["--evidence", "recording:rec-118"]);
    assert!(ok, "{out}");
    assert!(on_call("CC-118").0, "on the approved call");
    let (ok, out) = on_call("CC-119");
    assert!(!ok && out.contains("no_one_time_approval"), "another call: {out}");
    let (ok, out) = on_call("+1 202 555 0143");
    assert!(!ok && out.contains("not a number or address"), "{out}");
    let (ok, out) = one_time("end", &[]);
    assert!(ok, "{out}");
    let (ok, out) = on_call("CC-118");
    assert!(!ok && out.contains("call_ended"), "after the call: {out}");
}
