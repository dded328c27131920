//! `callvault serve` with `[portal] issuer` (issue 5 item 3): discovery over
//! HTTPS names the configured issuer and its endpoints, an authorization
//! request for a client registered with `callvault oidc client add` is sent
//! to sign-in, and one for an unknown client is refused with a page.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::carrier::{free_tcp_port, free_udp_port};

const PROVISIONING: &str = "[[reseller]]\nslug = \"acme\"\nname = \"Acme Telecom\"\n";

struct Serve(Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.0.id().to_string()]).status();
        let _ = self.0.wait();
    }
}

/// `curl -k URL`: (status, redirect target, body).
fn curl(url: &str) -> (String, String, String) {
    let output = Command::new(common::require_program("curl", "curl"))
        .args(["-sk", "-w", "\n%{http_code} %{redirect_url}", url])
        .output()
        .expect("curl runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let (body, tail) = text.rsplit_once('\n').unwrap_or(("", &text));
    let (status, location) = tail.split_once(' ').unwrap_or((tail, ""));
    (status.to_owned(), location.to_owned(), body.to_owned())
}

#[test]
fn serve_with_an_issuer_runs_the_provider() {
    let dir = tempfile::tempdir().unwrap();
    let (https, sip) = (free_tcp_port(), free_udp_port());
    let issuer = format!("https://127.0.0.1:{https}");
    let config = dir.path().join("callvault.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = \"{}\"\n[portal]\nhttps = [\"127.0.0.1:{https}\"]\nhttp = []\nissuer = \"{issuer}\"\n\
             [sip]\nudp = [\"127.0.0.1:{sip}\"]\ntcp = []\ntls = []\nserver_names = [\"127.0.0.1\"]\n",
            dir.path().join("data").display()
        ),
    )
    .unwrap();
    let config = config.to_str().unwrap();
    let provisioning = dir.path().join("provision.toml");
    std::fs::write(&provisioning, PROVISIONING).unwrap();
    let provisioned = common::run_callvault(&["provision", "--config", config, provisioning.to_str().unwrap()]);
    assert!(provisioned.status.success(), "{}", common::printed(&provisioned));
    let redirect = "https://crm.carrier.example/cb";
    let added = common::run_callvault(&[
        "oidc",
        "client",
        "add",
        "--config",
        config,
        "--name",
        "CRM",
        "--redirect-uri",
        redirect,
    ]);
    let printed = common::printed(&added);
    let client = printed.lines().find_map(|l| l.strip_prefix("client_id: ")).expect("a client id").to_owned();

    let _serve = Serve(
        Command::new(env!("CARGO_BIN_EXE_callvault"))
            .args(["serve", "--config", config])
            .env_remove(store::KEK_ENV)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let discovery = format!("{issuer}/.well-known/openid-configuration");
    let mut found = curl(&discovery);
    for _ in 0..150 {
        if found.0 == "200" {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
        found = curl(&discovery);
    }
    assert_eq!(found.0, "200", "{found:?}");
    let meta: serde_json::Value = serde_json::from_str(&found.2).unwrap();
    assert_eq!(meta["issuer"], issuer.as_str());
    assert_eq!(meta["token_endpoint"], format!("{issuer}/oauth2/token"));

    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    let authorize = |client: &str| {
        format!(
            "{issuer}/oauth2/authorize?response_type=code&scope=openid&client_id={client}\
             &redirect_uri=https%3A%2F%2Fcrm.carrier.example%2Fcb&code_challenge={challenge}&code_challenge_method=S256"
        )
    };
    let (status, location, _) = curl(&authorize(&client));
    assert_eq!(status, "303");
    assert!(location.starts_with(&format!("{issuer}/sign-in?next=")), "{location}");
    let (status, location, body) = curl(&authorize("0123456789abcdef0123456789abcdef"));
    assert_eq!((status.as_str(), location.as_str()), ("400", ""), "{body}");
}
