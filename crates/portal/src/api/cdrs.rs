//! `GET /api/v1/cdrs`: a customer's call detail records, newest first,
//! filtered by time, direction and disposition. CDRs are CPNI (47 CFR
//! 64.2003(d)): every page is read through the compliance gate with a
//! purpose, the customer's own people under customer self-service
//! (64.2010), the carrier's and reseller's staff under service provision
//! (47 U.S.C. 222(c)(1)(A)); the gate decides and audits (`cdr.read`). An
//! end user gets only the calls of the extensions assigned to them
//! (`cdr.read_own`, issue 5 item 4).

use access::{Permission, Role};
use axum::extract::State;
use axum::http::Method;
use axum::{Extension, Json};
use compliance::{Accessor, CpniRequest, Purpose};
use jiff::Timestamp;
use model::{CallDirection, Cdr, Disposition};
use serde::{Deserialize, Serialize};
use store::{CdrCursor, CdrQuery};
use utoipa::{IntoParams, ToSchema};

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{Caller, Params};
use super::page::{self, bad_cursor};
use super::scope;
use crate::app::AppState;
use crate::routes::{Access, Routes};
use crate::server::ClientAddr;

pub(super) fn routes(routes: Routes) -> Routes {
    routes.route(Method::GET, "/api/v1/cdrs", Access::Requires(Permission::CdrRead), list)
}

/// A call's direction.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Direction {
    Inbound,
    Outbound,
    Internal,
}

/// How a call attempt ended.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Outcome {
    Answered,
    Busy,
    NoAnswer,
    Failed,
    Cancelled,
}

/// The query.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct CdrParams {
    /// A child customer's slug (resellers and the platform only).
    customer: Option<String>,
    /// Only calls that started at or after this instant (RFC 3339).
    #[param(format = DateTime)]
    from: Option<String>,
    /// Only calls that started before this instant (RFC 3339).
    #[param(format = DateTime)]
    to: Option<String>,
    direction: Option<Direction>,
    disposition: Option<Outcome>,
    /// Items per page, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
    /// The `next` value of the previous page.
    #[param(pattern = r"^[0-9a-fA-F]{16}([0-9a-fA-F]{2})*$")]
    cursor: Option<String>,
}

/// One call detail record.
#[derive(Serialize, ToSchema)]
pub(crate) struct CdrView {
    id: String,
    caller: String,
    callee: String,
    /// The DID the call came in on, if any.
    did: Option<String>,
    direction: Direction,
    /// The trunk it used, if any.
    trunk: Option<String>,
    /// RFC 3339.
    start: String,
    /// RFC 3339, if answered.
    answer: Option<String>,
    /// RFC 3339.
    end: String,
    disposition: Outcome,
    /// The final SIP status code.
    sip_status: u16,
}

/// A page of CDRs, newest first.
#[derive(Serialize, ToSchema)]
pub(crate) struct CdrPage {
    items: Vec<CdrView>,
    /// Pass as `cursor` for the next page; null on the last.
    next: Option<String>,
}

/// The customer's call detail records.
#[utoipa::path(get, path = "/api/v1/cdrs", tag = "cdrs", params(CdrParams),
    responses((status = 200, body = CdrPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    client: Option<Extension<ClientAddr>>,
    Params(params): Params<CdrParams>,
) -> ApiResult<Json<CdrPage>> {
    let query = query(&params)?;
    let customer = scope::customer(&state, &caller, params.customer.as_deref(), Permission::CdrRead).await?;
    let source = client.map_or_else(|| "api".to_owned(), |Extension(ClientAddr(ip))| ip.to_string());
    let own = caller.actor.role.acts_on_own_records_only().then(|| caller.actor.person.clone());
    let request = CpniRequest { purpose: purpose(caller.actor.role), accessor: Accessor::Person(caller.actor), source };
    let (cdrs, next) = match &own {
        None => state.store.cdrs_query(&request, &customer.id, &query).await?,
        Some(person) => state.store.own_cdrs_query(&request, &customer.id, person, &query).await?,
    };
    let next = next.map(|c| encode_cursor(&c));
    Ok(Json(CdrPage { items: cdrs.into_iter().map(view).collect(), next }))
}

/// The customer's own people read under self-service; everyone else
/// (carrier, reseller) to provide the service.
fn purpose(role: Role) -> Purpose {
    match role {
        Role::CustomerAdmin | Role::User => Purpose::CustomerSelfService,
        _ => Purpose::ServiceProvision,
    }
}

/// The store query for `params`, checked.
fn query(params: &CdrParams) -> ApiResult<CdrQuery> {
    let instant = |text: &Option<String>, name: &str| -> ApiResult<Option<i64>> {
        let Some(text) = text else { return Ok(None) };
        let parsed: Timestamp = text
            .parse()
            .map_err(|_| ApiError::bad_request(format!("{name} is an RFC 3339 time, e.g. 2026-11-22T10:00:00Z.")))?;
        Ok(Some(parsed.as_millisecond()))
    };
    Ok(CdrQuery {
        from_ms: instant(&params.from, "from")?,
        to_ms: instant(&params.to, "to")?,
        direction: params.direction.map(direction),
        disposition: params.disposition.map(disposition),
        after: params.cursor.as_deref().map(cursor).transpose()?,
        limit: page::limit(params.limit)?,
    })
}

/// A CDR cursor: hex of the last start (8 bytes, big-endian) and id.
fn encode_cursor(cursor: &CdrCursor) -> String {
    let mut bytes = cursor.start_ms.to_be_bytes().to_vec();
    bytes.extend_from_slice(cursor.id.as_bytes());
    hex::encode(bytes)
}

fn cursor(text: &str) -> ApiResult<CdrCursor> {
    let bytes = hex::decode(text).map_err(|_| bad_cursor())?;
    let (start, id) = bytes.split_first_chunk::<8>().ok_or_else(bad_cursor)?;
    Ok(CdrCursor { start_ms: i64::from_be_bytes(*start), id: String::from_utf8_lossy(id).into_owned() })
}

fn direction(d: Direction) -> CallDirection {
    match d {
        Direction::Inbound => CallDirection::Inbound,
        Direction::Outbound => CallDirection::Outbound,
        Direction::Internal => CallDirection::Internal,
    }
}

fn disposition(d: Outcome) -> Disposition {
    match d {
        Outcome::Answered => Disposition::Answered,
        Outcome::Busy => Disposition::Busy,
        Outcome::NoAnswer => Disposition::NoAnswer,
        Outcome::Failed => Disposition::Failed,
        Outcome::Cancelled => Disposition::Cancelled,
    }
}

fn view(cdr: Cdr) -> CdrView {
    let time = |ms: i64| Timestamp::from_millisecond(ms).map(|t| t.to_string()).unwrap_or_default();
    CdrView {
        direction: match cdr.direction {
            CallDirection::Inbound => Direction::Inbound,
            CallDirection::Outbound => Direction::Outbound,
            _ => Direction::Internal,
        },
        disposition: match cdr.disposition {
            Disposition::Answered => Outcome::Answered,
            Disposition::Busy => Outcome::Busy,
            Disposition::NoAnswer => Outcome::NoAnswer,
            Disposition::Cancelled => Outcome::Cancelled,
            _ => Outcome::Failed,
        },
        start: time(cdr.start_ms),
        answer: cdr.answer_ms.map(time),
        end: time(cdr.end_ms),
        id: cdr.id.0,
        caller: cdr.caller,
        callee: cdr.callee,
        did: cdr.did,
        trunk: cdr.trunk,
        sip_status: cdr.sip_status,
    }
}
