//! The JSON API under `/api/v1` (issue 6 item 3): provisioning of
//! extensions, DIDs, trunks and people, live registrations (RFC 3261 §10),
//! and call detail records read through the CPNI gate (47 CFR 64.2003(d),
//! ARCHITECTURE.md principle 3). One file per resource.
//!
//! - Authentication: a `cvt_` bearer token or a session (`crate::auth`);
//!   every route declares its [`Permission`](access::Permission) through
//!   [`Routes::route`].
//! - Tenant: the caller's own; a reseller or platform caller names a child
//!   customer with `?customer=<slug>`, allowed only when `access::decide`
//!   allows the permission there (`scope`). A customer the caller may not
//!   reach is indistinguishable from one that does not exist (404).
//! - Errors: `{"error": {"code", "message"}}` (`error`), body and query
//!   rejections included (`extract`); lists are paginated with an opaque
//!   `next` cursor (`page`); PUTs are idempotent (201 first, then 200).
//! - The OpenAPI 3.1 document is `GET /api/v1/openapi.json` (`openapi`).

mod cdrs;
mod dids;
mod error;
mod extensions;
mod extract;
mod me;
pub(crate) mod openapi;
mod page;
mod registrations;
mod scope;
mod trunks;
mod users;

use crate::routes::Routes;

/// Every `/api/v1` route.
pub(crate) fn routes(routes: Routes) -> Routes {
    let routes = me::routes(routes);
    let routes = users::routes(routes);
    let routes = extensions::routes(routes);
    let routes = dids::routes(routes);
    let routes = trunks::routes(routes);
    let routes = registrations::routes(routes);
    let routes = cdrs::routes(routes);
    openapi::routes(routes)
}
