//! The people of one's tenant, their roles and two-factor status (issue 6
//! item 2), a page at a time.

use access::Permission;
use axum::extract::{Extension, Query, State};
use axum::http::Method;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::Shell;
use super::paging::{PAGE_SIZE, Pager};
use super::sign_in::internal;
use crate::app::AppState;
use crate::auth::Visitor;
use crate::routes::{Access, Routes};

pub(super) fn routes(routes: Routes) -> Routes {
    routes.route(Method::GET, "/people", Access::Requires(Permission::UserRead), people)
}

#[derive(Deserialize)]
pub(super) struct PageQuery {
    pub(super) page: Option<usize>,
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
    pager: Pager,
}

async fn people(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Query(query): Query<PageQuery>,
) -> Response {
    let Some(person) = &visitor.person else { return super::sign_in_redirect() };
    let found = match state.store.people_of(&person.tenant).await {
        Ok(found) => found,
        Err(error) => return internal(&error),
    };
    let pager = Pager::new(query.page, found.len(), PAGE_SIZE);
    let people = pager
        .cut(found, PAGE_SIZE)
        .into_iter()
        .map(|p| Row { login: p.login, role: p.role.name(), totp: p.totp_confirmed, disabled: p.disabled })
        .collect();
    state.pages.render("people.html", People { shell: Shell::of(&visitor, "/people"), people, pager })
}
