//! A configured certificate is served, and SIGHUP makes the portal serve
//! what the files hold now, without a restart (issue 6 item 1).

mod common;

use std::path::Path;
use std::time::Duration;

fn write_certificate(dir: &Path, name: &str) -> Vec<u8> {
    let certified = rcgen::generate_simple_self_signed(vec![name.to_owned()]).unwrap();
    std::fs::write(dir.join("cert.pem"), certified.cert.pem()).unwrap();
    std::fs::write(dir.join("key.pem"), certified.signing_key.serialize_pem()).unwrap();
    certified.cert.der().to_vec()
}

/// A portal serving the certificate files in `files`.
async fn start_with(files: &Path, data: &Path) -> portal::Portal {
    let mut config = common::config(data, portal::Limits::default());
    config.cert_files = Some((files.join("cert.pem"), files.join("key.pem")));
    portal::Portal::start(&config, common::small_app()).await.unwrap()
}

async fn served(addr: std::net::SocketAddr) -> Vec<u8> {
    common::client::connect(addr, &[&rustls::version::TLS13]).await.expect("handshake").1
}

#[tokio::test]
async fn sighup_serves_the_new_certificate() {
    let (files, data) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let first = write_certificate(files.path(), "first.example");
    let portal = start_with(files.path(), data.path()).await;
    let addr = portal.https_addrs()[0];
    assert_eq!(served(addr).await, first, "the configured certificate");
    assert!(!data.path().join("tls").exists(), "no self-signed certificate when one is configured");

    let second = write_certificate(files.path(), "second.example");
    assert_eq!(served(addr).await, first, "files alone change nothing");
    let pid = std::process::id().to_string();
    assert!(std::process::Command::new("kill").args(["-HUP", &pid]).status().unwrap().success());
    for _ in 0..100 {
        if served(addr).await == second {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the new certificate was not served after SIGHUP");
}

#[tokio::test]
async fn bad_files_keep_the_old_certificate() {
    let (files, data) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let first = write_certificate(files.path(), "first.example");
    let portal = start_with(files.path(), data.path()).await;
    std::fs::write(files.path().join("key.pem"), "not a key").unwrap();
    assert!(portal.reload_certificate().is_err());
    assert_eq!(served(portal.https_addrs()[0]).await, first);
}

#[tokio::test]
async fn the_self_signed_certificate_is_made_once_with_a_private_key() {
    use std::os::unix::fs::PermissionsExt;
    let data = tempfile::tempdir().unwrap();
    let config = common::config(data.path(), portal::Limits::default());
    let portal = portal::Portal::start(&config, common::small_app()).await.unwrap();
    let first = served(portal.https_addrs()[0]).await;
    let mode = std::fs::metadata(data.path().join("tls/key.pem")).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    portal.stop();
    let again = portal::Portal::start(&config, common::small_app()).await.unwrap();
    assert_eq!(served(again.https_addrs()[0]).await, first, "reused after a restart");
}
