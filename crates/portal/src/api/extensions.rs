//! `/api/v1/extensions`: a customer's extensions; create-or-replace by
//! number (idempotent PUT: 201, then 200 with the same state), delete, and
//! a new SIP password shown once. Only RFC 7616 HA1 values are stored
//! (MD5 and SHA-256, realm = the customer's SIP domain), so a password
//! cannot be shown again; none is ever returned but a new one.

use access::Permission;
use axum::Json;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use model::{Extension, Tenant};
use serde::{Deserialize, Serialize};
use store::NewExtension;
use utoipa::ToSchema;
use zeroize::Zeroizing;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{Body, Caller, Key, Params};
use super::page::{self, Listing};
use super::scope::{self, CustomerParam};
use crate::app::AppState;
use crate::routes::{Access, Routes};
use crate::sip_password::secret;

/// Shortest SIP password accepted (as `callvault provision`).
const MIN_PASSWORD: usize = 8;
/// Longest SIP password accepted.
const MAX_PASSWORD: usize = 128;

pub(super) fn routes(routes: Routes) -> Routes {
    use Permission as P;
    routes
        .route(Method::GET, "/api/v1/extensions", Access::Requires(P::PbxRead), list)
        .route(Method::GET, "/api/v1/extensions/{id}", Access::Requires(P::PbxRead), get)
        .route(Method::PUT, "/api/v1/extensions/{id}", Access::Requires(P::PbxConfigure), put)
        .route(Method::DELETE, "/api/v1/extensions/{id}", Access::Requires(P::PbxConfigure), delete)
        .route(Method::POST, "/api/v1/extensions/{id}/sip-password", Access::Requires(P::DeviceProvision), reset)
}

/// An extension (its secrets stay in the store).
#[derive(Serialize, ToSchema)]
pub(crate) struct ExtensionView {
    /// The number, also the SIP digest user name.
    number: String,
    /// The name shown to callees.
    display_name: String,
    /// The SIP domain (digest realm) its phones register to.
    realm: String,
}

impl From<Extension> for ExtensionView {
    fn from(e: Extension) -> Self {
        Self { number: e.number, display_name: e.display_name, realm: e.realm }
    }
}

/// A page of extensions, by number.
#[derive(Serialize, ToSchema)]
pub(crate) struct ExtensionPage {
    items: Vec<ExtensionView>,
    /// Pass as `cursor` for the next page; null on the last.
    next: Option<String>,
}

/// An extension to create or replace.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExtensionPut {
    /// The name shown to callees.
    #[schema(min_length = 1, max_length = 64, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    display_name: String,
    /// A new SIP password (8 to 128 characters). Left out: an existing
    /// extension keeps its password, a new one gets a random one, returned once.
    #[schema(min_length = 8, max_length = 128)]
    password: Option<String>,
}

/// An extension as written, with its SIP password if one was generated.
#[derive(Serialize, ToSchema)]
pub(crate) struct ExtensionWritten {
    #[serde(flatten)]
    extension: ExtensionView,
    /// The generated SIP password, shown only this once; null otherwise.
    sip_password: Option<String>,
}

/// A new SIP password, shown only this once.
#[derive(Serialize, ToSchema)]
pub(crate) struct SipPassword {
    number: String,
    sip_password: String,
}

