//! Cross-origin access (WHATWG Fetch, "CORS protocol") to the two endpoints
//! a browser application calls from its own origin: the token endpoint (a
//! public client exchanging its code with PKCE, RFC 6749 §2.1, RFC 8252
//! §8.1) and the userinfo endpoint.
//!
//! An origin is allowed when it is the origin (RFC 6454 §4) of a redirect
//! URI some registered client gave: a relying party is already trusted to
//! receive codes there. Any other origin gets no `Access-Control-Allow-*`
//! header, so its browser withholds the answer. Credentials (cookies) are
//! never allowed: both endpoints authenticate by their own headers or body.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use crate::app::AppState;

/// How long a browser may cache a preflight's answer, in seconds.
const PREFLIGHT_MAX_AGE: &str = "600";

/// Answers a preflight (`OPTIONS` with `Access-Control-Request-Method`) for
/// an endpoint that takes `methods`: 204 with the allowance to an allowed
/// origin, 403 to anyone else.
async fn preflight(state: &AppState, headers: &HeaderMap, path: &str, methods: &'static str) -> Response {
    let Some(origin) = allowed_origin(state, headers).await else {
        return crate::refusal(path, StatusCode::FORBIDDEN, "forbidden", "This origin may not call this endpoint.");
    };
    let mut response = StatusCode::NO_CONTENT.into_response();
    let answer = response.headers_mut();
    answer.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    answer.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static(methods));
    answer.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("authorization, content-type"));
    answer.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static(PREFLIGHT_MAX_AGE));
    answer.insert(header::VARY, HeaderValue::from_static("origin"));
    response
}

/// `response` readable by the request's origin if that origin is allowed.
pub(super) async fn shared(state: &AppState, headers: &HeaderMap, mut response: Response) -> Response {
    if let Some(origin) = allowed_origin(state, headers).await {
        response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    response.headers_mut().insert(header::VARY, HeaderValue::from_static("origin"));
    response
}

/// The request's `Origin`, if it is a registered client's.
async fn allowed_origin(state: &AppState, headers: &HeaderMap) -> Option<HeaderValue> {
    let origin = headers.get(header::ORIGIN)?;
    let wanted = origin.to_str().ok()?;
    let clients = match state.store.oidc_clients().await {
        Ok(clients) => clients,
        Err(error) => {
            tracing::error!(%error, "portal: single sign-on: reading clients for CORS failed");
            return None;
        }
    };
    let mut origins = clients.iter().flat_map(|c| &c.redirect_uris).filter_map(|uri| origin_of(uri));
    origins.any(|allowed| allowed == wanted).then(|| origin.clone())
}

/// The RFC 6454 §6.1 serialization of `uri`'s origin: lower-case scheme and
/// host, the port only when it is not the scheme's default. None for a URI
/// without an authority or with user information.
fn origin_of(uri: &str) -> Option<String> {
    let uri: Uri = uri.parse().ok()?;
    let scheme = uri.scheme_str()?.to_ascii_lowercase();
    let authority = uri.authority()?;
    if authority.as_str().contains('@') {
        return None;
    }
    let host = authority.host().to_ascii_lowercase();
    let default = match scheme.as_str() {
        "https" => Some(443),
        "http" => Some(80),
        _ => None,
    };
    Some(match authority.port_u16() {
        Some(port) if Some(port) != default => format!("{scheme}://{host}:{port}"),
        _ => format!("{scheme}://{host}"),
    })
}

/// The preflight route of the token endpoint.
pub(super) async fn token_preflight(State(state): State<AppState>, headers: HeaderMap) -> Response {
    preflight(&state, &headers, access::oidc::TOKEN_PATH, "POST").await
}

/// The preflight route of the userinfo endpoint.
pub(super) async fn userinfo_preflight(State(state): State<AppState>, headers: HeaderMap) -> Response {
    preflight(&state, &headers, access::oidc::USERINFO_PATH, "GET, POST").await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_serialized_as_rfc_6454_says() {
        assert_eq!(origin_of("https://App.Example.test/callback").as_deref(), Some("https://app.example.test"));
        assert_eq!(origin_of("https://app.example.test:443/cb").as_deref(), Some("https://app.example.test"));
        assert_eq!(origin_of("https://app.example.test:8443/cb").as_deref(), Some("https://app.example.test:8443"));
        assert_eq!(origin_of("http://127.0.0.1:8080/cb").as_deref(), Some("http://127.0.0.1:8080"));
        assert_eq!(origin_of("https://user@app.example.test/cb"), None);
        assert_eq!(origin_of("/relative/cb"), None);
    }
}
