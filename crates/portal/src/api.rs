//! The JSON API under `/api/v1` (issue 6 item 3), bearer-token or session
//! authenticated, with `{"error": {"code", "message"}}` refusals.

use access::Permission;
use axum::Json;
use axum::extract::{Extension, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::app::AppState;
use crate::auth::Visitor;
use crate::routes::{Access, Routes};

pub(crate) fn routes(routes: Routes) -> Routes {
    routes.route(Method::GET, "/api/v1/me", Access::Requires(Permission::ProfileManage), me).route(
        Method::GET,
        "/api/v1/people",
        Access::Requires(Permission::UserRead),
        people,
    )
}

#[derive(Serialize)]
struct Me {
    id: String,
    role: &'static str,
    tenant: String,
    two_factor: bool,
}

async fn me(Extension(visitor): Extension<Visitor>) -> Response {
    let Some(person) = visitor.person else { return unauthenticated() };
    let me =
        Me { id: person.id.0, role: person.role.name(), tenant: person.tenant.0, two_factor: person.totp_confirmed };
    Json(me).into_response()
}

#[derive(Serialize)]
struct PersonRow {
    id: String,
    login: String,
    role: &'static str,
    two_factor: bool,
    disabled: bool,
}

async fn people(State(state): State<AppState>, Extension(visitor): Extension<Visitor>) -> Response {
    let Some(person) = visitor.person else { return unauthenticated() };
    match state.store.people_of(&person.tenant).await {
        Ok(found) => Json(
            found
                .into_iter()
                .map(|p| PersonRow {
                    id: p.id.0,
                    login: p.login,
                    role: p.role.name(),
                    two_factor: p.totp_confirmed,
                    disabled: p.disabled,
                })
                .collect::<Vec<_>>(),
        )
        .into_response(),
        Err(error) => {
            tracing::error!(%error, "portal: listing people failed");
            crate::refusal("/api", StatusCode::INTERNAL_SERVER_ERROR, "internal", "Something went wrong.")
        }
    }
}

fn unauthenticated() -> Response {
    crate::refusal("/api", StatusCode::UNAUTHORIZED, "unauthenticated", "Please sign in.")
}
