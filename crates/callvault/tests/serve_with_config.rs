//! `callvault provision` then `callvault serve --config`: a provisioned
//! customer's phone registers, here with SHA-256 digest (RFC 8760) offered
//! first, and the same extension number in another customer is another AOR.

mod common;

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, UdpSocket};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use common::ua::Ua;
use sip::HeaderName;

const PROVISION: &str = r#"
[[reseller]]
slug = "acme"
name = "Acme Telecom"

[[customer]]
slug = "shop"
name = "The Shop"
reseller = "acme"
sip_domain = "shop.example"
default = true

[[customer]]
slug = "bakery"
name = "The Bakery"
reseller = "acme"
sip_domain = "bakery.example"

[[extension]]
customer = "shop"
number = "100"
password = "shop-secret-100"

[[extension]]
customer = "bakery"
number = "100"
password = "bakery-secret-100"
"#;

fn free_port() -> u16 {
    UdpSocket::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn callvault(args: &[&str], data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_callvault"));
    command.args(args).env("CALLVAULT_LOG", "info").env("CALLVAULT_DATA_DIR", data);
    command
}

/// Starts `serve` and waits for its "serving" log line.
fn serve(config: &Path, data: &Path) -> Child {
    let mut child = callvault(&["serve", "--config"], data).arg(config).stderr(Stdio::piped()).spawn().unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    for line in stderr.lines().map_while(Result::ok) {
        if line.contains("callvault is serving") {
            break;
        }
    }
    child
}

#[test]
fn provisioned_customers_register_with_sha256_and_stay_apart() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("provision.toml");
    std::fs::write(&file, PROVISION).unwrap();
    for _ in 0..2 {
        let status = callvault(&["provision", "--data-dir"], &data).arg(&data).arg(&file).status().unwrap();
        assert!(status.success(), "provisioning (twice: it is idempotent)");
    }
    let port = free_port();
    let config = dir.path().join("callvault.toml");
    let text = format!(
        "data_dir = {data:?}\n[portal]\nhttps = [\"127.0.0.1:0\"]\nhttp = [\"127.0.0.1:0\"]\n[sip]\nudp = [\"127.0.0.1:{port}\"]\ntcp = []\ntls = []\n\
         server_names = [\"127.0.0.1\"]\n[registrar]\ndigest_algorithms = [\"SHA-256\", \"MD5\"]\n"
    );
    std::fs::write(&config, text).unwrap();
    let mut server = serve(&config, &data);
    let server_addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();

    let mut ua = Ua::udp(server_addr);
    let first_register = ua.register_text("100", "shop.example", "");
    let challenge = ua.request(first_register.as_bytes());
    let first = challenge.headers.get(&HeaderName::WwwAuthenticate).unwrap_or_default().to_owned();
    assert!(first.contains("algorithm=SHA-256"), "{first}");
    let shop = ua.register("100", "shop.example", "shop-secret-100", "Contact: <sip:100@192.0.2.1>\r\n");
    assert_eq!(shop.status, 200, "{shop:?}");
    let crossed = ua.register("100", "bakery.example", "shop-secret-100", "Contact: <sip:100@192.0.2.1>\r\n");
    assert_eq!(crossed.status, 401, "the shop's password opened the bakery's extension 100");
    let bakery = ua.register("100", "bakery.example", "bakery-secret-100", "Contact: <sip:100@192.0.2.2>\r\n");
    assert_eq!(bakery.status, 200);
    let listed: Vec<_> = bakery.headers.get_all(&HeaderName::Contact).collect();
    assert_eq!(listed.len(), 1, "the bakery's 100 lists only its own phone: {listed:?}");

    let _ = Command::new("kill").args(["-TERM", &server.id().to_string()]).status();
    assert!(server.wait().unwrap().success(), "serve exits cleanly on SIGTERM");
}

#[test]
fn a_bad_provisioning_file_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, "[[extension]]\ncustomer = \"nobody\"\nnumber = \"1\"\npassword = \"long-enough\"\n")
        .unwrap();
    let output = callvault(&["provision", "--data-dir"], &data).arg(&data).arg(&file).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("nobody"), "{stderr}");
    std::fs::write(&file, "[[reseller]]\nslug = \"x\"\nname = \"X\"\ncolour = \"red\"\n").unwrap();
    let output = callvault(&["provision", "--data-dir"], &data).arg(&data).arg(&file).output().unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("colour"), "unknown fields are named");
}
