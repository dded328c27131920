//! Delegation settings (issue 6 item 2; ARCHITECTURE.md principle 4): a
//! customer admin chooses which permission classes their reseller may use
//! on the customer beyond basic PBX setup, and revokes them. `access`
//! checks `delegation.manage` again when one is granted; both are audited
//! by the store.

use access::{Permission, PermissionClass};
use axum::extract::{Extension, Form, Path, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use store::StoreError;

use super::Shell;
use super::sign_in::internal;
use crate::app::AppState;
use crate::auth::Visitor;
use crate::routes::{Access, Routes};

pub(super) fn routes(routes: Routes) -> Routes {
    let manage = Access::Requires(Permission::DelegationManage);
    routes.route(Method::GET, "/delegations", manage, page).route(Method::POST, "/delegations", manage, grant).route(
        Method::POST,
        "/delegations/{id}/revoke",
        manage,
        revoke,
    )
}

/// The classes a customer may hand its reseller (never the platform's own,
/// nor self-service, which every person has).
const OFFERED: [(PermissionClass, &str); 6] = [
    (PermissionClass::Accounts, "People and their roles"),
    (PermissionClass::CallRecords, "Call detail records and usage"),
    (PermissionClass::Media, "Recordings and voicemail"),
    (PermissionClass::Billing, "Billing"),
    (PermissionClass::Compliance, "CPNI consent and notices"),
    (PermissionClass::AccessControl, "Access control"),
];

#[derive(Serialize)]
struct Row {
    id: Option<String>,
    class: &'static str,
    label: &'static str,
    since: String,
}

#[derive(Serialize)]
struct Delegations {
    #[serde(flatten)]
    shell: Shell,
    rows: Vec<Row>,
}

#[derive(Deserialize)]
struct GrantForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    class: String,
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn page(State(state): State<AppState>, Extension(visitor): Extension<Visitor>) -> Response {
    let Some(me) = &visitor.person else { return super::sign_in_redirect() };
    let active = match state.store.active_delegations(&me.tenant).await {
        Ok(active) => active,
        Err(error) => return internal(&error),
    };
    let rows = OFFERED
        .iter()
        .map(|&(class, label)| {
            let found = active.iter().find(|d| d.class == class);
            let since = found
                .and_then(|d| Timestamp::from_millisecond(d.granted_ms).ok())
                .map(|t| t.strftime("%Y-%m-%d").to_string())
                .unwrap_or_default();
            Row { id: found.map(|d| d.id.clone()), class: class.name(), label, since }
        })
        .collect();
    state.pages.render("delegations.html", Delegations { shell: Shell::of(&visitor, "/delegations"), rows })
}

async fn grant(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Form(form): Form<GrantForm>,
) -> Response {
    let Some(actor) = visitor.actor.as_ref().filter(|_| visitor.csrf_ok(&form.csrf)) else { return forbidden() };
    let Some(class) = OFFERED.iter().map(|(c, _)| *c).find(|c| c.name() == form.class) else {
        return crate::refusal(
            "/delegations",
            StatusCode::BAD_REQUEST,
            "invalid",
            "There is no such permission class.",
        );
    };
    let active = match state.store.active_delegations(actor.home.leaf()).await {
        Ok(active) => active,
        Err(error) => return internal(&error),
    };
    if active.iter().any(|d| d.class == class) {
        return Redirect::to("/delegations").into_response();
    }
    match state.store.delegate(actor, &actor.home, class, Timestamp::now()).await {
        Ok(_) => Redirect::to("/delegations").into_response(),
        Err(StoreError::Access(_)) => forbidden(),
        Err(error) => internal(&error),
    }
}

async fn revoke(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let Some(me) = visitor.person.as_ref().filter(|_| visitor.csrf_ok(&form.csrf)) else { return forbidden() };
    let owned = match state.store.active_delegations(&me.tenant).await {
        Ok(active) => active.iter().any(|d| d.id == id),
        Err(error) => return internal(&error),
    };
    if !owned {
        return crate::refusal("/delegations", StatusCode::NOT_FOUND, "not_found", "There is no such delegation.");
    }
    match state.store.revoke_delegation(&id, &me.id.0, Timestamp::now()).await {
        Ok(()) => Redirect::to("/delegations").into_response(),
        Err(error) => internal(&error),
    }
}

fn forbidden() -> Response {
    crate::refusal("/delegations", StatusCode::FORBIDDEN, "forbidden", "You may not do this.")
}
