//! The audit log viewer (issue 6 item 2; 47 CFR 64.2009(c)): records
//! newest first, a page at a time, filtered by actor and action. The
//! carrier's staff (people of the platform tenant) see the whole log; a
//! reseller's or customer's people see only records about their own tenant.

use access::Permission;
use axum::extract::{Extension, Query, State};
use axum::http::Method;
use axum::response::Response;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use store::{AuditDecision, AuditFilter};

use super::Shell;
use super::sign_in::internal;
use crate::app::AppState;
use crate::auth::Visitor;
use crate::routes::{Access, Routes};

/// Records per page.
const PAGE: u32 = 50;

pub(super) fn routes(routes: Routes) -> Routes {
    routes.route(Method::GET, "/audit", Access::Requires(Permission::AuditRead), page)
}

#[derive(Deserialize, Serialize, Default)]
struct Filters {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    before: Option<i64>,
}

#[derive(Serialize)]
struct Entry {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    target: String,
    purpose: String,
    allowed: bool,
    source: String,
}

#[derive(Serialize)]
struct Log {
    #[serde(flatten)]
    shell: Shell,
    entries: Vec<Entry>,
    actor: String,
    action: String,
    query: String,
    next: Option<i64>,
    first_page: bool,
    whole_log: bool,
}

async fn page(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Query(filters): Query<Filters>,
) -> Response {
    let Some(me) = &visitor.person else { return super::sign_in_redirect() };
    let whole_log = match state.store.platform().await {
        Ok(platform) => platform.id == me.tenant,
        Err(error) => return internal(&error),
    };
    let filter = AuditFilter {
        actor: Some(filters.actor.trim().to_owned()).filter(|a| !a.is_empty()),
        action: Some(filters.action.trim().to_owned()).filter(|a| !a.is_empty()),
        target_prefix: (!whole_log).then(|| me.tenant.0.clone()),
    };
    let found = match state.store.audit_page(&filter, filters.before, PAGE).await {
        Ok(found) => found,
        Err(error) => return internal(&error),
    };
    let next = found.last().filter(|_| found.len() == PAGE as usize).map(|(seq, _)| *seq);
    let entries = found.into_iter().map(entry).collect();
    let query = query_of(&filter);
    let log = Log {
        shell: Shell::of(&visitor, "/audit"),
        entries,
        actor: filters.actor,
        action: filters.action,
        query,
        next,
        first_page: filters.before.is_none(),
        whole_log,
    };
    state.pages.render("audit.html", log)
}

fn entry((seq, r): (i64, store::AuditRecord)) -> Entry {
    let at =
        Timestamp::from_millisecond(r.at_ms).map(|t| t.strftime("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_default();
    Entry {
        seq,
        at,
        actor: r.actor,
        action: r.action,
        target: r.target,
        purpose: r.purpose,
        allowed: r.decision == AuditDecision::Allow,
        source: r.source,
    }
}

/// The filters as a query string, percent-encoded (RFC 3986 §2.1).
fn query_of(filter: &AuditFilter) -> String {
    let encode = |v: &str| -> String {
        v.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    let mut parts = Vec::new();
    if let Some(actor) = &filter.actor {
        parts.push(format!("actor={}", encode(actor)));
    }
    if let Some(action) = &filter.action {
        parts.push(format!("action={}", encode(action)));
    }
    parts.join("&")
}
