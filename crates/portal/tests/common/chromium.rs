//! Shared helpers of the Chromium tests: chromedriver, a headless
//! browser that accepts the portal's self-signed certificate, screenshots.

#![allow(dead_code, unreachable_pub)]

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};

use crate::common::world::PASSWORD;

pub struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub async fn chromedriver() -> (Driver, u16) {
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

pub async fn browser(port: u16, profile: &std::path::Path) -> Client {
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

pub fn screenshots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub async fn save(client: &Client, name: &str) {
    let png = client.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    std::fs::write(screenshots().join(name), png).unwrap();
}

pub async fn fill(client: &Client, name: &str, value: &str) {
    let field = client.find(Locator::Css(&format!("input[name='{name}']"))).await.unwrap();
    field.send_keys(value).await.unwrap();
}

pub async fn submit(client: &Client) {
    client.find(Locator::Css("form.stack button[type='submit']")).await.unwrap().click().await.unwrap();
}

pub async fn wait_for_path(client: &Client, path: &str) {
    for _ in 0..100 {
        if client.current_url().await.unwrap().path() == path {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never reached {path}; at {}", client.current_url().await.unwrap());
}

pub async fn sign_in_with_password(client: &Client, base: &str, login: &str) {
    client.goto(&format!("{base}/sign-in")).await.unwrap();
    fill(client, "login", login).await;
    fill(client, "password", PASSWORD).await;
    submit(client).await;
}
