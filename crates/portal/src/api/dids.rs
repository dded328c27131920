//! `/api/v1/dids`: a customer's telephone numbers (E.164, ITU-T E.164 /
//! RFC 3966 global numbers) and the extension each rings. A number another
//! customer holds is a 409, without saying whose.

use access::Permission;
use axum::Json;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use serde::{Deserialize, Serialize};
use store::StoredDid;
use utoipa::ToSchema;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extensions::check_number;
use super::extract::{Body, Caller, Key, Params};
use super::page::{self, Listing};
use super::scope::{self, CustomerParam};
use crate::app::AppState;
use crate::routes::{Access, Routes};

pub(super) fn routes(routes: Routes) -> Routes {
    use Permission as P;
    routes
        .route(Method::GET, "/api/v1/dids", Access::Requires(P::PbxRead), list)
        .route(Method::GET, "/api/v1/dids/{id}", Access::Requires(P::PbxRead), get)
        .route(Method::PUT, "/api/v1/dids/{id}", Access::Requires(P::NumberRoute), put)
        .route(Method::DELETE, "/api/v1/dids/{id}", Access::Requires(P::NumberRoute), delete)
}

/// A DID and where it rings.
#[derive(Serialize, ToSchema)]
pub(crate) struct Did {
    /// The number, E.164 (`+` and 7 to 15 digits).
    number: String,
    /// The extension it rings.
    extension: String,
}

/// A page of DIDs, by number.
#[derive(Serialize, ToSchema)]
pub(crate) struct DidPage {
    items: Vec<Did>,
    /// Pass as `cursor` for the next page; null on the last.
    next: Option<String>,
}

/// Where a DID rings.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DidPut {
    /// One of the customer's extension numbers.
    #[schema(pattern = r"^[A-Za-z0-9]{1,32}$")]
    extension: String,
}

/// The customer's DIDs.
#[utoipa::path(get, path = "/api/v1/dids", tag = "dids", params(Listing),
    responses((status = 200, body = DidPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Params(listing): Params<Listing>,
) -> ApiResult<Json<DidPage>> {
    let customer = scope::customer(&state, &caller, listing.customer.as_deref(), Permission::PbxRead).await?;
    let own: Vec<StoredDid> =
        state.store.dids().await?.into_iter().map(|(did, _)| did).filter(|did| did.customer == customer.id).collect();
    let (items, next) = page::slice(own, |d| d.number.clone(), &listing)?;
    let items = items.into_iter().map(|d| Did { number: d.number, extension: d.extension }).collect();
    Ok(Json(DidPage { items, next }))
}

/// One DID.
#[utoipa::path(get, path = "/api/v1/dids/{id}", tag = "dids",
    params(("id" = String, Path, description = "The number, E.164", pattern = r"^\+[1-9][0-9]{6,14}$"), CustomerParam),
    responses((status = 200, body = Did), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Key(number): Key,
    Params(param): Params<CustomerParam>,
) -> ApiResult<Json<Did>> {
    check_e164(&number)?;
    let customer = scope::customer(&state, &caller, param.customer.as_deref(), Permission::PbxRead).await?;
    match find(&state, &number).await? {
        Some(did) if did.customer == customer.id => Ok(Json(Did { number: did.number, extension: did.extension })),
        _ => Err(ApiError::not_found("DID")),
    }
}

/// Routes the DID to an extension (creating it: 201; changing it: 200).
#[utoipa::path(put, path = "/api/v1/dids/{id}", tag = "dids",
    params(("id" = String, Path, description = "The number, E.164", pattern = r"^\+[1-9][0-9]{6,14}$"), CustomerParam), request_body = DidPut,
    responses((status = 200, body = Did, description = "Replaced"), (status = 201, body = Did, description = "Created"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn put(
    State(state): State<AppState>,
    caller: Caller,
    Key(number): Key,
    Params(param): Params<CustomerParam>,
    Body(body): Body<DidPut>,
) -> ApiResult<(StatusCode, Json<Did>)> {
    check_e164(&number)?;
    check_number(&body.extension)?;
    let customer = scope::customer(&state, &caller, param.customer.as_deref(), Permission::NumberRoute).await?;
    let existing = find(&state, &number).await?;
    if existing.as_ref().is_some_and(|did| did.customer != customer.id) {
        return Err(ApiError::conflict("That number belongs to another customer."));
    }
    if state.store.extension(&customer.id, &body.extension).await?.is_none() {
        return Err(ApiError::unprocessable("No such extension."));
    }
    let did = StoredDid { number, customer: customer.id, extension: body.extension };
    state.store.upsert_did(&did).await?;
    let status = if existing.is_some() { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(Did { number: did.number, extension: did.extension })))
}

/// Deletes the DID.
#[utoipa::path(delete, path = "/api/v1/dids/{id}", tag = "dids",
    params(("id" = String, Path, description = "The number, E.164", pattern = r"^\+[1-9][0-9]{6,14}$"), CustomerParam),
    responses((status = 204, description = "Deleted"), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(crate) async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Key(number): Key,
    Params(param): Params<CustomerParam>,
) -> ApiResult<StatusCode> {
    check_e164(&number)?;
    let customer = scope::customer(&state, &caller, param.customer.as_deref(), Permission::NumberRoute).await?;
    match state.store.delete_did(&customer.id, &number).await? {
        true => Ok(StatusCode::NO_CONTENT),
        false => Err(ApiError::not_found("DID")),
    }
}

async fn find(state: &AppState, number: &str) -> ApiResult<Option<StoredDid>> {
    Ok(state.store.dids().await?.into_iter().map(|(did, _)| did).find(|did| did.number == number))
}

/// `+`, a non-zero digit, then 6 to 14 digits (E.164: at most 15 digits).
fn check_e164(number: &str) -> ApiResult<()> {
    let digits = number.strip_prefix('+').unwrap_or("");
    let ok = (7..=15).contains(&digits.len()) && !digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit());
    if ok { Ok(()) } else { Err(ApiError::bad_request("A DID is E.164: + and 7 to 15 digits.")) }
}
