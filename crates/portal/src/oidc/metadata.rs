//! The public documents: the provider metadata (OpenID Connect Discovery
//! 1.0 §4.2) and the JWK Set its ID tokens verify against (RFC 7517 §5).
//! Both may be fetched by a browser application of another origin, so they
//! carry `Access-Control-Allow-Origin: *` (they hold nothing secret).

use access::oidc::discovery::Discovery;
use access::oidc::{DISCOVERY_PATH, JWKS_PATH};
use axum::extract::State;
use axum::http::{HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;

use super::not_configured;
use crate::app::AppState;
use crate::routes::{Access, Routes};

/// How long clients may cache the documents: well inside the signing
/// keys' rotation grace (`store::oidc::SIGNING_KEY_GRACE`, 48 h).
const CACHE: &str = "public, max-age=3600";

pub(super) fn routes(routes: Routes) -> Routes {
    routes.route(Method::GET, DISCOVERY_PATH, Access::Public, discovery).route(
        Method::GET,
        JWKS_PATH,
        Access::Public,
        jwks,
    )
}

async fn discovery(State(state): State<AppState>) -> Response {
    match &state.issuer {
        Some(issuer) => document(Discovery::for_issuer(issuer).json()),
        None => not_configured(DISCOVERY_PATH),
    }
}

async fn jwks(State(state): State<AppState>) -> Response {
    if state.issuer.is_none() {
        return not_configured(JWKS_PATH);
    }
    match state.store.oidc_jwks(Timestamp::now()).await {
        Ok(set) => document(serde_json::to_string(&set).expect("a JWK Set always serializes")),
        Err(error) => super::internal(JWKS_PATH, &error),
    }
}

fn document(json: String) -> Response {
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
        (header::CACHE_CONTROL, HeaderValue::from_static(CACHE)),
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*")),
    ];
    (headers, json).into_response()
}
