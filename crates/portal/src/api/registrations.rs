//! `GET /api/v1/registrations`: the live location bindings of a customer's
//! extensions (RFC 3261 §10.3), read-only; optionally of one extension.

use access::Permission;
use axum::Json;
use axum::extract::State;
use axum::http::Method;
use jiff::Timestamp;
use model::Binding;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::{ApiResult, ErrorBody};
use super::extensions::check_number;
use super::extract::{Caller, Params};
use super::page::{self, Listing};
use super::scope;
use super::trunks::Transport;
use crate::app::AppState;
use crate::routes::{Access, Routes};

pub(super) fn routes(routes: Routes) -> Routes {
    routes.route(Method::GET, "/api/v1/registrations", Access::Requires(Permission::PbxRead), list)
}

/// The query: a plain listing, and optionally one extension.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct RegistrationQuery {
    /// A child customer's slug (resellers and the platform only).
    customer: Option<String>,
    /// Only this extension's bindings.
    #[param(pattern = r"^[A-Za-z0-9]{1,32}$")]
    extension: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
    /// The `next` value of the previous page.
    #[param(pattern = r"^([0-9a-fA-F]{2})*$")]
    cursor: Option<String>,
}

/// One live binding.
#[derive(Serialize, ToSchema)]
pub(crate) struct Registration {
    /// The extension number.
    extension: String,
    /// The Contact URI the phone registered.
    contact: String,
    /// When it lapses (RFC 3339).
    expires_at: String,
    transport: Transport,
    /// The phone's User-Agent, if it sent one.
    user_agent: Option<String>,
}

impl From<Binding> for Registration {
    fn from(b: Binding) -> Self {
        let expires_at = Timestamp::from_millisecond(b.expires_at_ms).map(|t| t.to_string()).unwrap_or_default();
        Self {
            extension: b.aor.number,
            contact: b.contact,
            expires_at,
            transport: b.transport.into(),
            user_agent: b.user_agent,
        }
    }
}

/// A page of bindings, by extension and contact.
#[derive(Serialize, ToSchema)]
pub(crate) struct RegistrationPage {
    items: Vec<Registration>,
    /// Pass as `cursor` for the next page; null on the last.
    next: Option<String>,
}

/// The customer's live registrations.
#[utoipa::path(get, path = "/api/v1/registrations", tag = "registrations", params(RegistrationQuery),
    responses((status = 200, body = RegistrationPage), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<RegistrationQuery>,
) -> ApiResult<Json<RegistrationPage>> {
    query.extension.as_deref().map(check_number).transpose()?;
    let customer = scope::customer(&state, &caller, query.customer.as_deref(), Permission::PbxRead).await?;
    let now = Timestamp::now().as_millisecond();
    let live: Vec<Binding> = state
        .store
        .live_bindings(now)
        .await?
        .into_iter()
        .filter(|b| b.aor.customer == customer.id)
        .filter(|b| query.extension.as_ref().is_none_or(|n| *n == b.aor.number))
        .collect();
    let listing = Listing { customer: None, limit: query.limit, cursor: query.cursor };
    let (items, next) = page::slice(live, |b| format!("{}\n{}", b.aor.number, b.contact), &listing)?;
    Ok(Json(RegistrationPage { items: items.into_iter().map(Into::into).collect(), next }))
}
