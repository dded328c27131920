//! `GET /api/v1/me`: who the credentials belong to.

use access::Permission;
use axum::Json;
use axum::http::Method;
use serde::Serialize;
use utoipa::ToSchema;

use super::error::{ApiResult, ErrorBody};
use super::extract::Caller;
use super::users::RoleName;
use crate::routes::{Access, Routes};

pub(super) fn routes(routes: Routes) -> Routes {
    routes.route(Method::GET, "/api/v1/me", Access::Requires(Permission::ProfileManage), me)
}

/// The caller.
#[derive(Serialize, ToSchema)]
pub(crate) struct Me {
    /// Their person id.
    id: String,
    /// Their role.
    role: RoleName,
    /// Their tenant's id.
    tenant: String,
    /// Whether they confirmed a TOTP second factor.
    two_factor: bool,
}

/// Who is calling.
#[utoipa::path(get, path = "/api/v1/me", tag = "me",
    responses((status = 200, body = Me), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn me(caller: Caller) -> ApiResult<Json<Me>> {
    let person = caller.person;
    Ok(Json(Me {
        id: person.id.0,
        role: RoleName::from(person.role),
        tenant: person.tenant.0,
        two_factor: person.totp_confirmed,
    }))
}
