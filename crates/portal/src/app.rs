//! The portal application: every route, behind authentication and
//! authorization (issue 6 items 2-4).

use axum::Router;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use store::Store;

/// The application served over HTTPS.
pub fn app(_store: Store) -> Router {
    Router::new().fallback(not_found)
}

async fn not_found(uri: Uri) -> Response {
    crate::refusal(uri.path(), StatusCode::NOT_FOUND, "not_found", "There is nothing here.")
}
