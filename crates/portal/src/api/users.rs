//! `/api/v1/users`: the people of a tenant, creating one, changing a role,
//! disabling (issue 5; issue 6 item 3). A caller never hands out a role
//! more powerful than their own, nor changes their own role or account.

use access::{Permission, Role};
use axum::Json;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use store::{NewPerson, Person};
use utoipa::ToSchema;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{Body, Caller, Key, Params};
use super::page::{self, Listing};
use super::scope::{self, CustomerParam};
use crate::app::AppState;
use crate::routes::{Access, Routes};

pub(super) fn routes(routes: Routes) -> Routes {
    use Permission as P;
    routes
        .route(Method::GET, "/api/v1/users", Access::Requires(P::UserRead), list)
        .route(Method::POST, "/api/v1/users", Access::Requires(P::UserManage), create)
        .route(Method::GET, "/api/v1/users/{id}", Access::Requires(P::UserRead), get)
        .route(Method::PUT, "/api/v1/users/{id}/role", Access::Requires(P::RoleAssign), set_role)
        .route(Method::PUT, "/api/v1/users/{id}/disabled", Access::Requires(P::UserManage), set_disabled)
}

/// A role (ARCHITECTURE.md principle 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum RoleName {
    PlatformAdmin,
    SecurityOfficer,
    Support,
    ResellerAdmin,
    CustomerAdmin,
    User,
}

impl From<Role> for RoleName {
    fn from(role: Role) -> Self {
        match role {
            Role::PlatformAdmin => Self::PlatformAdmin,
            Role::SecurityOfficer => Self::SecurityOfficer,
            Role::Support => Self::Support,
            Role::ResellerAdmin => Self::ResellerAdmin,
            Role::CustomerAdmin => Self::CustomerAdmin,
            _ => Self::User,
        }
    }
}

impl From<RoleName> for Role {
    fn from(role: RoleName) -> Self {
        match role {
            RoleName::PlatformAdmin => Role::PlatformAdmin,
            RoleName::SecurityOfficer => Role::SecurityOfficer,
            RoleName::Support => Role::Support,
            RoleName::ResellerAdmin => Role::ResellerAdmin,
            RoleName::CustomerAdmin => Role::CustomerAdmin,
            RoleName::User => Role::User,
        }
    }
}

/// A person.
#[derive(Serialize, ToSchema)]
pub(crate) struct User {
    /// Their id.
    id: String,
    /// Their sign-in name.
    login: String,
    /// Their role.
    role: RoleName,
    /// Whether they confirmed a TOTP second factor.
    two_factor: bool,
    /// Whether their sign-in is disabled.
    disabled: bool,
}

impl From<Person> for User {
    fn from(p: Person) -> Self {
        Self { id: p.id.0, login: p.login, role: p.role.into(), two_factor: p.totp_confirmed, disabled: p.disabled }
    }
}

/// A page of people.
#[derive(Serialize, ToSchema)]
pub(crate) struct UserPage {
    items: Vec<User>,
    /// Pass as `cursor` for the next page; null on the last.
    next: Option<String>,
}

/// A person to create (they set their password through the set-up flow).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewUser {
    /// Their sign-in name, an e-mail address.
    #[schema(format = Email, min_length = 3, max_length = 254)]
    login: String,
    /// Their role; it must fit the tenant and not exceed the caller's.
    role: RoleName,
}

/// A role change.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RoleChange {
    role: RoleName,
}

/// Disabling or enabling sign-in.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DisabledChange {
    disabled: bool,
}

