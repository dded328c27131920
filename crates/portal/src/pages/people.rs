//! Users and roles (issue 6 item 2): the people of one's tenant a page at
//! a time, with their roles and two-factor status; an administrator adds a
//! person (a one-time password shown once), changes a role (never to one
//! above the administrator's own) and disables or enables
//! sign-in. Nobody changes their own role or disables themselves; a person
//! of another tenant is not found.

use access::{Permission, PersonId, Role};
use axum::extract::{Extension, Form, Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use store::{NewPerson, Person, StoreError};

use super::Shell;
use super::paging::{PAGE_SIZE, Pager};
use super::sign_in::internal;
use crate::app::AppState;
use crate::auth::Visitor;
use crate::routes::{Access, Routes};
use crate::sip_password;

pub(super) fn routes(routes: Routes) -> Routes {
    routes
        .route(Method::GET, "/people", Access::Requires(Permission::UserRead), people)
        .route(Method::POST, "/people", Access::Requires(Permission::UserManage), add)
        .route(Method::POST, "/people/{id}/role", Access::Requires(Permission::RoleAssign), change_role)
        .route(Method::POST, "/people/{id}/disabled", Access::Requires(Permission::UserManage), set_disabled)
}

#[derive(Deserialize)]
pub(super) struct PageQuery {
    pub(super) page: Option<usize>,
}

#[derive(Serialize)]
struct Row {
    id: String,
    login: String,
    role: &'static str,
    totp: bool,
    disabled: bool,
    me: bool,
}

#[derive(Serialize)]
struct People {
    #[serde(flatten)]
    shell: Shell,
    people: Vec<Row>,
    pager: Pager,
    roles: Vec<&'static str>,
    can_manage: bool,
    can_assign: bool,
    added: Option<Added>,
    error: Option<&'static str>,
}

/// A person just added, with their one-time password.
#[derive(Serialize)]
struct Added {
    login: String,
    password: String,
}

#[derive(Deserialize)]
struct AddForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    login: String,
    #[serde(default)]
    role: String,
}

#[derive(Deserialize)]
struct RoleForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    role: String,
}

#[derive(Deserialize)]
struct DisableForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    disabled: bool,
}

/// The roles `role` may give: itself and those below it (`Role::ALL` runs
/// from most to least privileged); the store refuses one that does not fit
/// the tenant.
fn assignable(role: Role) -> Vec<Role> {
    Role::ALL.into_iter().skip_while(|r| *r != role).collect()
}

async fn people(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Query(query): Query<PageQuery>,
) -> Response {
    render(&state, &visitor, query.page, None, None).await
}

async fn render(
    state: &AppState,
    visitor: &Visitor,
    page: Option<usize>,
    added: Option<Added>,
    error: Option<&'static str>,
) -> Response {
    let Some(me) = &visitor.person else { return super::sign_in_redirect() };
    let found = match state.store.people_of(&me.tenant).await {
        Ok(found) => found,
        Err(error) => return internal(&error),
    };
    let pager = Pager::new(page, found.len(), PAGE_SIZE);
    let people = pager.cut(found, PAGE_SIZE).into_iter().map(|p| row(p, me)).collect();
    let page = People {
        shell: Shell::of(visitor, "/people"),
        people,
        pager,
        roles: assignable(me.role).into_iter().map(Role::name).collect(),
        can_manage: me.role.holds(Permission::UserManage),
        can_assign: me.role.holds(Permission::RoleAssign),
        added,
        error,
    };
    let status = if error.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    (status, state.pages.render("people.html", page)).into_response()
}

fn row(p: Person, me: &Person) -> Row {
    Row {
        me: p.id == me.id,
        id: p.id.0,
        login: p.login,
        role: p.role.name(),
        totp: p.totp_confirmed,
        disabled: p.disabled,
    }
}

async fn add(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Form(form): Form<AddForm>,
) -> Response {
    let Some(me) = visitor.person.as_ref().filter(|_| visitor.csrf_ok(&form.csrf)) else { return forbidden() };
    let Some(role) = Role::from_name(&form.role).filter(|r| assignable(me.role).contains(r)) else {
        return render(&state, &visitor, None, None, Some("Choose one of the roles offered.")).await;
    };
    let login = form.login.trim().to_ascii_lowercase();
    if !login.contains('@') || login.len() > 254 {
        return render(&state, &visitor, None, None, Some("A sign-in name is an e-mail address.")).await;
    }
    match create(&state, me, role, &login).await {
        Ok(added) => render(&state, &visitor, None, Some(added), None).await,
        Err(StoreError::Invalid(_)) => {
            render(&state, &visitor, None, None, Some("That person cannot be added (taken, or the role does not fit)."))
                .await
        }
        Err(error) => internal(&error),
    }
}

/// Adds the person with a one-time password.
async fn create(state: &AppState, me: &Person, role: Role, login: &str) -> Result<Added, StoreError> {
    if state.store.person_by_login(login).await?.is_some() {
        return Err(StoreError::Invalid("taken"));
    }
    let now = Timestamp::now();
    let new = NewPerson { tenant: me.tenant.clone(), role, login: login.to_owned() };
    let person = state.store.create_person(&new, &me.id.0, now).await?;
    let password = sip_password::generate();
    state.store.set_password(&person.id, &password, &state.hasher, &me.id.0, now).await?;
    Ok(Added { login: person.login, password: password.to_string() })
}

/// The person `id` if they are of `me`'s tenant and not `me`.
async fn other_in_tenant(state: &AppState, me: &Person, id: &str) -> Result<Option<Person>, StoreError> {
    match state.store.person(&PersonId(id.to_owned())).await {
        Ok(person) if person.tenant == me.tenant && person.id != me.id => Ok(Some(person)),
        Ok(_) | Err(StoreError::UnknownPerson) => Ok(None),
        Err(error) => Err(error),
    }
}

async fn change_role(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<RoleForm>,
) -> Response {
    let Some(me) = visitor.person.as_ref().filter(|_| visitor.csrf_ok(&form.csrf)) else { return forbidden() };
    let Some(role) = Role::from_name(&form.role).filter(|r| assignable(me.role).contains(r)) else {
        return render(&state, &visitor, None, None, Some("Choose one of the roles offered.")).await;
    };
    let person = match other_in_tenant(&state, me, &id).await {
        Ok(Some(person)) => person,
        Ok(None) => return not_found(),
        Err(error) => return internal(&error),
    };
    match state.store.set_role(&person.id, role, &me.id.0, Timestamp::now()).await {
        Ok(()) => Redirect::to("/people").into_response(),
        Err(StoreError::Invalid(_)) => render(&state, &visitor, None, None, Some("That role does not fit here.")).await,
        Err(error) => internal(&error),
    }
}

async fn set_disabled(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<DisableForm>,
) -> Response {
    let Some(me) = visitor.person.as_ref().filter(|_| visitor.csrf_ok(&form.csrf)) else { return forbidden() };
    let person = match other_in_tenant(&state, me, &id).await {
        Ok(Some(person)) => person,
        Ok(None) => return not_found(),
        Err(error) => return internal(&error),
    };
    match state.store.set_disabled(&person.id, form.disabled, &me.id.0, Timestamp::now()).await {
        Ok(()) => Redirect::to("/people").into_response(),
        Err(error) => internal(&error),
    }
}

fn forbidden() -> Response {
    crate::refusal("/people", StatusCode::FORBIDDEN, "forbidden", "You may not do this.")
}

fn not_found() -> Response {
    crate::refusal("/people", StatusCode::NOT_FOUND, "not_found", "There is no such person here.")
}
