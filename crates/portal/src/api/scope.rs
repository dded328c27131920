//! Which tenant a request acts on (ARCHITECTURE.md principle 4): the
//! caller's own, or with `?customer=<slug>` a customer below it when
//! `access::decide` allows the route's permission there (role, tenant tree,
//! the customer's delegations, just-in-time grants). Anything else, a
//! customer outside the caller's tree included, is the same 404 as an
//! unknown slug, so the API is no oracle for other tenants' names.

use access::{Decision, Permission, Target, TenantPath, decide};
use jiff::Timestamp;
use model::Tenant;

use super::error::{ApiError, ApiResult};
use super::extract::Caller;
use crate::app::AppState;

/// The tenant the request acts on.
pub(crate) async fn tenant(
    state: &AppState,
    caller: &Caller,
    customer: Option<&str>,
    permission: Permission,
) -> ApiResult<Tenant> {
    let Some(slug) = customer else {
        return state.store.tenant(&caller.person.tenant).await?.ok_or_else(|| ApiError::not_found("tenant"));
    };
    let found = state.store.tenant_by_slug(slug).await?.ok_or_else(|| ApiError::not_found("customer"))?;
    allowed(state, caller, found, permission).await
}

/// The tenant `id`, if the caller may act on it with `permission`.
pub(crate) async fn reach(
    state: &AppState,
    caller: &Caller,
    id: &model::TenantId,
    permission: Permission,
) -> ApiResult<Tenant> {
    let found = state.store.tenant(id).await?.ok_or_else(|| ApiError::not_found("customer"))?;
    allowed(state, caller, found, permission).await
}

/// `found`, if `access::decide` allows the caller `permission` on it.
async fn allowed(state: &AppState, caller: &Caller, found: Tenant, permission: Permission) -> ApiResult<Tenant> {
    let path = TenantPath::of(&found).map_err(|_| ApiError::not_found("customer"))?;
    let delegations = match found.kind {
        model::TenantKind::Customer => state.store.delegations_of(&found.id).await?,
        _ => Vec::new(),
    };
    let target = Target::tenant(path).with_delegations(delegations);
    match decide(&caller.actor, permission, &target, Timestamp::now()) {
        Decision::Allow(_) => Ok(found),
        Decision::Deny(_) => Err(ApiError::not_found("customer")),
    }
}

/// The tenant, which must be a customer (it has extensions, DIDs, CDRs).
pub(crate) async fn customer(
    state: &AppState,
    caller: &Caller,
    customer: Option<&str>,
    permission: Permission,
) -> ApiResult<Tenant> {
    let found = tenant(state, caller, customer, permission).await?;
    if found.kind != model::TenantKind::Customer {
        return Err(ApiError::unprocessable("This acts on a customer: name one with ?customer=<slug>."));
    }
    Ok(found)
}

/// The `?customer=` of a request on one item.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct CustomerParam {
    /// A child customer's slug (resellers and the platform only).
    pub customer: Option<String>,
}
