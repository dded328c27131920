//! The dashboard (issue 6 item 2): the chart of the customer's calls per
//! day and peak concurrent calls over the last 30 days, in the customer's
//! time zone, read through the CPNI gate as usage (47 CFR 64.2003(g)
//! "quantity … of use"; `Store::call_volume`, audited as `usage.read`);
//! then the sections the role may open.

use access::Permission;
use axum::extract::{Extension, State};
use axum::http::Method;
use axum::response::Response;
use jiff::{Timestamp, ToSpan};
use serde::Serialize;

use super::{Shell, gate};
use crate::ClientAddr;
use crate::app::AppState;
use crate::auth::Visitor;
use crate::routes::{Access, Routes};

/// How many days the chart covers, today included.
const CHART_DAYS: u16 = 30;

pub(super) fn routes(routes: Routes) -> Routes {
    routes.route(Method::GET, "/dashboard", Access::Requires(Permission::ProfileManage), dashboard)
}

#[derive(Serialize)]
struct Dashboard {
    #[serde(flatten)]
    shell: Shell,
    chart: Option<Chart>,
}

/// The chart and its figures.
#[derive(Serialize)]
struct Chart {
    svg: String,
    calls: u32,
    answered: u32,
    peak: u32,
    zone: String,
}

async fn dashboard(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    client: Option<Extension<ClientAddr>>,
) -> Response {
    let chart = chart(&state, &visitor, client.map(|c| c.0)).await;
    state.pages.render("dashboard.html", Dashboard { shell: Shell::of(&visitor, "/dashboard"), chart })
}

/// The chart of the visitor's own tenant, if their role reads usage and
/// the gate lets them; a refusal or a failure leaves the chart out.
async fn chart(state: &AppState, visitor: &Visitor, client: Option<ClientAddr>) -> Option<Chart> {
    let person = visitor.person.as_ref().filter(|p| p.role.holds(Permission::UsageRead))?;
    let request = gate::request(visitor, client)?;
    let zone = state.store.tenant_time_zone(&person.tenant).await.ok()?;
    let today = Timestamp::now().to_zoned(zone.clone()).date();
    let first = today.checked_sub((i64::from(CHART_DAYS) - 1).days()).ok()?;
    let days = match state.store.call_volume(&request, &person.tenant, first, CHART_DAYS, &zone).await {
        Ok(days) => days,
        Err(error) => {
            tracing::info!(%error, "portal: no call volume chart");
            return None;
        }
    };
    let zone = zone.iana_name().unwrap_or("UTC").to_owned();
    Some(Chart {
        svg: crate::charts::call_volume_svg(&days),
        calls: days.iter().map(|d| d.calls).sum(),
        answered: days.iter().map(|d| d.answered).sum(),
        peak: days.iter().map(|d| d.peak_concurrent).max().unwrap_or(0),
        zone,
    })
}
