//! `callvault serve` with a provisioned customer "shop" (extensions 100,
//! 101 and 102, passwords `shop-secret-NNN`) on one UDP port, and extra
//! configuration for the test at hand.

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, UdpSocket};
use std::path::Path;
use std::process::{Child, Command, Stdio};

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

[[extension]]
customer = "shop"
number = "101"
password = "shop-secret-101"

[[extension]]
customer = "shop"
number = "102"
password = "shop-secret-102"
"#;

/// A running `serve`, stopped with SIGTERM on drop.
pub struct Shop {
    child: Child,
    pub addr: SocketAddr,
}

impl Shop {
    /// Provisions in `dir` and serves with `extra` TOML appended to the config.
    pub fn serve(dir: &Path, extra: &str) -> Self {
        Self::serve_provisioned(dir, "", extra)
    }

    /// Like [`Shop::serve`], with `provision` TOML appended to the provisioning file.
    pub fn serve_provisioned(dir: &Path, provision: &str, extra: &str) -> Self {
        Self::serve_streams(dir, provision, "tcp = []\ntls = []", extra)
    }

    /// Like [`Shop::serve_provisioned`], with the `tcp` and `tls` lines of
    /// `[sip]` given (`streams`).
    pub fn serve_streams(dir: &Path, provision: &str, streams: &str, extra: &str) -> Self {
        let data = dir.join("data");
        let file = dir.join("provision.toml");
        std::fs::write(&file, format!("{PROVISION}\n{provision}")).unwrap();
        let provisioned =
            super::run_callvault(&["provision", "--data-dir", data.to_str().unwrap(), file.to_str().unwrap()]);
        assert!(provisioned.status.success(), "{}", super::printed(&provisioned));
        let port = UdpSocket::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let config = dir.join("callvault.toml");
        let text = format!(
            "data_dir = {data:?}\n[portal]\nhttps = [\"127.0.0.1:0\"]\nhttp = [\"127.0.0.1:0\"]\n[sip]\nudp = [\"127.0.0.1:{port}\"]\n{streams}\n\
             server_names = [\"127.0.0.1\"]\n{extra}"
        );
        std::fs::write(&config, text).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_callvault"))
            .args(["serve", "--config"])
            .arg(&config)
            .env("CALLVAULT_LOG", "info")
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = BufReader::new(child.stderr.take().unwrap());
        let serving = stderr.lines().map_while(Result::ok).any(|line| line.contains("callvault is serving"));
        assert!(serving, "serve started");
        Self { child, addr: SocketAddr::from(([127, 0, 0, 1], port)) }
    }
}

impl Drop for Shop {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
    }
}
