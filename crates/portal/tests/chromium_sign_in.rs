//! End to end in real headless Chromium over WebDriver (issue 6, "How it
//! will be checked"): an administrator signs in with password and TOTP (the
//! code computed from the secret with `access`) and sees the dashboard; a
//! new administrator without TOTP is sent to enrolment, reads the key off
//! the page, confirms with a code, is shown the recovery codes and reaches
//! the dashboard. Screenshots of each page go to docs/screenshots/.
//!
//! Needs Debian's `chromium` and `chromium-driver` (scripts/test installs
//! them); fails saying so when they are missing.

mod common;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use access::Role;
use access::totp::{Secret, Totp};
use common::world::{PASSWORD, World};
use fantoccini::{Client, ClientBuilder, Locator};
use jiff::Timestamp;

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn chromedriver() -> (Driver, u16) {
    let port = free_port();
    let driver = Driver(
        Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is missing: install Debian's chromium-driver (scripts/test does)"),
    );
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return (driver, port);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not listen on {port}");
}

async fn browser(port: u16, profile: &std::path::Path) -> Client {
    let args = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--ignore-certificate-errors",
        "--window-size=1280,860",
        &format!("--user-data-dir={}", profile.display()),
    ];
    let options = serde_json::json!({ "binary": "/usr/bin/chromium", "args": args });
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("goog:chromeOptions".into(), options);
    capabilities.insert("acceptInsecureCerts".into(), true.into());
    let mut builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
    builder.capabilities(capabilities);
    builder.connect(&format!("http://127.0.0.1:{port}")).await.expect("a Chromium session")
}

fn screenshots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn save(client: &Client, name: &str) {
    let png = client.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    std::fs::write(screenshots().join(name), png).unwrap();
}

async fn fill(client: &Client, name: &str, value: &str) {
    let field = client.find(Locator::Css(&format!("input[name='{name}']"))).await.unwrap();
    field.send_keys(value).await.unwrap();
}

async fn submit(client: &Client) {
    client.find(Locator::Css("form.stack button[type='submit']")).await.unwrap().click().await.unwrap();
}

async fn wait_for_path(client: &Client, path: &str) {
    for _ in 0..100 {
        if client.current_url().await.unwrap().path() == path {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never reached {path}; at {}", client.current_url().await.unwrap());
}

async fn sign_in_with_password(client: &Client, base: &str, login: &str) {
    client.goto(&format!("{base}/sign-in")).await.unwrap();
    fill(client, "login", login).await;
    fill(client, "password", PASSWORD).await;
    submit(client).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_with_totp_and_enrol_in_chromium() {
    let world = World::start().await;
    let (_, totp) = world.person_with_totp(Role::CustomerAdmin, "ada@acme.example").await;
    world.person(Role::CustomerAdmin, "bea@acme.example").await;
    let base = format!("https://localhost:{}", world.addr().port());
    let (_driver, port) = chromedriver().await;
    let profile = tempfile::tempdir().unwrap();
    let client = browser(port, profile.path()).await;

    client.goto(&format!("{base}/sign-in")).await.unwrap();
    save(&client, "sign-in.png").await;
    sign_in_with_password(&client, &base, "ada@acme.example").await;
    wait_for_path(&client, "/sign-in/code").await;
    fill(&client, "code", &totp.code_at(Timestamp::now())).await;
    submit(&client).await;
    wait_for_path(&client, "/dashboard").await;
    let page = client.source().await.unwrap();
    assert!(page.contains("Welcome back") && page.contains("ada@acme.example"));
    save(&client, "dashboard.png").await;

    client.delete_all_cookies().await.unwrap();
    sign_in_with_password(&client, &base, "bea@acme.example").await;
    wait_for_path(&client, "/account/two-factor").await;
    save(&client, "enrolment.png").await;
    let key = client.find(Locator::Css("code.secret")).await.unwrap().text().await.unwrap();
    let secret = Secret::from_base32(&key).expect("a base 32 key");
    fill(&client, "code", &Totp::new(secret).code_at(Timestamp::now())).await;
    submit(&client).await;
    let codes = client.find_all(Locator::Css("ol.codes li")).await.unwrap();
    assert_eq!(codes.len(), 10, "ten recovery codes");
    save(&client, "recovery-codes.png").await;
    client.find(Locator::Css("a.button.primary")).await.unwrap().click().await.unwrap();
    wait_for_path(&client, "/dashboard").await;
    client.close().await.unwrap();
}
