//! The session cookie and CSRF tokens (issue 5 item 3, issue 6 item 2).
//!
//! - The cookie is `__Host-callvault` (RFC 6265bis §4.1.3.2: `Secure`,
//!   `Path=/`, no `Domain`, so no other host or path can plant or read it),
//!   `HttpOnly` (no script reads it) and `SameSite=Strict` (no cross-site
//!   request carries it).
//! - Every form carries a CSRF token, HMAC-SHA-256 of a fixed label under
//!   the session's own secret (OWASP CSRF Cheat Sheet, "synchronizer token"),
//!   compared in constant time.

use axum::http::{HeaderMap, HeaderValue, header};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// The session cookie's name.
pub const COOKIE: &str = "__Host-callvault";

/// The session token a request's cookie carries.
pub fn token_from(headers: &HeaderMap) -> Option<Zeroizing<String>> {
    let cookies = headers.get_all(header::COOKIE).into_iter().filter_map(|v| v.to_str().ok());
    cookies
        .flat_map(|line| line.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| Zeroizing::new(value.to_owned()))
}

/// The `Set-Cookie` value that stores `token`.
pub fn set_cookie(token: &str) -> HeaderValue {
    let value = format!("{COOKIE}={token}; Secure; HttpOnly; SameSite=Strict; Path=/");
    HeaderValue::from_str(&value).expect("a hex token is a valid header value")
}

/// The `Set-Cookie` value that removes the cookie.
pub fn clear_cookie() -> HeaderValue {
    HeaderValue::from_static("__Host-callvault=; Secure; HttpOnly; SameSite=Strict; Path=/; Max-Age=0")
}

/// The CSRF token of the session whose secret is `secret`.
pub fn csrf_token(secret: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(b"callvault csrf v1");
    hex::encode(mac.finalize().into_bytes())
}

/// Whether `presented` is the session's CSRF token.
pub fn csrf_ok(secret: &[u8], presented: &str) -> bool {
    csrf_token(secret).as_bytes().ct_eq(presented.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("a=1; __Host-callvault=abc; b=2"));
        assert_eq!(token_from(&headers).as_deref().map(String::as_str), Some("abc"));
        assert!(set_cookie("abc").to_str().unwrap().contains("Secure; HttpOnly; SameSite=Strict; Path=/"));
    }

    #[test]
    fn csrf_tokens_are_per_session() {
        let token = csrf_token(b"one");
        assert!(csrf_ok(b"one", &token));
        assert!(!csrf_ok(b"two", &token));
        assert!(!csrf_ok(b"one", ""));
    }
}
