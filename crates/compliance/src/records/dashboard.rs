//! The compliance dashboard (issue 7 item 8): every open clock, from the
//! records, sorted by urgency — nearest date first, overdue flagged.
//!
//! - a breach whose law-enforcement notice is not recorded: `le_notice_due`
//!   (64.2011(b)); one whose customers are not yet told: the first day
//!   they may be (`customer_notice_earliest`) and, under the 2024 rule, the
//!   last (`customer_notice_due`);
//! - an opt-out failure whose letter is not recorded as filed:
//!   `fcc_letter_due` (64.2009(f)), overdue once past; recording the filing
//!   closes it;
//! - a customer's opt-out notices: the biennial re-notice of the one that
//!   counts (`renotice_due`, 64.2008(d)(2)), and a bounced e-mail notice
//!   not yet mailed (`resend_by_mail_since`, 64.2008(d)(3)(iii)); for a
//!   customer without recorded notices, the re-notice of their opt-out
//!   approval's notice date;
//! - a campaign awaiting supervisory approval (64.2009(d)), since its
//!   request;
//! - the next annual certification (64.2009(e)): the previous year's until
//!   its due date has passed, then the current year's.
//!
//! A date is overdue when it is a deadline before today; a not-before date
//! (customers may be told from) is never overdue.

use jiff::civil::Date;

use super::breach::{BreachEventKind, BreachIncident};
use super::notices::NoticeStanding;
use super::opt_out_failure::OptOutFailureIncident;
use crate::Error;
use crate::calendar::BusinessCalendar;
use crate::clocks::breach::BreachRule;
use crate::clocks::{certification, opt_out};

/// One open clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardItem {
    /// The date.
    pub date: Date,
    /// The clock's date name, e.g. `le_notice_due`.
    pub name: &'static str,
    /// What it is about: `breach`, `optout_failure`, `renotice`, `notice`, `campaign`, `certification`.
    pub subject: &'static str,
    /// The record's id (a breach, a customer, a campaign, a year).
    pub id: String,
    /// Whether it is a deadline (else a first allowed day).
    pub deadline: bool,
    /// A deadline already passed.
    pub overdue: bool,
}

impl DashboardItem {
    fn new(date: Date, name: &'static str, subject: &'static str, id: &str, deadline: bool, today: Date) -> Self {
        Self { date, name, subject, id: id.to_owned(), deadline, overdue: deadline && date < today }
    }
}

/// The open clocks of breach `id`.
pub fn breach_items(
    calendar: &BusinessCalendar,
    id: &str,
    incident: &BreachIncident,
    today: Date,
) -> Result<Vec<DashboardItem>, Error> {
    let clock = incident.clock(calendar)?;
    let mut items = Vec::new();
    if incident.event(BreachEventKind::LeNotified).is_none() {
        items.push(DashboardItem::new(clock.agency_notice_due, "le_notice_due", "breach", id, true, today));
    }
    if incident.is_open() {
        let earliest = clock.customer_notice_earliest;
        items.push(DashboardItem::new(earliest, "customer_notice_earliest", "breach", id, false, today));
        if let (BreachRule::Rule2024, Some(due)) = (incident.rule, clock.customer_notice_due) {
            items.push(DashboardItem::new(due, "customer_notice_due", "breach", id, true, today));
        }
    }
    Ok(items)
}

/// The letter of opt-out failure `id`, until it is filed (`filed`: the day it was).
pub fn optout_failure_item(
    calendar: &BusinessCalendar,
    id: &str,
    incident: &OptOutFailureIncident,
    filed: Option<Date>,
    today: Date,
) -> Result<Option<DashboardItem>, Error> {
    if filed.is_some() {
        return Ok(None);
    }
    let due = incident.clock(calendar)?.fcc_letter_due;
    Ok(Some(DashboardItem::new(due, "fcc_letter_due", "optout_failure", id, true, today)))
}

/// The re-notice of an opt-out notice the customer `id` counts as notified of on `notified`.
pub fn renotice_item(id: &str, notified: Date, today: Date) -> Result<DashboardItem, Error> {
    let due = opt_out::notice(notified, opt_out::NoticeChannel::Mail)?.renotice_due;
    Ok(DashboardItem::new(due, "renotice_due", "renotice", id, true, today))
}

/// A customer's opt-out notices (`records::notices`): the biennial
/// re-notice of the notice that counts, and a bounced e-mail notice still
/// to be mailed (not a deadline, but the customer does not count as
/// notified until it is, 64.2008(d)(3)(iii)). `id` is the customer's.
pub fn notice_items(id: &str, standing: &NoticeStanding, today: Date) -> Vec<DashboardItem> {
    let mut items = Vec::new();
    if let Some(notified) = &standing.notified {
        items.push(DashboardItem::new(notified.clock.renotice_due, "renotice_due", "renotice", id, true, today));
    }
    if let Some((_, bounced)) = &standing.resend {
        items.push(DashboardItem::new(*bounced, "resend_by_mail_since", "notice", id, false, today));
    }
    items
}

/// A campaign `id` requested on `requested` and not yet approved.
pub fn pending_campaign_item(id: &str, requested: Date, today: Date) -> DashboardItem {
    DashboardItem::new(requested, "approval_pending_since", "campaign", id, false, today)
}

/// The next certification to file on `today`.
pub fn certification_item(calendar: &BusinessCalendar, today: Date) -> Result<DashboardItem, Error> {
    let previous = certification::compute(calendar, today.year() - 1)?;
    let next = if previous.due >= today { previous } else { certification::compute(calendar, today.year())? };
    Ok(DashboardItem::new(next.due, "due", "certification", &next.year.to_string(), true, today))
}

/// `items` by urgency: earliest date first, then subject and id.
pub fn sort(items: &mut [DashboardItem]) {
    items.sort_by(|a, b| (a.date, a.subject, &a.id, a.name).cmp(&(b.date, b.subject, &b.id, b.name)));
}