/// The people of the tenant, oldest first.
#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(Listing),
    responses((status = 200, body = UserPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Params(listing): Params<Listing>,
) -> ApiResult<Json<UserPage>> {
    let tenant = scope::tenant(&state, &caller, listing.customer.as_deref(), Permission::UserRead).await?;
    let people = state.store.people_of(&tenant.id).await?;
    let mut keyed: Vec<(String, Person)> =
        people.into_iter().enumerate().map(|(i, p)| (format!("{i:010}"), p)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let (items, next) = page::slice(keyed, |(key, _)| key.clone(), &listing)?;
    Ok(Json(UserPage { items: items.into_iter().map(|(_, p)| p.into()).collect(), next }))
}

/// Creates a person at the tenant.
#[utoipa::path(post, path = "/api/v1/users", tag = "users", params(CustomerParam), request_body = NewUser,
    responses((status = 201, body = User), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(crate) async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Params(param): Params<CustomerParam>,
    Body(new): Body<NewUser>,
) -> ApiResult<(StatusCode, Json<User>)> {
    let tenant = scope::tenant(&state, &caller, param.customer.as_deref(), Permission::UserManage).await?;
    check_login(&new.login)?;
    check_grantable(&caller, new.role.into())?;
    let person = NewPerson { tenant: tenant.id, role: new.role.into(), login: new.login };
    let made = state.store.create_person(&person, &caller.audit_name(), Timestamp::now()).await?;
    Ok((StatusCode::CREATED, Json(made.into())))
}

/// One person.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", params(("id" = String, Path, description = "Person id")),
    responses((status = 200, body = User), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn get(State(state): State<AppState>, caller: Caller, Key(id): Key) -> ApiResult<Json<User>> {
    Ok(Json(reachable(&state, &caller, &id, Permission::UserRead).await?.into()))
}

/// Gives a person another role.
#[utoipa::path(put, path = "/api/v1/users/{id}/role", tag = "users",
    params(("id" = String, Path, description = "Person id")), request_body = RoleChange,
    responses((status = 200, body = User), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn set_role(
    State(state): State<AppState>,
    caller: Caller,
    Key(id): Key,
    Body(change): Body<RoleChange>,
) -> ApiResult<Json<User>> {
    let person = other(&state, &caller, &id, Permission::RoleAssign).await?;
    check_grantable(&caller, person.role)?;
    check_grantable(&caller, change.role.into())?;
    state.store.set_role(&person.id, change.role.into(), &caller.audit_name(), Timestamp::now()).await?;
    Ok(Json(state.store.person(&person.id).await?.into()))
}

/// Disables (or enables again) a person's sign-in.
#[utoipa::path(put, path = "/api/v1/users/{id}/disabled", tag = "users",
    params(("id" = String, Path, description = "Person id")), request_body = DisabledChange,
    responses((status = 200, body = User), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn set_disabled(
    State(state): State<AppState>,
    caller: Caller,
    Key(id): Key,
    Body(change): Body<DisabledChange>,
) -> ApiResult<Json<User>> {
    let person = other(&state, &caller, &id, Permission::UserManage).await?;
    check_grantable(&caller, person.role)?;
    state.store.set_disabled(&person.id, change.disabled, &caller.audit_name(), Timestamp::now()).await?;
    if change.disabled {
        state.store.end_all_sessions(&person.id, Timestamp::now()).await?;
    }
    Ok(Json(state.store.person(&person.id).await?.into()))
}

/// The person `id`, if the caller may act on their tenant with `permission`.
async fn reachable(state: &AppState, caller: &Caller, id: &str, permission: Permission) -> ApiResult<Person> {
    let person = match state.store.person(&access::PersonId(id.to_owned())).await {
        Ok(person) => person,
        Err(store::StoreError::UnknownPerson) => return Err(ApiError::not_found("person")),
        Err(other) => return Err(other.into()),
    };
    scope::reach(state, caller, &person.tenant, permission).await.map_err(|_| ApiError::not_found("person"))?;
    Ok(person)
}

/// Like [`reachable`], and not the caller.
async fn other(state: &AppState, caller: &Caller, id: &str, permission: Permission) -> ApiResult<Person> {
    let person = reachable(state, caller, id, permission).await?;
    if person.id == caller.person.id {
        return Err(ApiError::unprocessable("You cannot change your own role or account here."));
    }
    Ok(person)
}

/// A caller hands out (or acts on) no role more powerful than their own.
fn check_grantable(caller: &Caller, role: Role) -> ApiResult<()> {
    if role < caller.actor.role { Err(ApiError::forbidden()) } else { Ok(()) }
}

fn check_login(login: &str) -> ApiResult<()> {
    let ok = (3..=254).contains(&login.len())
        && login.contains('@')
        && !login.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok { Ok(()) } else { Err(ApiError::bad_request("login must be an e-mail address.")) }
}
