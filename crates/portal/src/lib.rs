//! callvault's HTTPS web portal and JSON API (issue 6): axum over rustls
//! (TLS 1.2 and 1.3 only, RFC 8446 / RFC 5246), server-rendered pages and
//! `/api/v1` with its OpenAPI document.
//!
//! Layers, cheapest first (ARCHITECTURE.md principle 8): TLS and the plain
//! HTTP redirect ([`server`]), size, time and rate limits ([`limits`]),
//! security headers on every response ([`headers`]), then the application.

mod api;
mod app;
pub mod auth;
pub mod charts;
mod config;
mod error;
pub mod headers;
pub mod limits;
mod oidc;
mod pages;
mod refusal;
pub mod routes;
pub mod server;
pub mod session;
mod sip_password;

pub use api::openapi::openapi;
pub use app::{AppSettings, AppState, app, routes};
pub use config::{Limits, PortalConfig};
pub use error::PortalError;
pub use refusal::{is_api, refusal, retry_later};
pub use server::{ClientAddr, Portal};
