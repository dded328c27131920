//! A reseller's view of its customers (issue 6 item 2; ARCHITECTURE.md
//! principle 4): each customer below the reseller, its SIP domain, how many
//! extensions it has and what it has delegated beyond basic PBX setup.
//! Nothing here is CPNI (no calls, no usage), so no gate read.

use access::Permission;
use axum::extract::{Extension, Query, State};
use axum::http::Method;
use axum::response::Response;
use serde::Serialize;
use store::StoreError;

use super::Shell;
use super::paging::{PAGE_SIZE, Pager};
use super::people::PageQuery;
use super::sign_in::internal;
use crate::app::AppState;
use crate::auth::Visitor;
use crate::routes::{Access, Routes};

pub(super) fn routes(routes: Routes) -> Routes {
    routes.route(Method::GET, "/customers", Access::Requires(Permission::TenantManage), page)
}

#[derive(Serialize)]
struct Row {
    name: String,
    slug: String,
    domain: String,
    extensions: usize,
    delegated: Vec<&'static str>,
}

#[derive(Serialize)]
struct Customers {
    #[serde(flatten)]
    shell: Shell,
    rows: Vec<Row>,
    pager: Pager,
}

async fn page(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Query(query): Query<PageQuery>,
) -> Response {
    let Some(me) = &visitor.person else { return super::sign_in_redirect() };
    let children = match state.store.children_of(&me.tenant).await {
        Ok(children) => children,
        Err(error) => return internal(&error),
    };
    let pager = Pager::new(query.page, children.len(), PAGE_SIZE);
    let mut rows = Vec::new();
    for tenant in pager.cut(children, PAGE_SIZE) {
        match row(&state, tenant).await {
            Ok(row) => rows.push(row),
            Err(error) => return internal(&error),
        }
    }
    state.pages.render("customers.html", Customers { shell: Shell::of(&visitor, "/customers"), rows, pager })
}

async fn row(state: &AppState, tenant: model::Tenant) -> Result<Row, StoreError> {
    let extensions = state.store.extensions(&tenant.id).await?.len();
    let delegated = state.store.active_delegations(&tenant.id).await?.iter().map(|d| d.class.name()).collect();
    Ok(Row {
        name: tenant.name,
        slug: tenant.slug,
        domain: tenant.sip_domain.unwrap_or_default(),
        extensions,
        delegated,
    })
}
