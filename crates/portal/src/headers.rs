//! Security headers on every response (issue 6 item 1; OWASP Secure
//! Headers): HSTS (RFC 6797), a Content Security Policy that allows scripts,
//! styles and frames only from the portal itself (CSP Level 3,
//! `frame-ancestors 'none'`), `X-Frame-Options: DENY` (RFC 7034) for older
//! browsers, no referrer, no MIME sniffing, and no `Server` banner.

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::Response;

const HEADERS: [(HeaderName, &str); 5] = [
    (header::STRICT_TRANSPORT_SECURITY, "max-age=63072000; includeSubDomains"),
    (header::CONTENT_SECURITY_POLICY, "default-src 'self'; script-src 'self'; frame-ancestors 'none'"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::REFERRER_POLICY, "no-referrer"),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
];

/// `app` with the headers set on every response.
pub fn layer(app: Router) -> Router {
    app.layer(axum::middleware::map_response(secure))
}

async fn secure(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.remove(header::SERVER);
    for (name, value) in HEADERS {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}
