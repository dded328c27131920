//! The plain HTTP listener (issue 6 item 1): every method and path gets only
//! a 301 (RFC 9110 §15.4.2) to the same path and query on the HTTPS origin.
//! The host comes from the `Host` header when it is a well-formed name or
//! address (RFC 9110 §7.2), else from the address the client reached.

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The redirecting application: one fallback for everything.
pub(super) fn router(https_port: u16) -> Router {
    Router::new().fallback(redirect).with_state(https_port)
}

async fn redirect(State(https_port): State<u16>, request: Request) -> Response {
    let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).and_then(host_of);
    let host = host.unwrap_or("localhost");
    let path = request.uri().path_and_query().map_or("/", |p| p.as_str());
    let location = match https_port {
        443 => format!("https://{host}{path}"),
        port => format!("https://{host}:{port}{path}"),
    };
    (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, location)]).into_response()
}

/// The host part of a `Host` value, if it is a plain name, IPv4 or
/// bracketed IPv6 address (nothing that could smuggle a path or userinfo).
fn host_of(value: &str) -> Option<&str> {
    let host = match value.strip_prefix('[') {
        Some(rest) => &value[..rest.find(']')? + 2],
        None => value.split(':').next()?,
    };
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
    (!host.is_empty() && host.len() <= 253 && host.chars().all(allowed)).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::host_of;

    #[test]
    fn hosts_are_checked() {
        assert_eq!(host_of("example.net:80"), Some("example.net"));
        assert_eq!(host_of("[::1]:8080"), Some("[::1]"));
        assert_eq!(host_of("127.0.0.1"), Some("127.0.0.1"));
        assert_eq!(host_of("evil.net/path"), None);
        assert_eq!(host_of("user@evil.net"), None);
        assert_eq!(host_of(""), None);
    }
}
