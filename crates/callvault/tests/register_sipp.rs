//! SIPp, a real SIP client, registers every demo extension with digest
//! authentication over UDP and over TCP; a wrong password never gets 200.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Demo, require_program};

fn users_csv(demo: &Demo, dir: &Path, wrong: bool) -> std::path::PathBuf {
    let mut csv = String::from("SEQUENTIAL\n");
    for number in ["1001", "1002", "1003", "1004"] {
        let password = if wrong { "wrong-password".to_owned() } else { demo.password(number) };
        csv.push_str(&format!("{number};{password}\n"));
    }
    let path = dir.join(if wrong { "wrong.csv" } else { "users.csv" });
    std::fs::write(&path, csv).unwrap();
    path
}

/// Runs one SIPp scenario for four calls; returns whether SIPp reported success.
fn sipp(scenario: &str, users: &Path, transport: &str, server: std::net::SocketAddr, work: &Path) -> bool {
    let sipp = require_program("sipp", "sip-tester");
    let scenario = common::data_dir().join("sipp").join(scenario);
    let status = Command::new(sipp)
        .arg(server.to_string())
        .arg("-sf")
        .arg(scenario)
        .arg("-inf")
        .arg(users)
        .args(["-t", transport, "-i", "127.0.0.1", "-p", "0", "-m", "4", "-r", "4"])
        .args(["-nostdin", "-timeout", "20s", "-timeout_error", "-trace_err"])
        .current_dir(work)
        .status()
        .expect("sipp runs");
    status.success()
}

#[test]
fn sipp_registers_every_demo_extension_over_udp_and_tcp() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(&dir.path().join("data"));
    let users = users_csv(&demo, dir.path(), false);
    assert!(sipp("register_digest.xml", &users, "u1", demo.addr("udp"), dir.path()), "SIPp over UDP failed");
    assert!(sipp("register_digest.xml", &users, "t1", demo.addr("tcp"), dir.path()), "SIPp over TCP failed");
}

#[test]
fn sipp_with_wrong_passwords_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(&dir.path().join("data"));
    let users = users_csv(&demo, dir.path(), true);
    assert!(sipp("register_wrong_password.xml", &users, "u1", demo.addr("udp"), dir.path()));
    assert!(!sipp("register_digest.xml", &users, "u1", demo.addr("udp"), dir.path()), "a wrong password was accepted");
}

#[test]
fn sipp_unregisters() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(&dir.path().join("data"));
    let users = users_csv(&demo, dir.path(), false);
    assert!(sipp("unregister.xml", &users, "u1", demo.addr("udp"), dir.path()), "SIPp unregister failed");
}
