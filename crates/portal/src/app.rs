//! The portal application: every route with its declared access
//! (`routes`), behind the one authorization layer (`auth`) (issue 6 items
//! 2-4).

use std::sync::Arc;

use access::password::Hasher;
use axum::Router;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use store::{SessionPolicy, Store};

use crate::pages::Pages;
use crate::routes::{Routes, Table};

/// What the application is built from.
#[derive(Clone)]
pub struct AppSettings {
    /// The store.
    pub store: Store,
    /// The password hasher (its cost).
    pub hasher: Hasher,
    /// Session lifetimes.
    pub sessions: SessionPolicy,
}

impl AppSettings {
    /// The defaults over `store`: the current Argon2id cost, 30 min / 12 h sessions.
    pub fn new(store: Store) -> Self {
        Self { store, hasher: Hasher::current(), sessions: SessionPolicy::default() }
    }
}

/// What handlers share.
#[derive(Clone)]
pub struct AppState {
    /// The store.
    pub store: Store,
    /// The password hasher.
    pub hasher: Hasher,
    /// Session lifetimes.
    pub sessions: SessionPolicy,
    pub(crate) table: Table,
    pub(crate) pages: Arc<Pages>,
}

/// Every route of the portal, declared.
pub fn routes() -> Routes {
    let routes = crate::pages::routes(Routes::default());
    crate::api::routes(routes)
}

/// The application served over HTTPS.
pub fn app(settings: AppSettings) -> Router {
    let (router, table) = routes().into_parts();
    let pages = Arc::new(Pages::new());
    let state = AppState { store: settings.store, hasher: settings.hasher, sessions: settings.sessions, table, pages };
    router
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::auth::guard))
        .with_state(state)
}

async fn not_found(uri: Uri) -> Response {
    crate::refusal(uri.path(), StatusCode::NOT_FOUND, "not_found", "There is nothing here.")
}
