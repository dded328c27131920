//! The portal application: every route with its declared access
//! (`routes`), behind the one authorization layer (`auth`) (issue 6 items
//! 2-4).

use std::sync::Arc;

use access::oidc::Issuer;
use access::password::Hasher;
use axum::Router;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use compliance::calendar::BusinessCalendar;
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
    /// The OpenID Connect issuer the portal serves at its root; `None`:
    /// the provider's endpoints answer 404.
    pub issuer: Option<Issuer>,
    /// The FCC business-day calendar the compliance dashboard counts on
    /// (47 CFR 1.4(e)): `callvault`'s `[compliance] fcc_closed`.
    pub calendar: BusinessCalendar,
}

impl AppSettings {
    /// The defaults over `store`: the current Argon2id cost, 30 min / 12 h
    /// sessions, no OpenID Connect issuer, federal holidays and no FCC
    /// closure days.
    pub fn new(store: Store) -> Self {
        Self {
            store,
            hasher: Hasher::current(),
            sessions: SessionPolicy::default(),
            issuer: None,
            calendar: BusinessCalendar::default(),
        }
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
    /// The OpenID Connect issuer, if the provider is on.
    pub issuer: Option<Issuer>,
    /// The FCC business-day calendar.
    pub calendar: BusinessCalendar,
    pub(crate) table: Table,
    pub(crate) pages: Arc<Pages>,
}

/// Every route of the portal, declared.
pub fn routes() -> Routes {
    let routes = crate::pages::routes(Routes::default());
    let routes = crate::oidc::routes(routes);
    crate::api::routes(routes)
}

/// The application served over HTTPS.
pub fn app(settings: AppSettings) -> Router {
    let (router, table) = routes().into_parts();
    assemble(router, table, settings)
}

/// `router` behind the guard that reads `table`.
fn assemble(router: Router<AppState>, table: Table, settings: AppSettings) -> Router {
    let pages = Arc::new(Pages::new());
    let AppSettings { store, hasher, sessions, issuer, calendar } = settings;
    let state = AppState { store, hasher, sessions, issuer, calendar, table, pages };
    router
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::auth::guard))
        .with_state(state)
}

async fn not_found(uri: Uri) -> Response {
    crate::refusal(uri.path(), StatusCode::NOT_FOUND, "not_found", "There is nothing here.")
}

#[cfg(test)]
mod tests {
    use access::password::OWASP_MINIMUM;
    use axum::body::Body;
    use axum::http::{Method, Request};
    use axum::routing::get;
    use tower::ServiceExt;

    use super::*;
    use crate::routes::Access;

    /// Deny by default: a route that reached the router around [`Routes`]
    /// has no declaration, and the guard refuses it.
    #[tokio::test]
    async fn a_route_added_around_the_builder_is_refused() {
        let data = tempfile::tempdir().unwrap();
        let store = Store::open(data.path()).await.unwrap();
        let declared = Routes::default().route(Method::GET, "/declared", Access::Public, || async { "open" });
        let (router, table) = declared.into_parts();
        let router = router.route("/sneaky", get(|| async { "secret" }));
        let settings = AppSettings { hasher: Hasher::with_cost(OWASP_MINIMUM).unwrap(), ..AppSettings::new(store) };
        let app = assemble(router, table, settings);
        let get = |path: &str| Request::get(path).body(Body::empty()).unwrap();
        assert_eq!(app.clone().oneshot(get("/declared")).await.unwrap().status(), StatusCode::OK);
        let refused = app.oneshot(get("/sneaky")).await.unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        let body = axum::body::to_bytes(refused.into_body(), 1 << 16).await.unwrap();
        assert!(!String::from_utf8_lossy(&body).contains("secret"));
    }
}
