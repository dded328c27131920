//! Headless Chromium over WebDriver (Debian's `chromium` and
//! `chromium-driver`, which scripts/test installs).

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};

/// A running chromedriver, stopped on drop.
pub struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts chromedriver on a free port.
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

/// A headless Chromium session with its profile in `profile`.
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
