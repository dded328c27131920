//! `[store] url` (ARCHITECTURE.md principle 6): `callvault provision
//! --config` and `callvault serve --config` with a PostgreSQL URL keep the
//! tenants, extensions and registrations in PostgreSQL (a fresh database,
//! dropped afterwards) and only the key files in the data folder; a
//! provisioned phone registers, and its binding is found after a restart.
//!
//! Needs PostgreSQL on 127.0.0.1:5432 with trust auth for root, or the
//! maintenance database URL in `CALLVAULT_TEST_POSTGRES` (scripts/test
//! starts it); `psql` makes and drops the database. Fails if it is missing.

mod common;

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, UdpSocket};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use common::postgres::Database;
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

[[extension]]
customer = "shop"
number = "100"
password = "shop-secret-100"
"#;

fn free_port() -> u16 {
    UdpSocket::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn callvault(args: &[&str], config: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_callvault"));
    command.args(args).arg(config).env("CALLVAULT_LOG", "info");
    command
}

/// Starts `serve` and waits for its "serving" log line.
fn serve(config: &Path) -> Child {
    let mut child = callvault(&["serve", "--config"], config).stderr(Stdio::piped()).spawn().unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    for line in stderr.lines().map_while(Result::ok) {
        if line.contains("callvault is serving") {
            break;
        }
    }
    child
}

fn stop(mut server: Child) {
    let _ = Command::new("kill").args(["-TERM", &server.id().to_string()]).status();
    assert!(server.wait().unwrap().success(), "serve exits cleanly on SIGTERM");
}

#[test]
fn a_phone_registers_against_a_postgresql_store_and_its_binding_survives_a_restart() {
    let database = Database::create();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let port = free_port();
    let config = dir.path().join("callvault.toml");
    let text = format!(
        "data_dir = {data:?}\n[portal]\nhttps = [\"127.0.0.1:0\"]\nhttp = [\"127.0.0.1:0\"]\n[sip]\nudp = [\"127.0.0.1:{port}\"]\ntcp = []\ntls = []\n\
         server_names = [\"127.0.0.1\"]\n[store]\nurl = {:?}\n",
        database.url()
    );
    std::fs::write(&config, text).unwrap();
    let file = dir.path().join("provision.toml");
    std::fs::write(&file, PROVISION).unwrap();
    let status = callvault(&["provision", "--config"], &config).arg(&file).status().unwrap();
    assert!(status.success(), "provisioning into PostgreSQL");
    let server_addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();

    let server = serve(&config);
    let mut ua = Ua::udp(server_addr);
    let contact = "Contact: <sip:100@192.0.2.1>\r\n";
    assert_eq!(ua.register("100", "shop.example", "shop-secret-100", contact).status, 200);
    stop(server);

    let server = serve(&config);
    let query = Ua::udp(server_addr).register("100", "shop.example", "shop-secret-100", "");
    assert_eq!(query.status, 200, "{query:?}");
    let listed: Vec<_> = query.headers.get_all(&HeaderName::Contact).collect();
    assert_eq!(listed.len(), 1, "the binding came back from PostgreSQL: {listed:?}");
    stop(server);
    assert!(!data.join("callvault.db").exists(), "no SQLite database was made");
    assert!(data.join("kek.key").exists(), "the KEK stays in the data folder");
}
