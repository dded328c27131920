//! The OpenID Connect provider over HTTPS (issue 5 item 3): thin routes
//! over `access::oidc` (the protocol rules) and `store` (clients, codes,
//! tokens, signing keys), so other applications of the carrier sign people
//! in with the portal's own password and TOTP steps.
//!
//! - `GET /.well-known/openid-configuration` and `GET /oauth2/jwks`
//!   (OpenID Connect Discovery 1.0 §4, RFC 7517 §5): public documents
//!   ([`metadata`]);
//! - `GET|POST /oauth2/authorize` (RFC 6749 §4.1.1–4.1.2, Core §3.1.2):
//!   authorization code with PKCE S256; a visitor who is not signed in goes
//!   through `/sign-in` and comes back ([`authorize`]);
//! - `POST /oauth2/token` (RFC 6749 §4.1.3, §5) and `GET|POST
//!   /oauth2/userinfo` (Core §5.3, RFC 6750 §2.1, §3) ([`token`]), open to
//!   browser applications of the registered clients' origins ([`cors`]);
//!   the token endpoint is rate limited per client address (RFC 6749
//!   §2.3.1: client passwords are guarded against brute force; `limits`).
//!
//! Every route is declared [`Access::Public`](crate::routes::Access): who
//! may go on is decided here by the protocol — a signed-in session for
//! `authorize`, client authentication for `token`, a bearer access token
//! for `userinfo` — never by a portal permission. Without a configured
//! issuer (`[portal] issuer`) each answers 404.

mod authorize;
mod cors;
mod metadata;
mod token;

use access::oidc::AUTHORIZE_PATH;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use store::StoreError;

use crate::routes::Routes;

/// Every route of the provider.
pub(crate) fn routes(routes: Routes) -> Routes {
    let routes = metadata::routes(routes);
    let routes = authorize::routes(routes);
    token::routes(routes)
}

/// Whether `next` may be where sign-in returns to: an authorization
/// request on this portal, and nothing else (no open redirect).
pub(crate) fn is_return_path(next: &str) -> bool {
    let Some(rest) = next.strip_prefix(AUTHORIZE_PATH) else { return false };
    let plain = next.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    plain && (rest.is_empty() || rest.starts_with('?'))
}

/// `page` with `next` (an authorization request, [`is_return_path`]) in its
/// query, for sign-in and enrolment to come back to.
pub(crate) fn returning_to(page: &str, next: &str) -> String {
    format!("{page}?next={}", form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>())
}

/// The 404 of a portal without an issuer.
fn not_configured(path: &str) -> Response {
    crate::refusal(path, StatusCode::NOT_FOUND, "not_found", "Single sign-on is not configured on this portal.")
}

/// The decoded name/value pairs of a query or form body, in order, repeats
/// kept (the core refuses repeated parameters).
fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).map(|(name, value)| (name.into_owned(), value.into_owned())).collect()
}

/// The 500 of a store failure, logged without the request.
fn internal(path: &str, error: &StoreError) -> Response {
    tracing::error!(%error, "portal: single sign-on: the store failed");
    crate::refusal(path, StatusCode::INTERNAL_SERVER_ERROR, "internal", "Something went wrong.")
}

/// `response` marked as not to be stored by any cache (RFC 6749 §5.1).
fn no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_returns_only_to_authorization_requests() {
        assert!(is_return_path("/oauth2/authorize?client_id=a&state=b%20c"));
        assert!(is_return_path("/oauth2/authorize"));
        for bad in [
            "https://evil.example/oauth2/authorize",
            "//evil.example/oauth2/authorize",
            "/oauth2/authorizeX",
            "/oauth2/authorize/../../dashboard",
            "/oauth2/authorize?a=b c",
            "/oauth2/authorize?a=\\evil",
            "/dashboard",
            "",
        ] {
            assert!(!is_return_path(bad), "{bad}");
        }
    }
}
