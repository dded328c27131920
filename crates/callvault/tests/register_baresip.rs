//! baresip, a real softphone, registers with digest authentication over
//! UDP, TCP and TLS. (baresip 1.0 does not verify the server's certificate;
//! `register_digest.rs` checks the certificate with a verifying client.)

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{Demo, require_program};

fn baresip_config(dir: &std::path::Path, demo: &Demo, transport: &str) {
    let (server, password) = (demo.addr(transport), demo.password("1001"));
    let account = format!(
        "<sip:1001@demo.callvault.test;transport={transport}>;auth_pass={password};\
         outbound=\"sip:{server};transport={transport}\";regint=600;medianat=;mediaenc=\n"
    );
    std::fs::write(dir.join("accounts"), account).unwrap();
    let config = "poll_method\tpoll\nsip_listen\t127.0.0.1:0\n\
                  module_path\t/usr/lib/baresip/modules\nmodule_app\taccount.so\n\
                  net_interface\t127.0.0.1\naudio_player\tnone\naudio_source\tnone\n";
    std::fs::write(dir.join("config"), config).unwrap();
}

/// Runs baresip until it reports the registration's outcome; returns its output line.
fn register_with_baresip(transport: &str) -> String {
    let baresip = require_program("baresip", "baresip-core");
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(&dir.path().join("data"));
    let home = dir.path().join("baresip");
    std::fs::create_dir_all(&home).unwrap();
    baresip_config(&home, &demo, transport);
    let mut child = Command::new(baresip)
        .arg("-f")
        .arg(&home)
        .args(["-t", "20"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("baresip runs");
    let (lines, outcome) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.contains("1001@demo.callvault.test") && (line.contains("OK") || line.contains("failed")) {
                let _ = lines.send(line);
            }
        }
    });
    let line = outcome.recv_timeout(Duration::from_secs(15)).unwrap_or_default();
    let _ = child.kill();
    let _ = child.wait();
    line
}

#[test]
fn baresip_registers_over_udp() {
    let line = register_with_baresip("udp");
    assert!(line.contains("200 OK"), "baresip did not register: {line:?}");
}

#[test]
fn baresip_registers_over_tcp() {
    let line = register_with_baresip("tcp");
    assert!(line.contains("200 OK"), "baresip did not register: {line:?}");
}

#[test]
fn baresip_registers_over_tls() {
    let line = register_with_baresip("tls");
    assert!(line.contains("{0/TLS/v4} 200 OK"), "baresip did not register over TLS: {line:?}");
}
