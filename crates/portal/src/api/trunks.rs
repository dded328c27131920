//! `/api/v1/trunks`: carrier trunks a tenant owns (issue 4 item 2). Digest
//! passwords go in and never come out: a trunk shows only whether it has
//! credentials and their user name. Trunk names are unique platform-wide;
//! a name another tenant holds is a 409, without saying whose.

use access::Permission;
use axum::Json;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use model::SipTransport;
use serde::{Deserialize, Serialize};
use store::{StoredTrunk, TrunkSecret};
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
        .route(Method::GET, "/api/v1/trunks", Access::Requires(P::PbxRead), list)
        .route(Method::GET, "/api/v1/trunks/{id}", Access::Requires(P::PbxRead), get)
        .route(Method::PUT, "/api/v1/trunks/{id}", Access::Requires(P::SystemConfigure), put)
        .route(Method::DELETE, "/api/v1/trunks/{id}", Access::Requires(P::SystemConfigure), delete)
}

/// A SIP transport (RFC 3261 §18).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Transport {
    Udp,
    Tcp,
    Tls,
}

impl From<Transport> for SipTransport {
    fn from(t: Transport) -> Self {
        match t {
            Transport::Udp => SipTransport::Udp,
            Transport::Tcp => SipTransport::Tcp,
            Transport::Tls => SipTransport::Tls,
        }
    }
}

impl From<SipTransport> for Transport {
    fn from(t: SipTransport) -> Self {
        match t {
            SipTransport::Udp => Transport::Udp,
            SipTransport::Tcp => Transport::Tcp,
            SipTransport::Tls => Transport::Tls,
        }
    }
}

/// A trunk, without its password.
#[derive(Serialize, ToSchema)]
pub(crate) struct Trunk {
    name: String,
    host: String,
    port: u16,
    transport: Transport,
    /// The digest user name, if it has credentials.
    username: Option<String>,
}

impl From<StoredTrunk> for Trunk {
    fn from(t: StoredTrunk) -> Self {
        let username = t.secret.map(|s| s.username);
        Self { name: t.name, host: t.host, port: t.port, transport: t.transport.into(), username }
    }
}

/// A page of trunks, by name.
#[derive(Serialize, ToSchema)]
pub(crate) struct TrunkPage {
    items: Vec<Trunk>,
    /// Pass as `cursor` for the next page; null on the last.
    next: Option<String>,
}

/// A trunk to create or replace.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TrunkPut {
    /// Host name or address.
    #[schema(pattern = r"^[A-Za-z0-9.:\[\]-]{1,253}$")]
    host: String,
    #[schema(minimum = 1, maximum = 65535)]
    #[serde(deserialize_with = "integral_port")]
    port: u16,
    transport: Transport,
    /// Digest user name; with `password`, or neither.
    #[schema(min_length = 1, max_length = 128, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    username: Option<String>,
    /// Digest password; never returned.
    #[schema(min_length = 1, max_length = 128, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    password: Option<String>,
}

/// A port as JSON Schema counts integers: `5060` or `5060.0` (2020-12
/// §6.1.1, "a number with a zero fractional part"), which serde's `u16`
/// alone would refuse.
fn integral_port<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u16, D::Error> {
    let number = f64::deserialize(deserializer)?;
    if number.fract() == 0.0 && (0.0..=f64::from(u16::MAX)).contains(&number) {
        Ok(number as u16)
    } else {
        Err(serde::de::Error::custom("a port is a whole number from 1 to 65535"))
    }
}

