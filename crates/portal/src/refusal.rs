//! One shape for every refusal, so a refused request learns nothing beyond
//! its status (issue 6 items 3 and 4): `/api` and the OpenID Connect
//! endpoints that programs call get `{"error": {"code", "message"}}`, pages
//! get a plain HTML page.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

/// A refusal of a request for `path`.
pub fn refusal(path: &str, status: StatusCode, code: &str, message: &str) -> Response {
    if is_api(path) || is_for_programs(path) {
        let body = serde_json::json!({ "error": { "code": code, "message": message } });
        (status, Json(body)).into_response()
    } else {
        (status, Html(page(status, message))).into_response()
    }
}

/// A refusal that tells the client when to try again (RFC 9110 §10.2.3).
pub fn retry_later(path: &str, after_secs: u64) -> Response {
    let mut response =
        refusal(path, StatusCode::TOO_MANY_REQUESTS, "rate_limited", "Too many requests; try again later.");
    response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(after_secs));
    response
}

/// Whether `path` is part of the JSON API.
pub fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// Whether `path` is an OpenID Connect endpoint called by programs, not
/// visited in a browser window.
fn is_for_programs(path: &str) -> bool {
    [access::oidc::TOKEN_PATH, access::oidc::USERINFO_PATH, access::oidc::JWKS_PATH].contains(&path)
}

fn page(status: StatusCode, message: &str) -> String {
    let title = status.canonical_reason().unwrap_or("Error");
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} · callvault</title>\
         <link rel=\"stylesheet\" href=\"/static/portal.css\"></head><body class=\"refusal\"><main class=\"card\">\
         <h1>{title}</h1><p>{message}</p><p><a href=\"/\">Go to the start page</a></p></main></body></html>"
    )
}
