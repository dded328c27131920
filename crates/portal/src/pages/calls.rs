//! Call history (issue 6 item 2): the customer's CDRs, newest first,
//! filtered by date range (in the customer's time zone), direction and
//! disposition, a page at a time, and exported as CSV (RFC 4180). CDRs are
//! CPNI (47 CFR 64.2003(g)): every page and every export reads through the
//! gate with the visitor's purpose (`gate`), which audits it; the export is
//! audited once more as `cdr.export`. Outside numbers are shown whole only
//! to roles that may export them; others see the last four digits. Those
//! who configure the PBX set the customer's time zone here (an IANA name).

use access::{Permission, PersonId};
use axum::extract::{Extension, Form, Query, State};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use compliance::CpniRequest;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use model::{Cdr, TenantId};
use serde::{Deserialize, Serialize};
use store::{AuditDecision, AuditRecord, Person, StoreError};

use super::{Shell, gate};
use crate::ClientAddr;
use crate::app::AppState;
use crate::auth::Visitor;
use crate::routes::{Access, Routes};

/// CDRs per page.
const PAGE: u32 = 50;
/// The most CDRs one export holds.
const EXPORT_MAX: usize = 10_000;

pub(super) fn routes(routes: Routes) -> Routes {
    routes
        .route(Method::GET, "/calls", Access::Requires(Permission::CdrRead), page)
        .route(Method::GET, "/calls.csv", Access::Requires(Permission::CdrExport), export)
        .route(Method::POST, "/calls/time-zone", Access::Requires(Permission::PbxConfigure), set_zone)
}

/// The zones offered first (any IANA name is taken): the United States'.
const ZONES: [&str; 8] = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "UTC",
];

/// The filters, as the form sends them; anything unparsable is ignored.
#[derive(Deserialize, Default)]
struct Filters {
    from: Option<String>,
    to: Option<String>,
    direction: Option<String>,
    disposition: Option<String>,
    before: Option<i64>,
}

/// The filters, checked.
#[derive(Serialize, Default)]
struct Checked {
    from: Option<Date>,
    to: Option<Date>,
    direction: Option<&'static str>,
    disposition: Option<&'static str>,
}

const DIRECTIONS: [&str; 3] = ["inbound", "outbound", "internal"];
const DISPOSITIONS: [&str; 4] = ["answered", "busy", "no_answer", "failed"];

impl Filters {
    fn checked(&self) -> Checked {
        let date = |s: &Option<String>| s.as_deref().and_then(|s| s.parse::<Date>().ok());
        let pick = |s: &Option<String>, from: &[&'static str]| from.iter().copied().find(|v| Some(*v) == s.as_deref());
        Checked {
            from: date(&self.from),
            to: date(&self.to),
            direction: pick(&self.direction, &DIRECTIONS),
            disposition: pick(&self.disposition, &DISPOSITIONS),
        }
    }
}

impl Checked {
    /// The query string of these filters (values are dates and fixed words: nothing to escape).
    fn query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(from) = self.from {
            parts.push(format!("from={from}"));
        }
        if let Some(to) = self.to {
            parts.push(format!("to={to}"));
        }
        if let Some(direction) = self.direction {
            parts.push(format!("direction={direction}"));
        }
        if let Some(disposition) = self.disposition {
            parts.push(format!("disposition={disposition}"));
        }
        parts.join("&")
    }

    /// The first and past-the-last millisecond the dates cover in `zone`.
    fn bounds(&self, zone: &TimeZone) -> (i64, i64) {
        let start = |d: Date| d.to_zoned(zone.clone()).ok().map(|z| z.timestamp().as_millisecond());
        let from = self.from.and_then(start).unwrap_or(i64::MIN);
        let to = self.to.and_then(|d| d.checked_add(1.day()).ok()).and_then(start).unwrap_or(i64::MAX);
        (from, to)
    }

    fn keeps(&self, cdr: &Cdr) -> bool {
        self.direction.is_none_or(|d| cdr.direction.as_str() == d)
            && self.disposition.is_none_or(|d| cdr.disposition.as_str() == d)
    }
}

/// One call as the page and the export show it.
#[derive(Serialize)]
struct Call {
    started: String,
    caller: String,
    callee: String,
    direction: &'static str,
    disposition: &'static str,
    seconds: i64,
    duration: String,
}

