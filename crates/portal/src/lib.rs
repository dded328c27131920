//! callvault's HTTPS web portal and JSON API (issue 6): axum over rustls
//! (TLS 1.2 and 1.3 only, RFC 8446 / RFC 5246), server-rendered pages and
//! `/api/v1` with its OpenAPI document.

pub mod charts;
