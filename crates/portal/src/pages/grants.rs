//! Just-in-time access grants (issue 6 item 2; issue 5): the security
//! officer lends a platform engineer some `platform_admin` permissions on
//! one tenant subtree for at most 12 hours, sees every grant and revokes
//! one. `access` bounds the grant; the store audits issue and revocation.

use access::{GrantId, JitScope, Permission, Role, TenantPath};
use axum::extract::{Extension, Form, Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use store::StoreError;

use super::Shell;
use super::paging::{PAGE_SIZE, Pager};
use super::people::PageQuery;
use super::sign_in::internal;
use crate::app::AppState;
use crate::auth::Visitor;
use crate::routes::{Access, Routes};

pub(super) fn routes(routes: Routes) -> Routes {
    let grant = Access::Requires(Permission::AccessGrant);
    routes.route(Method::GET, "/grants", grant, page).route(Method::POST, "/grants", grant, issue).route(
        Method::POST,
        "/grants/{id}/revoke",
        grant,
        revoke,
    )
}

#[derive(Serialize)]
struct Row {
    id: String,
    grantee: String,
    scope: String,
    permissions: String,
    window: String,
    active: bool,
    revoked: bool,
}

#[derive(Serialize)]
struct Grants {
    #[serde(flatten)]
    shell: Shell,
    rows: Vec<Row>,
    pager: Pager,
    permissions: Vec<&'static str>,
    error: Option<&'static str>,
}

#[derive(Deserialize)]
struct IssueForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    grantee: String,
    #[serde(default)]
    tenant: String,
    #[serde(default)]
    permission: String,
    #[serde(default)]
    hours: Option<i64>,
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn page(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Query(q): Query<PageQuery>,
) -> Response {
    render(&state, &visitor, q.page, None).await
}

async fn render(state: &AppState, visitor: &Visitor, page: Option<usize>, error: Option<&'static str>) -> Response {
    let grants = match state.store.grants().await {
        Ok(grants) => grants,
        Err(error) => return internal(&error),
    };
    let pager = Pager::new(page, grants.len(), PAGE_SIZE);
    let now = Timestamp::now();
    let mut rows = Vec::new();
    for g in pager.cut(grants, PAGE_SIZE) {
        let grantee = state.store.person(&g.grantee).await.map_or_else(|_| g.grantee.0.clone(), |p| p.login);
        let time = |t: Timestamp| t.strftime("%Y-%m-%d %H:%M").to_string();
        rows.push(Row {
            active: g.is_active(now),
            revoked: g.revoked_at.is_some(),
            id: g.id.0,
            grantee,
            scope: g.scope.tenant.leaf().0.clone(),
            permissions: g.scope.permissions.iter().map(|p| p.name()).collect::<Vec<_>>().join(", "),
            window: format!("{} – {} UTC", time(g.not_before), time(g.expires)),
        });
    }
    let permissions = Role::PlatformAdmin.permissions().iter().map(|p| p.name()).collect();
    let status = if error.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    let page = Grants { shell: Shell::of(visitor, "/grants"), rows, pager, permissions, error };
    (status, state.pages.render("grants.html", page)).into_response()
}

async fn issue(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Form(form): Form<IssueForm>,
) -> Response {
    let Some(actor) = visitor.actor.as_ref().filter(|_| visitor.csrf_ok(&form.csrf)) else { return forbidden() };
    let Some(permission) = Permission::from_name(&form.permission).filter(|p| Role::PlatformAdmin.holds(*p)) else {
        return render(&state, &visitor, None, Some("Choose a permission of the platform admin role.")).await;
    };
    let grantee = match state.store.person_by_login(form.grantee.trim()).await {
        Ok(Some(p)) if p.role == Role::PlatformAdmin => p,
        Ok(_) => return render(&state, &visitor, None, Some("Grants go to a platform admin.")).await,
        Err(error) => return internal(&error),
    };
    let tenant = match state.store.tenant_by_slug(form.tenant.trim()).await {
        Ok(Some(tenant)) => tenant,
        Ok(None) => return render(&state, &visitor, None, Some("There is no such tenant.")).await,
        Err(error) => return internal(&error),
    };
    let Ok(path) = TenantPath::of(&tenant) else {
        return render(&state, &visitor, None, Some("There is no such tenant.")).await;
    };
    let now = Timestamp::now();
    let window = (now, now + SignedDuration::from_hours(form.hours.unwrap_or(1).clamp(1, 12)));
    let scope = JitScope { tenant: path, permissions: vec![permission] };
    match state.store.issue_grant(actor, &grantee.id, scope, window, now).await {
        Ok(_) => Redirect::to("/grants").into_response(),
        Err(StoreError::Access(_)) => render(&state, &visitor, None, Some("That grant is not allowed.")).await,
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
    match state.store.revoke_grant(&GrantId(id), &me.id.0, Timestamp::now()).await {
        Ok(()) => Redirect::to("/grants").into_response(),
        Err(StoreError::UnknownGrant) => {
            crate::refusal("/grants", StatusCode::NOT_FOUND, "not_found", "There is no such grant.")
        }
        Err(error) => internal(&error),
    }
}

fn forbidden() -> Response {
    crate::refusal("/grants", StatusCode::FORBIDDEN, "forbidden", "You may not do this.")
}
