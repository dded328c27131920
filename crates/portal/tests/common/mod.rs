//! Test helpers: a raw HTTP/1.1 client over real TLS (rustls with chosen
//! protocol versions) or plain TCP, and a started portal.

#![allow(dead_code, unreachable_pub)]

pub mod browser;
pub mod chromium;
pub mod client;
pub mod oidc;
pub mod world;

use std::time::Duration;

use axum::Router;
use axum::routing::{get, post};
use portal::{Limits, Portal, PortalConfig};

/// A portal serving a small application on ephemeral ports, with its data folder.
pub struct Running {
    pub portal: Portal,
    pub data: tempfile::TempDir,
}

/// A few routes standing in for the application: the transport layers do
/// not depend on what is behind them.
pub fn small_app() -> Router {
    Router::new()
        .route("/", get(|| async { "home" }))
        .route("/sign-in", post(|| async { "signed in" }))
        .route("/api/v1/ping", get(|| async { "pong" }))
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "late"
            }),
        )
}

/// The configuration of a portal on 127.0.0.1 ports the system picks.
pub fn config(data: &std::path::Path, limits: Limits) -> PortalConfig {
    let any = "127.0.0.1:0".parse().unwrap();
    PortalConfig { https: vec![any], http: vec![any], cert_files: None, data_dir: data.to_owned(), limits }
}

/// Starts a portal serving `app`.
pub async fn start(app: Router, limits: Limits) -> Running {
    let data = tempfile::tempdir().unwrap();
    let portal = Portal::start(&config(data.path(), limits), app).await.expect("portal starts");
    Running { portal, data }
}
