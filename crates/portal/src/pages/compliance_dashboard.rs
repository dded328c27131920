//! The compliance dashboard (issue 7 item 8): every open CPNI clock of the
//! carrier from `Store::compliance_dashboard`, as `callvault cpni
//! dashboard` prints it — breach notices (47 CFR 64.2011(b)), opt-out
//! failure letters (64.2009(f)), biennial re-notices (64.2008(d)(2)),
//! campaigns awaiting supervisory approval (64.2009(d)) and the next annual
//! certification (64.2009(e)) — nearest first, overdue deadlines marked,
//! dates as ISO dates, business days on the configured FCC calendar
//! (`AppState::calendar`, 47 CFR 1.4(e)).
//!
//! It covers every customer, so only people of the platform tenant holding
//! `compliance.read` (the security officer) see it.

use access::Permission;
use axum::extract::{Extension, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use compliance::records::dashboard::DashboardItem;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use super::Shell;
use super::paging::{PAGE_SIZE, Pager};
use super::people::PageQuery;
use super::sign_in::internal;
use crate::app::AppState;
use crate::auth::Visitor;
use crate::routes::{Access, Routes};

const PATH: &str = "/compliance";

pub(super) fn routes(routes: Routes) -> Routes {
    routes.route(Method::GET, PATH, Access::Requires(Permission::ComplianceRead), page)
}

/// One open clock.
#[derive(Serialize)]
struct Row {
    date: String,
    days: i32,
    what: &'static str,
    subject: &'static str,
    id: String,
    deadline: bool,
    overdue: bool,
}

#[derive(Serialize)]
struct Dashboard {
    #[serde(flatten)]
    shell: Shell,
    today: String,
    rows: Vec<Row>,
    overdue: usize,
    pager: Pager,
}

async fn page(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Query(query): Query<PageQuery>,
) -> Response {
    let Some(me) = &visitor.person else { return super::sign_in_redirect() };
    match state.store.platform().await {
        Ok(platform) if platform.id == me.tenant => {}
        Ok(_) => return crate::refusal(PATH, StatusCode::FORBIDDEN, "forbidden", "You may not do this."),
        Err(error) => return internal(&error),
    }
    let today = compliance::gate::eastern_date(Timestamp::now());
    let items = match state.store.compliance_dashboard(&state.calendar, today).await {
        Ok(items) => items,
        Err(error) => return internal(&error),
    };
    let overdue = items.iter().filter(|item| item.overdue).count();
    let pager = Pager::new(query.page, items.len(), PAGE_SIZE);
    let rows = pager.cut(items, PAGE_SIZE).into_iter().map(|item| row(item, today)).collect();
    let shell = Shell::of(&visitor, PATH);
    state.pages.render("compliance.html", Dashboard { shell, today: today.to_string(), rows, overdue, pager })
}

fn row(item: DashboardItem, today: Date) -> Row {
    Row {
        date: item.date.to_string(),
        days: (item.date - today).get_days(),
        what: clock_words(item.name),
        subject: subject_words(item.subject),
        id: item.id,
        deadline: item.deadline,
        overdue: item.overdue,
    }
}

/// What a clock's date means, with the paragraph that sets it.
fn clock_words(name: &str) -> &'static str {
    match name {
        "le_notice_due" => "Last day to notify the Secret Service and the FBI (64.2011(b))",
        "customer_notice_earliest" => "First day customers may be told (64.2011(b))",
        "customer_notice_due" => "Last day to tell customers (64.2011, 2024 rule)",
        "fcc_letter_due" => "Last day to file the opt-out failure letter with the FCC (64.2009(f))",
        "renotice_due" => "Send the biennial opt-out notice again (64.2008(d)(2))",
        "resend_by_mail_since" => {
            "E-mail notice returned: mail it before the customer counts as notified (64.2008(d)(3)(iii))"
        }
        "approval_pending_since" => "Awaiting supervisory approval since (64.2009(d))",
        "due" => "Last day to file the annual CPNI certification (64.2009(e))",
        _ => "Open clock",
    }
}

/// What a clock is about.
fn subject_words(subject: &str) -> &'static str {
    match subject {
        "breach" => "Breach",
        "optout_failure" => "Opt-out failure",
        "renotice" | "notice" => "Customer",
        "campaign" => "Campaign",
        "certification" => "Certification for",
        _ => "Record",
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn every_clock_the_dashboard_names_has_words() {
        let names = [
            "le_notice_due",
            "customer_notice_earliest",
            "customer_notice_due",
            "fcc_letter_due",
            "renotice_due",
            "resend_by_mail_since",
            "approval_pending_since",
            "due",
        ];
        assert!(names.iter().all(|name| clock_words(name) != "Open clock"));
        let subjects = ["breach", "optout_failure", "renotice", "notice", "campaign", "certification"];
        assert!(subjects.iter().all(|subject| subject_words(subject) != "Record"));
    }

    #[test]
    fn a_row_counts_days_from_today() {
        let item = compliance::records::dashboard::renotice_item("cust-1", date(2024, 3, 1), date(2026, 3, 5));
        let row = row(item.unwrap(), date(2026, 3, 5));
        assert_eq!((row.date.as_str(), row.days, row.overdue), ("2026-03-01", -4, true));
    }
}
