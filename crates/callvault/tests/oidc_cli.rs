//! `callvault oidc client add|list|remove` and `oidc key rotate` with the
//! real binary: a confidential client's id and secret are printed once and
//! the store holds only the secret's hash (checked through the store); a
//! public client gets no secret; a bad redirect URI is refused with a
//! message; list shows the clients; remove deletes one and refuses an
//! unknown id; rotation makes the printed key current in the JWKS.

mod common;

use std::path::Path;

use access::oidc::client::{ClientId, ClientKind};
use store::Store;

const PROVISIONING: &str = r#"
[[reseller]]
slug = "acme"
name = "Acme Telecom"
"#;

fn callvault(args: &[&str]) -> (bool, String) {
    let output = common::run_callvault(args);
    (output.status.success(), common::printed(&output))
}

fn value_of<'a>(out: &'a str, label: &str) -> Option<&'a str> {
    out.lines().find_map(|line| line.strip_prefix(label))
}

fn add(dir: &str, name: &str, uri: &str, public: bool) -> (bool, String) {
    let mut args = vec!["oidc", "client", "add", "--data-dir", dir, "--name", name, "--redirect-uri", uri];
    if public {
        args.push("--public");
    }
    callvault(&args)
}

async fn open(dir: &Path) -> Store {
    Store::open(dir).await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn clients_and_keys_from_the_command_line() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    let file = data.path().join("provision.toml");
    std::fs::write(&file, PROVISIONING).unwrap();
    assert!(callvault(&["provision", "--data-dir", dir, file.to_str().unwrap()]).0);

    let (ok, out) = add(dir, "CRM", "https://crm.carrier.example/cb", false);
    assert!(ok, "{out}");
    let crm = value_of(&out, "client_id: ").expect("the client id").to_owned();
    let secret = value_of(&out, "client_secret: ").expect("the secret, once").to_owned();
    let (ok, out) = add(dir, "Softphone", "com.carrier.softphone:/cb", true);
    assert!(ok && value_of(&out, "client_secret: ").is_none(), "a public client has no secret: {out}");
    let softphone = value_of(&out, "client_id: ").unwrap().to_owned();
    let (ok, out) = add(dir, "Bad", "http://crm.carrier.example/cb", false);
    assert!(!ok && out.contains("redirect URI"), "{out}");

    let store = open(data.path()).await;
    let client = store.oidc_client(&ClientId(crm.clone())).await.unwrap().unwrap();
    assert_eq!(client.kind, ClientKind::Confidential);
    assert!(client.secret_matches(&secret) && !client.secret_matches("guess"));
    store.close().await;

    let (ok, listed) = callvault(&["oidc", "client", "list", "--data-dir", dir]);
    assert!(ok && listed.contains(&crm) && listed.contains(&softphone), "{listed}");
    assert!(!listed.contains(&secret), "list never shows a secret");
    assert!(callvault(&["oidc", "client", "remove", "--data-dir", dir, &crm]).0);
    let (ok, out) = callvault(&["oidc", "client", "remove", "--data-dir", dir, &crm]);
    assert!(!ok && out.contains("no client"), "{out}");
    let (_, listed) = callvault(&["oidc", "client", "list", "--data-dir", dir]);
    assert!(!listed.contains(&crm) && listed.contains(&softphone), "{listed}");

    let (ok, out) = callvault(&["oidc", "key", "rotate", "--data-dir", dir]);
    assert!(ok, "{out}");
    let kid = out.split_whitespace().nth(2).unwrap();
    let store = open(data.path()).await;
    assert_eq!(store.oidc_jwks(jiff::Timestamp::now()).await.unwrap().keys[0].kid, kid);
    store.close().await;
}