/// The customer's extensions, by number.
#[utoipa::path(get, path = "/api/v1/extensions", tag = "extensions", params(Listing),
    responses((status = 200, body = ExtensionPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Params(listing): Params<Listing>,
) -> ApiResult<Json<ExtensionPage>> {
    let customer = scope::customer(&state, &caller, listing.customer.as_deref(), Permission::PbxRead).await?;
    let all = state.store.extensions(&customer.id).await?;
    let (items, next) = page::slice(all, |e| e.number.clone(), &listing)?;
    Ok(Json(ExtensionPage { items: items.into_iter().map(Into::into).collect(), next }))
}

/// One extension.
#[utoipa::path(get, path = "/api/v1/extensions/{id}", tag = "extensions",
    params(("id" = String, Path, description = "Extension number", pattern = r"^[A-Za-z0-9]{1,32}$"), CustomerParam),
    responses((status = 200, body = ExtensionView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Key(number): Key,
    Params(param): Params<CustomerParam>,
) -> ApiResult<Json<ExtensionView>> {
    check_number(&number)?;
    let customer = scope::customer(&state, &caller, param.customer.as_deref(), Permission::PbxRead).await?;
    let found = state.store.extension(&customer.id, &number).await?;
    Ok(Json(found.ok_or_else(|| ApiError::not_found("extension"))?.into()))
}

/// Creates the extension, or replaces its name (and password, if given).
#[utoipa::path(put, path = "/api/v1/extensions/{id}", tag = "extensions",
    params(("id" = String, Path, description = "Extension number", pattern = r"^[A-Za-z0-9]{1,32}$"), CustomerParam), request_body = ExtensionPut,
    responses((status = 200, body = ExtensionWritten, description = "Replaced"),
        (status = 201, body = ExtensionWritten, description = "Created"), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(crate) async fn put(
    State(state): State<AppState>,
    caller: Caller,
    Key(number): Key,
    Params(param): Params<CustomerParam>,
    Body(body): Body<ExtensionPut>,
) -> ApiResult<Response> {
    check_number(&number)?;
    check_display_name(&body.display_name)?;
    body.password.as_deref().map(check_password).transpose()?;
    let customer = scope::customer(&state, &caller, param.customer.as_deref(), Permission::PbxConfigure).await?;
    let realm = realm(&customer)?;
    let existing = state.store.extension(&customer.id, &number).await?;
    let (secret, generated) = match (&body.password, &existing) {
        (Some(password), _) => (secret(&number, &realm, password), None),
        (None, Some(found)) => (found.secret.clone(), None),
        (None, None) => {
            let password = new_password()?;
            (secret(&number, &realm, &password), Some(password))
        }
    };
    let new = NewExtension { customer: customer.id, number, display_name: body.display_name, realm, secret };
    let written = state.store.upsert_extension(&new).await?;
    let status = if existing.is_some() { StatusCode::OK } else { StatusCode::CREATED };
    let body = ExtensionWritten { extension: written.into(), sip_password: generated.map(|p| p.to_string()) };
    Ok((status, Json(body)).into_response())
}

/// Deletes the extension and its registrations; refused (409) while a DID routes to it.
#[utoipa::path(delete, path = "/api/v1/extensions/{id}", tag = "extensions",
    params(("id" = String, Path, description = "Extension number", pattern = r"^[A-Za-z0-9]{1,32}$"), CustomerParam),
    responses((status = 204, description = "Deleted"), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Key(number): Key,
    Params(param): Params<CustomerParam>,
) -> ApiResult<StatusCode> {
    check_number(&number)?;
    let customer = scope::customer(&state, &caller, param.customer.as_deref(), Permission::PbxConfigure).await?;
    let dids = state.store.dids().await?;
    if dids.iter().any(|(did, _)| did.customer == customer.id && did.extension == number) {
        return Err(ApiError::conflict("A DID routes to this extension: route or delete it first."));
    }
    match state.store.delete_extension(&customer.id, &number).await? {
        true => Ok(StatusCode::NO_CONTENT),
        false => Err(ApiError::not_found("extension")),
    }
}

/// Gives the extension a new random SIP password and returns it, once.
#[utoipa::path(post, path = "/api/v1/extensions/{id}/sip-password", tag = "extensions",
    params(("id" = String, Path, description = "Extension number", pattern = r"^[A-Za-z0-9]{1,32}$"), CustomerParam),
    responses((status = 200, body = SipPassword), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn reset(
    State(state): State<AppState>,
    caller: Caller,
    Key(number): Key,
    Params(param): Params<CustomerParam>,
) -> ApiResult<Json<SipPassword>> {
    check_number(&number)?;
    let customer = scope::customer(&state, &caller, param.customer.as_deref(), Permission::DeviceProvision).await?;
    let found = state.store.extension(&customer.id, &number).await?.ok_or_else(|| ApiError::not_found("extension"))?;
    let password = new_password()?;
    let new = NewExtension {
        customer: customer.id,
        secret: secret(&number, &found.realm, &password),
        number: number.clone(),
        display_name: found.display_name,
        realm: found.realm,
    };
    state.store.upsert_extension(&new).await?;
    Ok(Json(SipPassword { number, sip_password: password.to_string() }))
}

/// An extension number: 1 to 32 ASCII letters and digits.
pub(crate) fn check_number(number: &str) -> ApiResult<()> {
    let ok = (1..=32).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_alphanumeric());
    if ok { Ok(()) } else { Err(ApiError::bad_request("An extension number is 1 to 32 letters and digits.")) }
}

fn check_display_name(name: &str) -> ApiResult<()> {
    let ok = (1..=64).contains(&name.chars().count()) && !name.chars().any(char::is_control);
    if ok { Ok(()) } else { Err(ApiError::bad_request("display_name is 1 to 64 characters, no control characters.")) }
}

fn check_password(password: &str) -> ApiResult<()> {
    let ok = (MIN_PASSWORD..=MAX_PASSWORD).contains(&password.chars().count());
    if ok { Ok(()) } else { Err(ApiError::bad_request("password is 8 to 128 characters.")) }
}

/// The customer's SIP domain, the digest realm.
fn realm(customer: &Tenant) -> ApiResult<String> {
    customer.sip_domain.clone().ok_or_else(|| ApiError::unprocessable("The customer has no SIP domain."))
}

/// 24 random characters from 50 without look-alikes (about 135 bits).
fn new_password() -> ApiResult<Zeroizing<String>> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679";
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).map_err(|_| ApiError::internal())?;
    Ok(Zeroizing::new(bytes.iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect()))
}
