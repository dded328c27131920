//! Change notices end to end with the real binary and a real SMTP server
//! (aiosmtpd on loopback), through an outage and a restart (47 CFR
//! 64.2010(e), (f); issue 5 item 6):
//!
//! - `user add` sets the contacts of record: no notice at service initiation;
//! - `user passwd` while `serve` runs and the SMTP server is down: the
//!   notice is pending (`notices list`), `serve` stops, the SMTP server
//!   comes up, `serve` starts again and the notice arrives at the address
//!   of record without the password;
//! - `user backup-questions`, three failed `user recover`s (the account is
//!   closed: right answers no longer open it), `user reset`: each change is
//!   a notice, to the address of record, none revealing what changed;
//! - telephone notices stay listed as pending (no gateway).

mod common;

#[path = "../../notify/tests/smtp_support/mod.rs"]
mod smtp_support;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use smtp_support::{SmtpSink, free_port};

const PROVISION: &str = r#"
[[reseller]]
slug = "acme"
name = "Acme Telecom"

[[customer]]
slug = "shop"
name = "The Shop"
reseller = "acme"
sip_domain = "shop.example"
"#;
const LOGIN: &str = "pat@example.com";
const ADDRESS: &str = "pat.home@example.org";
const FIRST: &str = "the first long passphrase of ours 1";
const SECOND: &str = "the second long passphrase of ours 2";
const RESET: &str = "a reset passphrase chosen by admin 3";
const QUESTIONS: &str =
    "What was the name of your first teacher?\nMrs Okafor\nWhich city did you first fly to?\nLisbon\n";

fn callvault(data: &Path, args: &[&str], stdin: &str) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_callvault"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
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

/// Starts `serve` and waits for its "serving" line.
fn serve(config: &Path) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_callvault"))
        .args(["serve", "--config"])
        .arg(config)
        .env("CALLVAULT_LOG", "info")
        .env_remove("CALLVAULT_DATA_DIR")
        .env_remove(store::KEK_ENV)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut printed = Vec::new();
    for line in stderr.lines().map_while(Result::ok) {
        if line.contains("callvault is serving") {
            return child;
        }
        printed.push(line);
    }
    let status = child.wait();
    panic!("serve did not start ({status:?}): {}", printed.join("\n"));
}

fn stop(mut child: Child) {
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let status = child.wait().unwrap();
    assert!(status.success(), "serve did not stop cleanly: {status:?}");
}

fn write_config(dir: &Path, data: &Path, smtp_port: u16) -> std::path::PathBuf {
    let (sip, config) = (free_port(), dir.join("callvault.toml"));
    let text = format!(
        "data_dir = {data:?}\n[portal]\nhttps = [\"127.0.0.1:0\"]\nhttp = [\"127.0.0.1:0\"]\n[sip]\nudp = [\"127.0.0.1:{sip}\"]\ntcp = []\ntls = []\nserver_names = [\"127.0.0.1\"]\n\
         [smtp]\nhost = \"127.0.0.1\"\nport = {smtp_port}\ntls = \"none\"\n\
         from = \"callvault <notices@callvault.test>\"\ntimeout_secs = 2\nretry_max_secs = 1\n"
    );
    std::fs::write(&config, text).unwrap();
    config
}

fn pending(data: &Path, channel: &str) -> Vec<String> {
    let (ok, out) = callvault(data, &["notices", "list", "--channel", channel], "");
    assert!(ok, "{out}");
    out.lines().map(str::to_owned).collect()
}

#[test]
fn notices_survive_an_outage_and_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::write(dir.path().join("provision.toml"), PROVISION).unwrap();
    let (ok, out) = callvault(&data, &["provision", dir.path().join("provision.toml").to_str().unwrap()], "");
    assert!(ok, "{out}");
    let add = ["user", "add", "--customer", "shop", "--email", LOGIN, "--role", "user", "--password-stdin"];
    let contacts = ["--address-of-record", ADDRESS, "--phone-of-record", "+1 202 555 0123"];
    let (ok, out) = callvault(&data, &[&add[..], &contacts[..]].concat(), &format!("{FIRST}\n"));
    assert!(ok, "{out}");
    assert!(pending(&data, "email").is_empty(), "a notice was queued at service initiation");

    let smtp_port = free_port();
    let config = write_config(dir.path(), &data, smtp_port);
    let server = serve(&config);
    let (ok, out) = callvault(&data, &["user", "passwd", "--email", LOGIN, "--password-stdin"], &format!("{SECOND}\n"));
    assert!(ok, "{out}");
    std::thread::sleep(Duration::from_secs(4));
    let waiting = pending(&data, "email");
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    assert!(waiting[0].contains("pending") && waiting[0].contains("last_error=smtp connection"), "{waiting:?}");
    assert!(!waiting[0].contains("attempts=0"), "serve never tried: {waiting:?}");
    stop(server);

    let sink = SmtpSink::start(smtp_port);
    let server = serve(&config);
    let (received, waited) = sink.wait_for(1, Duration::from_secs(60));
    assert_eq!(received.len(), 1, "the notice queued before the restart was lost");
    assert!(waited < Duration::from_secs(60));
    assert_eq!(received[0].rcpt_tos, vec![ADDRESS.to_owned()]);
    assert!(received[0].data.contains("The password of your callvault account was changed"), "{}", received[0].data);

    backup_flow(&data);
    let (received, _) = sink.wait_for(3, Duration::from_secs(60));
    stop(server);
    assert_eq!(received.len(), 3, "notices of back-up answers and the reset: {received:?}");
    for notice in &received {
        assert_eq!(notice.rcpt_tos, vec![ADDRESS.to_owned()]);
        for secret in [FIRST, SECOND, RESET, "Okafor", "Lisbon", LOGIN] {
            assert!(!notice.data.contains(secret), "a notice reveals {secret:?}");
        }
    }
    assert!(received.iter().any(|n| n.data.contains("back-up authentication answers")));
    let phones = pending(&data, "phone");
    assert_eq!(phones.len(), 3, "{phones:?}");
    assert!(phones.iter().all(|line| line.contains("to=+12025550123") && line.contains("no SMS/voice gateway")));
}

/// Back-up questions, three failed recoveries, a refused right one, the reset.
fn backup_flow(data: &Path) {
    let (ok, out) = callvault(data, &["user", "backup-questions", "--email", LOGIN], QUESTIONS);
    assert!(ok, "{out}");
    let recover = ["user", "recover", "--email", LOGIN];
    for _ in 0..3 {
        let (ok, out) = callvault(data, &recover, &format!("Mr Smith\nParis\n{RESET}\n"));
        assert!(!ok, "wrong answers accepted: {out}");
    }
    let (ok, out) = callvault(data, &recover, &format!("mrs okafor\nLISBON\n{RESET}\n"));
    assert!(!ok && out.contains("callvault user reset"), "a closed account was re-opened by answers: {out}");
    let (ok, out) = callvault(data, &["user", "reset", "--email", LOGIN], &format!("{RESET}\n"));
    assert!(ok, "{out}");
}
