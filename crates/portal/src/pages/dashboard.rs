//! The dashboard shell (navigation to the portal's sections, shown by the
//! role's permissions) and the people of one's tenant (issue 6 item 2).

use access::Permission;
use axum::extract::{Extension, State};
use axum::http::Method;
use axum::response::Response;
use model::TenantId;
use serde::Serialize;

use super::Shell;
use super::sign_in::internal;
use crate::app::AppState;
use crate::auth::Visitor;
use crate::routes::{Access, Routes};

pub(super) fn routes(routes: Routes) -> Routes {
    routes.route(Method::GET, "/dashboard", Access::Requires(Permission::ProfileManage), dashboard).route(
        Method::GET,
        "/people",
        Access::Requires(Permission::UserRead),
        people,
    )
}

async fn dashboard(State(state): State<AppState>, Extension(visitor): Extension<Visitor>) -> Response {
    state.pages.render("dashboard.html", Shell::of(&visitor, "/dashboard"))
}

#[derive(Serialize)]
struct Row {
    login: String,
    role: &'static str,
    totp: bool,
    disabled: bool,
}

#[derive(Serialize)]
struct People {
    #[serde(flatten)]
    shell: Shell,
    people: Vec<Row>,
}

async fn people(State(state): State<AppState>, Extension(visitor): Extension<Visitor>) -> Response {
    let tenant = visitor.person.as_ref().map(|p| p.tenant.clone()).unwrap_or(TenantId(String::new()));
    let found = match state.store.people_of(&tenant).await {
        Ok(found) => found,
        Err(error) => return internal(&error),
    };
    let people = found
        .into_iter()
        .map(|p| Row { login: p.login, role: p.role.name(), totp: p.totp_confirmed, disabled: p.disabled })
        .collect();
    state.pages.render("people.html", People { shell: Shell::of(&visitor, "/people"), people })
}
