//! The stylesheet and htmx 2 (vendored from the npm package `htmx.org`,
//! BSD-2-Clause), compiled in and served with their content types.

use axum::http::{Method, header};
use axum::response::IntoResponse;

use crate::routes::{Access, Routes};

const CSS: &str = include_str!("../../static/portal.css");
const HTMX: &str = include_str!("../../static/htmx.min.js");

pub(super) fn routes(routes: Routes) -> Routes {
    routes
        .route(Method::GET, "/static/portal.css", Access::Public, || async { asset("text/css; charset=utf-8", CSS) })
        .route(Method::GET, "/static/htmx.min.js", Access::Public, || async {
            asset("text/javascript; charset=utf-8", HTMX)
        })
}

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=3600")], body)
}
