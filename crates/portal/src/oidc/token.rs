//! The token endpoint (RFC 6749 §3.2, §4.1.3, §5; OpenID Connect Core 1.0
//! §3.1.3) and the userinfo endpoint (Core §5.3; RFC 6750 §2.1, §3).
//!
//! - `POST /oauth2/token` takes only `application/x-www-form-urlencoded`
//!   (RFC 6749 §4.1.3); client authentication, single use of the code and
//!   the PKCE check are `access::oidc::token` and the store's. Answers are
//!   JSON with `Cache-Control: no-store` (§5.1); refusals are the §5.2
//!   `{"error", "error_description"}`, and `invalid_client` is a 401 with a
//!   `WWW-Authenticate: Basic` challenge (§5.2, RFC 9110 §11.6.1).
//! - `GET|POST /oauth2/userinfo` takes the access token in the
//!   `Authorization: Bearer` header only (RFC 6750 §2.1); a missing token is
//!   a bare `Bearer` challenge, a bad one `error="invalid_token"` (§3.1).

use access::AccessError;
use access::oidc::token::parse;
use access::oidc::{ErrorCode, OAuthError, TOKEN_PATH, USERINFO_PATH};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use store::StoreError;
use zeroize::Zeroizing;

use super::{cors, form_pairs, no_store, not_configured};
use crate::app::AppState;
use crate::routes::{Access, Routes};

const SERVER_ERROR: OAuthError = OAuthError::new(ErrorCode::ServerError, "the provider failed; try again");
const NOT_A_FORM: OAuthError =
    OAuthError::new(ErrorCode::InvalidRequest, "the body must be application/x-www-form-urlencoded");

pub(super) fn routes(routes: Routes) -> Routes {
    routes
        .route(Method::POST, TOKEN_PATH, Access::Public, token)
        .route(Method::OPTIONS, TOKEN_PATH, Access::Public, cors::token_preflight)
        .route(Method::GET, USERINFO_PATH, Access::Public, userinfo)
        .route(Method::POST, USERINFO_PATH, Access::Public, userinfo)
        .route(Method::OPTIONS, USERINFO_PATH, Access::Public, cors::userinfo_preflight)
}

async fn token(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let response = exchange(&state, &headers, &body).await;
    cors::shared(&state, &headers, response).await
}

async fn exchange(state: &AppState, headers: &HeaderMap, body: &[u8]) -> Response {
    let Some(issuer) = state.issuer.clone() else { return not_configured(TOKEN_PATH) };
    if !is_form(headers) {
        return token_error(NOT_A_FORM);
    }
    let pairs = form_pairs(body);
    let authorization = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
    let request = match parse(&pairs, authorization) {
        Ok(request) => request,
        Err(error) => return token_error(error),
    };
    match state.store.oidc_exchange_code(&issuer, &request, Timestamp::now()).await {
        Ok(response) => no_store(Json(response).into_response()),
        Err(error) => token_error(oauth_error(error)),
    }
}

async fn userinfo(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let response = claims(&state, &headers).await;
    cors::shared(&state, &headers, response).await
}

async fn claims(state: &AppState, headers: &HeaderMap) -> Response {
    if state.issuer.is_none() {
        return not_configured(USERINFO_PATH);
    }
    let Some(token) = bearer(headers) else { return challenge(None) };
    match state.store.oidc_userinfo(&token, Timestamp::now()).await {
        Ok(info) => no_store(Json(info).into_response()),
        Err(error) => match oauth_error(error) {
            refusal if refusal.code == ErrorCode::InvalidToken => challenge(Some(refusal)),
            other => token_error(other),
        },
    }
}

/// The protocol refusal a store error carries; anything else is logged and
/// becomes `server_error`.
fn oauth_error(error: StoreError) -> OAuthError {
    match error {
        StoreError::Access(AccessError::OAuth(refusal)) => refusal,
        other => {
            tracing::error!(error = %other, "portal: single sign-on: the store failed");
            SERVER_ERROR
        }
    }
}

/// An RFC 6749 §5.2 error response.
fn token_error(error: OAuthError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let mut response = (status, [(header::CONTENT_TYPE, "application/json")], error.json()).into_response();
    if error.code == ErrorCode::InvalidClient {
        let challenge = HeaderValue::from_static("Basic realm=\"callvault\", charset=\"UTF-8\"");
        response.headers_mut().insert(header::WWW_AUTHENTICATE, challenge);
    }
    no_store(response)
}

/// A 401 with an RFC 6750 §3 `Bearer` challenge; the error, if a token came.
fn challenge(error: Option<OAuthError>) -> Response {
    let value = match error {
        None => "Bearer realm=\"callvault\"".to_owned(),
        Some(e) => format!("Bearer realm=\"callvault\", error=\"{}\", error_description=\"{}\"", e.code, e.description),
    };
    let value = HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("Bearer realm=\"callvault\""));
    let body = error.map_or_else(String::new, |e| e.json());
    let response = (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, value)], body).into_response();
    no_store(response)
}

fn is_form(headers: &HeaderMap) -> bool {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/x-www-form-urlencoded")
}

/// The token of an `Authorization: Bearer` header (scheme case-insensitive, RFC 9110 §11.1).
fn bearer(headers: &HeaderMap) -> Option<Zeroizing<String>> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| Zeroizing::new(token.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_tokens_and_form_types_are_read_strictly() {
        let mut headers = HeaderMap::new();
        assert!(bearer(&headers).is_none());
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("bearer abc"));
        assert_eq!(bearer(&headers).as_deref().map(String::as_str), Some("abc"));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert!(bearer(&headers).is_none());
        headers
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded; charset=UTF-8"));
        assert!(is_form(&headers));
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        assert!(!is_form(&headers));
        let pairs = form_pairs(b"a=1&b=x%20y&a=2");
        assert_eq!(pairs.len(), 3);
        assert_eq!(pairs[1], ("b".to_owned(), "x y".to_owned()));
    }
}
