//! `callvault cpni disclosure password|business|open|verify|send|show` with
//! the real binary: a caller on the phone gets call detail only after the
//! customer's password (read from standard input) is verified — a refused
//! send and a wrong password exit non-zero; without it, the address of
//! record goes only when it is 30 days old; the business exemption needs
//! both the representative and the contract clause; a new carrier needs a
//! written request; `show --json` lists every step.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use access::Role;
use access::totp::{Secret, Totp};
use jiff::{SignedDuration, Timestamp};
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
"#;

const PASSWORD: &str = "violet tractor umbrella 1979";

fn cli(dir: &str, args: &[&str], stdin: &str) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_callvault"))
        .args(args)
        .args(["--data-dir", dir])
        .env_remove("CALLVAULT_CONFIG")
        .env_remove("CALLVAULT_DATA_DIR")
        .env_remove(store::KEK_ENV)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    (output.status.success(), common::printed(&output))
}

fn json(text: &str) -> Value {
    let first = text.lines().next().unwrap_or_default();
    serde_json::from_str(first).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// A support agent at the platform with confirmed TOTP; two people of the
/// shop, one with an e-mail of record of 40 days, one of today.
async fn people(data: &Path) {
    let store = Store::open(data).await.unwrap();
    let platform = store.platform().await.unwrap().id;
    let now = Timestamp::now();
    let new = NewPerson { tenant: platform, role: Role::Support, login: "agent@example.com".into() };
    let agent = store.create_person(&new, "test", now).await.unwrap();
    let enrolment = store.start_totp_enrolment(&agent.id, "test", now).await.unwrap();
    let code = Totp::new(Secret::from_bytes(enrolment.secret.as_bytes().to_vec())).code_at(now);
    store.confirm_totp(&agent.id, &code, now).await.unwrap();
    let shop = store.tenant_by_slug("shop").await.unwrap().unwrap().id;
    let long_ago = now - SignedDuration::from_hours(40 * 24);
    for (login, since) in [("owner@shop.example", long_ago), ("fresh@shop.example", now)] {
        let new = NewPerson { tenant: shop.clone(), role: Role::CustomerAdmin, login: login.into() };
        let person = store.create_person(&new, "test", since).await.unwrap();
        store.set_email_of_record(&person.id, login, "test", since).await.unwrap();
    }
    store.close().await;
}

#[tokio::test]
async fn a_callers_request_worked_from_the_command_line() {
    let temp = tempfile::tempdir().unwrap();
    let file = temp.path().join("provision.toml");
    std::fs::write(&file, PROVISIONING).unwrap();
    let data = temp.path().join("data");
    let dir = data.to_str().unwrap();
    assert!(cli(dir, &["provision", file.to_str().unwrap()], "").0);
    people(&data).await;
    let (ok, out) = cli(dir, &["cpni", "disclosure", "password", "--customer", "shop"], &format!("{PASSWORD}\n"));
    assert!(ok, "{out}");

    let open = |channel: &str| {
        let args =
            ["cpni", "disclosure", "open", "--customer", "shop", "--channel", channel, "--as", "agent@example.com"];
        let what = ["--claimed", "Ada, the shop's owner", "--asked", "last month's calls", "--json"];
        let (ok, out) = cli(dir, &[&args[..], &what].concat(), "");
        assert!(ok, "{out}");
        json(&out)["id"].as_str().unwrap().to_owned()
    };
    let send = |id: &str, extra: &[&str]| {
        let args = ["cpni", "disclosure", "send", id, "--as", "agent@example.com"];
        cli(dir, &[&args[..], extra].concat(), "")
    };
    let verify = |id: &str, password: &str| {
        let args = ["cpni", "disclosure", "verify", id, "--password-stdin", "--as", "agent@example.com"];
        cli(dir, &args, &format!("{password}\n"))
    };

    let call = open("phone");
    let (ok, out) = send(&call, &["--to", "direct"]);
    assert!(!ok && out.contains("password_not_verified"), "{out}");
    let (ok, out) = verify(&call, "violet tractor umbrella 1980");
    assert!(!ok && out.contains("does not match"), "{out}");
    let (ok, out) = verify(&call, PASSWORD);
    assert!(ok, "{out}");
    let (ok, out) = send(&call, &["--to", "direct"]);
    assert!(ok && out.contains("allowed: caller verified by password"), "{out}");

    let mailed = open("online");
    let (ok, out) = send(&mailed, &["--to", "address-of-record", "--person", "fresh@shop.example"]);
    assert!(!ok && out.contains("address_of_record_under_30_days"), "{out}");
    let (ok, out) = send(&mailed, &["--to", "address-of-record", "--person", "owner@shop.example"]);
    assert!(ok && out.contains("address_of_record"), "{out}");
    let (ok, out) = send(&mailed, &["--to", "new-carrier"]);
    assert!(!ok && out.contains("no_written_request"), "{out}");
    let (ok, out) = send(&mailed, &["--to", "new-carrier", "--written-request", "LOA-77"]);
    assert!(ok && out.contains("written_request"), "{out}");

    let business = open("phone");
    let set = ["cpni", "disclosure", "business", "--customer", "shop", "--rep", "rep-3"];
    let (ok, out) = cli(dir, &set, "");
    assert!(ok && out.contains("applies: false"), "{out}");
    assert!(!send(&business, &["--to", "direct"]).0, "a representative alone is no exemption");
    let (ok, out) = cli(dir, &[&set[..], &["--contract-clause", "MSA §9.2"]].concat(), "");
    assert!(ok && out.contains("applies: true"), "{out}");
    let (ok, out) = send(&business, &["--to", "direct"]);
    assert!(ok && out.contains("business_contract"), "{out}");

    let (ok, out) = cli(dir, &["cpni", "disclosure", "show", &call, "--json"], "");
    assert!(ok, "{out}");
    let shown = json(&out);
    assert_eq!(shown["channel"], "phone");
    assert_eq!(shown["claimed"], "Ada, the shop's owner");
    let codes: Vec<_> = shown["steps"].as_array().unwrap().iter().map(|s| s["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["password_not_verified", "password_mismatch", "password_verified", "password"]);
}