impl Call {
    fn of(cdr: &Cdr, zone: &TimeZone, whole_numbers: bool) -> Self {
        let started = Timestamp::from_millisecond(cdr.start_ms)
            .map(|t| t.to_zoned(zone.clone()).strftime("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default();
        let seconds = cdr.answer_ms.map_or(0, |answer| (cdr.end_ms - answer).max(0) / 1000);
        let show = |n: &str| if whole_numbers { n.to_owned() } else { mask(n) };
        Self {
            started,
            caller: show(&cdr.caller),
            callee: show(&cdr.callee),
            direction: cdr.direction.as_str(),
            disposition: cdr.disposition.as_str(),
            seconds,
            duration: format!("{}:{:02}", seconds / 60, seconds % 60),
        }
    }
}

/// An outside number with all but its last four characters hidden; short
/// (extension) numbers stay whole.
fn mask(number: &str) -> String {
    let count = number.chars().count();
    if count <= 6 {
        return number.to_owned();
    }
    let tail: String = number.chars().skip(count - 4).collect();
    format!("•••{tail}")
}

/// Whose calls a history shows: the customer's, or one person's own.
#[derive(Clone, Copy)]
struct Whose<'a> {
    customer: &'a TenantId,
    owner: Option<&'a PersonId>,
}

impl<'a> Whose<'a> {
    /// What `person` may see: their own calls if their role reads only its
    /// own records, else their customer's.
    fn of(person: &'a Person) -> Self {
        let owner = person.role.acts_on_own_records_only().then_some(&person.id);
        Self { customer: &person.tenant, owner }
    }
}

/// One gated page of the CDRs `whose` before `before`, and the cursor of
/// the next one if there may be more within `from`.
async fn read(
    state: &AppState,
    request: &CpniRequest,
    whose: Whose<'_>,
    before: i64,
    from: i64,
) -> Result<(Vec<Cdr>, Option<i64>), StoreError> {
    let mut cdrs = match whose.owner {
        None => state.store.cdrs_page(request, whose.customer, Some(before), PAGE).await?,
        Some(owner) => state.store.own_cdrs_page(request, whose.customer, owner, Some(before), PAGE).await?,
    };
    let full = cdrs.len() >= PAGE as usize;
    cdrs.retain(|c| c.start_ms >= from);
    let next = cdrs.last().filter(|_| full).map(|c| c.start_ms);
    Ok((cdrs, next))
}

#[derive(Serialize)]
struct History {
    #[serde(flatten)]
    shell: Shell,
    calls: Vec<Call>,
    filters: Checked,
    query: String,
    next: Option<i64>,
    first_page: bool,
    can_export: bool,
    can_configure: bool,
    zone: String,
    zones: [&'static str; 8],
    directions: [&'static str; 3],
    dispositions: [&'static str; 4],
}

async fn page(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    client: Option<Extension<ClientAddr>>,
    Query(filters): Query<Filters>,
) -> Response {
    let (Some(person), Some(request)) = (&visitor.person, gate::request(&visitor, client.map(|c| c.0))) else {
        return super::sign_in_redirect();
    };
    let checked = filters.checked();
    let zone = match state.store.tenant_time_zone(&person.tenant).await {
        Ok(zone) => zone,
        Err(error) => return super::sign_in::internal(&error),
    };
    let (from, to) = checked.bounds(&zone);
    let before = filters.before.map_or(to, |b| b.min(to));
    let (cdrs, next) = match read(&state, &request, Whose::of(person), before, from).await {
        Ok(read) => read,
        Err(error) => return gate::refused_or_internal("/calls", &error),
    };
    let can_export = person.role.holds(Permission::CdrExport);
    let calls = cdrs.iter().filter(|c| checked.keeps(c)).map(|c| Call::of(c, &zone, can_export)).collect();
    let history = History {
        shell: Shell::of(&visitor, "/calls"),
        calls,
        query: checked.query(),
        filters: checked,
        next,
        first_page: filters.before.is_none(),
        can_export,
        can_configure: person.role.holds(Permission::PbxConfigure),
        zone: zone.iana_name().unwrap_or("UTC").to_owned(),
        zones: ZONES,
        directions: DIRECTIONS,
        dispositions: DISPOSITIONS,
    };
    state.pages.render("calls.html", history)
}

#[derive(Deserialize)]
struct ZoneForm {
    #[serde(default)]
    csrf: String,
    zone: String,
}

async fn set_zone(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Form(form): Form<ZoneForm>,
) -> Response {
    let Some(person) = visitor.person.as_ref().filter(|_| visitor.csrf_ok(&form.csrf)) else {
        return crate::refusal("/calls", StatusCode::FORBIDDEN, "forbidden", "This form has expired; reload the page.");
    };
    match state.store.set_tenant_time_zone(&person.tenant, form.zone.trim()).await {
        Ok(()) => Redirect::to("/calls").into_response(),
        Err(StoreError::Invalid(_)) => crate::refusal(
            "/calls",
            StatusCode::BAD_REQUEST,
            "invalid",
            "That is not a time zone name, e.g. America/Chicago.",
        ),
        Err(error) => super::sign_in::internal(&error),
    }
}

async fn export(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    client: Option<Extension<ClientAddr>>,
    Query(filters): Query<Filters>,
) -> Response {
    let (Some(person), Some(request)) = (&visitor.person, gate::request(&visitor, client.map(|c| c.0))) else {
        return super::sign_in_redirect();
    };
    let checked = filters.checked();
    let zone = match state.store.tenant_time_zone(&person.tenant).await {
        Ok(zone) => zone,
        Err(error) => return super::sign_in::internal(&error),
    };
    let rows = match collect(&state, &request, Whose::of(person), &checked, &zone).await {
        Ok(rows) => rows,
        Err(error) => return gate::refused_or_internal("/calls", &error),
    };
    if let Err(error) = audit_export(&state, &request, &person.tenant, rows.len()).await {
        return super::sign_in::internal(&error);
    }
    let body = csv(&rows.iter().map(|c| Call::of(c, &zone, true)).collect::<Vec<_>>());
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
        (header::CONTENT_DISPOSITION, "attachment; filename=\"calls.csv\""),
        (header::CACHE_CONTROL, "no-store"),
    ];
    (headers, body).into_response()
}

/// Every CDR the filters keep, up to [`EXPORT_MAX`], page by gated page.
async fn collect(
    state: &AppState,
    request: &CpniRequest,
    whose: Whose<'_>,
    checked: &Checked,
    zone: &TimeZone,
) -> Result<Vec<Cdr>, StoreError> {
    let (from, mut before) = checked.bounds(zone);
    let mut kept = Vec::new();
    while kept.len() < EXPORT_MAX {
        let (cdrs, next) = read(state, request, whose, before, from).await?;
        kept.extend(cdrs.into_iter().filter(|c| checked.keeps(c)));
        let Some(next) = next else { break };
        before = next;
    }
    kept.truncate(EXPORT_MAX);
    Ok(kept)
}

/// The export's own audit record (the gate audited each read already).
async fn audit_export(
    state: &AppState,
    request: &CpniRequest,
    customer: &TenantId,
    rows: usize,
) -> Result<(), StoreError> {
    let record = AuditRecord {
        at_ms: Timestamp::now().as_millisecond(),
        actor: request.accessor.audit_name(),
        action: "cdr.export".into(),
        target: format!("{} ({rows} rows)", customer.0),
        purpose: request.purpose.code().into(),
        decision: AuditDecision::Allow,
        source: request.source.clone(),
    };
    state.store.append_audit(&record).await.map(drop)
}

/// The calls as CSV (RFC 4180: CRLF line ends, every field quoted).
fn csv(calls: &[Call]) -> String {
    let mut out = String::from("started,caller,callee,direction,disposition,talk_seconds\r\n");
    for c in calls {
        let fields = [c.started.as_str(), &c.caller, &c.callee, c.direction, c.disposition, &c.seconds.to_string()];
        let line: Vec<String> = fields.iter().map(|f| quote(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A quoted CSV field; one that a spreadsheet would run as a formula
/// (OWASP "CSV injection") gets a leading `'`, unless it is a phone number.
fn quote(field: &str) -> String {
    let number =
        field.strip_prefix('+').is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()));
    let risky = field.starts_with(['=', '+', '-', '@', '\t', '\r']) && !number;
    let field = if risky { format!("'{field}") } else { field.to_owned() };
    format!("\"{}\"", field.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outside_numbers_are_masked_and_extensions_are_not() {
        assert_eq!(mask("+15551234567"), "•••4567");
        assert_eq!(mask("201"), "201");
    }

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(quote("a\"b"), "\"a\"\"b\"");
        assert_eq!(quote("=cmd()"), "\"'=cmd()\"");
        assert_eq!(quote("+15551234567"), "\"+15551234567\"");
    }
}
