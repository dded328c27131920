//! Every route declares what it needs (ARCHITECTURE.md principle 7): a
//! [`Permission`] from `access`, or the explicit [`Access::Public`] marker.
//! [`Routes`] takes no route without one and keeps the table that the
//! authorization layer (`auth`) consults on every request. A route that
//! reached the router any other way is not in the table and is refused
//! (deny by default).

use std::collections::HashMap;
use std::sync::Arc;

use access::Permission;
use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodFilter, on};

use crate::app::AppState;

/// What a route requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (sign-in pages, static files).
    Public,
    /// A signed-in person whom `access::decide` allows this permission.
    Requires(Permission),
}

/// One declared route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    /// Its method.
    pub method: Method,
    /// Its path pattern, as axum matches it (`/api/v1/tokens/{id}`).
    pub path: &'static str,
    /// What it requires.
    pub access: Access,
}

/// The table the authorization layer reads: (method, path pattern) → access.
pub type Table = Arc<HashMap<(Method, &'static str), Access>>;

/// A router under construction, with its declarations.
pub struct Routes {
    router: Router<AppState>,
    declared: Vec<Declared>,
}

impl Default for Routes {
    fn default() -> Self {
        Self { router: Router::new(), declared: Vec::new() }
    }
}

impl Routes {
    /// Adds `handler` for `method` on `path`, requiring `access`.
    pub fn route<H, T>(mut self, method: Method, path: &'static str, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = MethodFilter::try_from(method.clone()).expect("a standard method");
        self.router = self.router.route(path, on(filter, handler));
        self.declared.push(Declared { method, path, access });
        self
    }

    /// Every declared route.
    pub fn declared(&self) -> &[Declared] {
        &self.declared
    }

    /// The router and its table.
    pub fn into_parts(self) -> (Router<AppState>, Table) {
        let table = self.declared.into_iter().map(|d| ((d.method, d.path), d.access)).collect();
        (self.router, Arc::new(table))
    }
}