/// The tenant's trunks.
#[utoipa::path(get, path = "/api/v1/trunks", tag = "trunks", params(Listing),
    responses((status = 200, body = TrunkPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Params(listing): Params<Listing>,
) -> ApiResult<Json<TrunkPage>> {
    let tenant = scope::tenant(&state, &caller, listing.customer.as_deref(), Permission::PbxRead).await?;
    let own: Vec<StoredTrunk> = state.store.trunks().await?.into_iter().filter(|t| t.owner == tenant.id).collect();
    let (items, next) = page::slice(own, |t| t.name.clone(), &listing)?;
    Ok(Json(TrunkPage { items: items.into_iter().map(Into::into).collect(), next }))
}

/// One trunk.
#[utoipa::path(get, path = "/api/v1/trunks/{id}", tag = "trunks",
    params(("id" = String, Path, description = "Trunk name", pattern = r"^[A-Za-z0-9._-]{1,64}$"), CustomerParam),
    responses((status = 200, body = Trunk), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Key(name): Key,
    Params(param): Params<CustomerParam>,
) -> ApiResult<Json<Trunk>> {
    check_name(&name)?;
    let tenant = scope::tenant(&state, &caller, param.customer.as_deref(), Permission::PbxRead).await?;
    match find(&state, &name).await? {
        Some(trunk) if trunk.owner == tenant.id => Ok(Json(trunk.into())),
        _ => Err(ApiError::not_found("trunk")),
    }
}

/// Creates (201) or replaces (200) the trunk.
#[utoipa::path(put, path = "/api/v1/trunks/{id}", tag = "trunks",
    params(("id" = String, Path, description = "Trunk name", pattern = r"^[A-Za-z0-9._-]{1,64}$"), CustomerParam), request_body = TrunkPut,
    responses((status = 200, body = Trunk, description = "Replaced"), (status = 201, body = Trunk, description = "Created"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn put(
    State(state): State<AppState>,
    caller: Caller,
    Key(name): Key,
    Params(param): Params<CustomerParam>,
    Body(body): Body<TrunkPut>,
) -> ApiResult<(StatusCode, Json<Trunk>)> {
    check_name(&name)?;
    let secret = check_put(&body)?;
    let tenant = scope::tenant(&state, &caller, param.customer.as_deref(), Permission::SystemConfigure).await?;
    let existing = find(&state, &name).await?;
    if existing.as_ref().is_some_and(|t| t.owner != tenant.id) {
        return Err(ApiError::conflict("That trunk name is taken."));
    }
    let trunk = StoredTrunk {
        name,
        owner: tenant.id,
        host: body.host,
        port: body.port,
        transport: body.transport.into(),
        secret,
    };
    state.store.upsert_trunk(&trunk).await?;
    let status = if existing.is_some() { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(trunk.into())))
}

/// Deletes the trunk.
#[utoipa::path(delete, path = "/api/v1/trunks/{id}", tag = "trunks",
    params(("id" = String, Path, description = "Trunk name", pattern = r"^[A-Za-z0-9._-]{1,64}$"), CustomerParam),
    responses((status = 204, description = "Deleted"), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Key(name): Key,
    Params(param): Params<CustomerParam>,
) -> ApiResult<StatusCode> {
    check_name(&name)?;
    let tenant = scope::tenant(&state, &caller, param.customer.as_deref(), Permission::SystemConfigure).await?;
    match state.store.delete_trunk(&tenant.id, &name).await? {
        true => Ok(StatusCode::NO_CONTENT),
        false => Err(ApiError::not_found("trunk")),
    }
}

async fn find(state: &AppState, name: &str) -> ApiResult<Option<StoredTrunk>> {
    Ok(state.store.trunks().await?.into_iter().find(|t| t.name == name))
}

/// A trunk name: 1 to 64 of letters, digits, `.`, `_`, `-`.
fn check_name(name: &str) -> ApiResult<()> {
    let ok = (1..=64).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if ok { Ok(()) } else { Err(ApiError::bad_request("A trunk name is 1 to 64 letters, digits, '.', '_' or '-'.")) }
}

/// The body checked; its credentials.
fn check_put(body: &TrunkPut) -> ApiResult<Option<TrunkSecret>> {
    let host_ok = (1..=253).contains(&body.host.len())
        && body.host.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b));
    if !host_ok || body.port == 0 {
        return Err(ApiError::bad_request("host is a host name or address, port 1 to 65535."));
    }
    let text_ok = |s: &str| (1..=128).contains(&s.chars().count()) && !s.chars().any(char::is_control);
    match (&body.username, &body.password) {
        (None, None) => Ok(None),
        (Some(user), Some(password)) if text_ok(user) && text_ok(password) => {
            Ok(Some(TrunkSecret { username: user.clone(), password: password.clone() }))
        }
        // Each field alone matches the schema; the pair rule is semantic (RFC 9110 §15.5.21).
        _ => Err(ApiError::unprocessable("username and password come together, 1 to 128 characters each.")),
    }
}
