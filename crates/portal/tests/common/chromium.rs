//! What the Chromium page tests add to [`super::browser`]: screenshots into
//! docs/screenshots/ and signing in with the test password.

use std::path::PathBuf;

use fantoccini::Client;

use super::browser::{fill, submit};
use super::world::PASSWORD;

/// docs/screenshots/, made if missing.
pub fn screenshots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Saves the page as docs/screenshots/`name`.
pub async fn save(client: &Client, name: &str) {
    let png = client.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    std::fs::write(screenshots().join(name), png).unwrap();
}

/// Fills in the sign-in form with `login` and [`PASSWORD`] and sends it.
pub async fn sign_in_with_password(client: &Client, base: &str, login: &str) {
    client.goto(&format!("{base}/sign-in")).await.unwrap();
    fill(client, "login", login).await;
    fill(client, "password", PASSWORD).await;
    submit(client).await;
}
