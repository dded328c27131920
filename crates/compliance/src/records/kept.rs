//! The carrier's CPNI compliance records (issue 7 item 7) and how long each
//! is kept:
//!
//! | kind | what | kept until | source |
//! |---|---|---|---|
//! | `training` | a person's training on when CPNI may and may not be used | 2 years after completion | 64.2009(b) (R11); R13 "compliance records ≥ 1 yr", doubled so a year's records outlive its certification (due March 1 of the next year) |
//! | `discipline` | a case of the express disciplinary process | 2 years after the action | 64.2009(b) (R11); as training |
//! | `complaint` | a customer complaint on unauthorized release of CPNI, by category | 2 years after receipt | 64.2009(e) (R14): summarised in the next certification |
//! | `broker_action` | an action against a data broker or pretexter | 2 years after the action | 64.2009(e) (R14): explained in the next certification |
//! | `confidentiality_agreement` | a JV partner's or contractor's confidentiality agreement | 1 year after it ends; never while in effect | R26 (our policy; the 2002 text of 64.2007(b)) |
//! | `agent_certification` | an agent's or affiliate's certification of its CPNI duties | 1 year after it ends; never while in effect | R26, R12 (our policy) |
//!
//! Approvals and disapprovals (64.2007(a), R3: kept "≥1 yr", recommended
//! while in effect + 1 year) are kept while in effect and 1 year after they
//! end ([`approval_keep_until`]); marketing campaigns with their
//! supervisory approval (64.2009(c), (d), R12, R13: "a minimum of one
//! year") 1 year after the campaign ended, never while it runs
//! ([`campaign_keep_until`]).
//!
//! Breaches (64.2011(d), "a minimum of 2 years") and opt-out failures
//! (64.2009(f); kept 2 years by our policy) have their own records
//! ([`super::breach`], [`super::opt_out_failure`]); [`breach_keep_until`]
//! and [`OPT_OUT_FAILURE_YEARS`] say how long.
//!
//! A record goes only once the day after its last kept day has begun
//! (`keep_until < today`), counted on the calendar (February 29 + 1 year is
//! February 28): never early.

use jiff::civil::Date;

use super::breach::BreachIncident;
use crate::Error;
use crate::approval::{ApprovalAction, ApprovalRecord};
use crate::calendar::{BusinessCalendar, years_after};
use crate::documents::certification::ComplaintSummary;

/// Years an opt-out failure record is kept after its discovery.
pub const OPT_OUT_FAILURE_YEARS: i16 = 2;
/// Years approval and campaign records are kept after they end (64.2007(a), 64.2009(c), (d)).
pub const APPROVAL_CAMPAIGN_YEARS: i16 = 1;
/// Years a breach record is kept after its last notification (64.2011(d)).
const BREACH_YEARS: i16 = 2;
/// Longest free text of a category.
const CATEGORY_MAX: usize = 200;

/// What a compliance record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordKind {
    /// A training completion (64.2009(b)).
    Training,
    /// A disciplinary action (64.2009(b)).
    Discipline,
    /// A customer complaint about unauthorized release of CPNI (64.2009(e)).
    Complaint,
    /// An action against a data broker or pretexter (64.2009(e)).
    BrokerAction,
    /// A third party's confidentiality agreement (R26).
    ConfidentialityAgreement,
    /// An agent's certification (R26).
    AgentCertification,
}

impl RecordKind {
    /// Every kind.
    pub const ALL: [Self; 6] = [
        Self::Training,
        Self::Discipline,
        Self::Complaint,
        Self::BrokerAction,
        Self::ConfidentialityAgreement,
        Self::AgentCertification,
    ];

    /// The stored and command-line name.
    pub fn code(self) -> &'static str {
        match self {
            Self::Training => "training",
            Self::Discipline => "discipline",
            Self::Complaint => "complaint",
            Self::BrokerAction => "broker_action",
            Self::ConfidentialityAgreement => "confidentiality_agreement",
            Self::AgentCertification => "agent_certification",
        }
    }

    /// The kind named `code` (`-` and `_` alike).
    pub fn parse(code: &str) -> Result<Self, Error> {
        let code = code.replace('-', "_");
        Self::ALL
            .into_iter()
            .find(|kind| kind.code() == code)
            .ok_or_else(|| Error::UnknownName { kind: "record kind", name: code.clone() })
    }

    /// Years kept after the record's date (or its end, for agreements).
    pub fn keep_years(self) -> i16 {
        match self {
            Self::ConfidentialityAgreement | Self::AgentCertification => 1,
            Self::Training | Self::Discipline | Self::Complaint | Self::BrokerAction => 2,
        }
    }

    /// Whether the record is in effect until it ends (and kept while so).
    pub fn runs_until_ended(self) -> bool {
        matches!(self, Self::ConfidentialityAgreement | Self::AgentCertification)
    }
}

/// A complaint's category, as the Enforcement Bureau's template counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComplaintCategory {
    /// Improper access by employees.
    EmployeeAccess,
    /// Improper disclosure to individuals not authorized to receive CPNI.
    UnauthorizedDisclosure,
    /// Improper access to online information by unauthorized individuals.
    OnlineAccess,
    /// Any other unauthorized release.
    Other,
}

impl ComplaintCategory {
    /// Every category.
    pub const ALL: [Self; 4] = [Self::EmployeeAccess, Self::UnauthorizedDisclosure, Self::OnlineAccess, Self::Other];

    /// The stored name.
    pub fn code(self) -> &'static str {
        match self {
            Self::EmployeeAccess => "employee_access",
            Self::UnauthorizedDisclosure => "unauthorized_disclosure",
            Self::OnlineAccess => "online_access",
            Self::Other => "other",
        }
    }

    /// The category named `code`.
    pub fn parse(code: &str) -> Result<Self, Error> {
        let code = code.replace('-', "_");
        Self::ALL
            .into_iter()
            .find(|category| category.code() == code)
            .ok_or_else(|| Error::UnknownName { kind: "complaint category", name: code.clone() })
    }
}

/// One compliance record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplianceRecord {
    /// What it is.
    pub kind: RecordKind,
    /// When it happened (completed, acted, received, signed).
    pub on: Date,
    /// When an agreement or certification ended, if it has.
    pub ends_on: Option<Date>,
    /// A complaint's category code; a broker action's forum; else a short label.
    pub category: String,
    /// The details (sealed when stored).
    pub details: String,
}

impl ComplianceRecord {
    /// Checks the record: a complaint has a known category, a broker action
    /// a forum, details are given, an end is not before the start.
    pub fn validate(&self) -> Result<(), Error> {
        crate::documents::required(&self.details, "compliance record", "its details")?;
        if self.category.len() > CATEGORY_MAX || self.category.chars().any(char::is_control) {
            return Err(Error::BadReference("--category"));
        }
        match self.kind {
            RecordKind::Complaint => ComplaintCategory::parse(&self.category).map(|_| ())?,
            RecordKind::BrokerAction => {
                crate::documents::required(&self.category, "broker action", "the forum (--category)").map(|_| ())?
            }
            _ => {}
        }
        match self.ends_on {
            Some(end) if end < self.on => {
                Err(Error::DatesOutOfOrder { earlier_name: "on", earlier: self.on, later_name: "ends_on", later: end })
            }
            Some(_) if !self.kind.runs_until_ended() => {
                Err(Error::NotApplicable { option: "--ends-on", reason: "only agreements and certifications end" })
            }
            _ => Ok(()),
        }
    }

    /// The last day the record must be kept; none while it is in effect.
    pub fn keep_until(&self) -> Result<Option<Date>, Error> {
        let basis = if self.kind.runs_until_ended() { self.ends_on } else { Some(self.on) };
        basis.map(|day| years_after(day, self.kind.keep_years())).transpose()
    }
}

/// Whether a record kept until `keep_until` may go on `today`.
pub fn expired(keep_until: Option<Date>, today: Date) -> bool {
    keep_until.is_some_and(|last| last < today)
}

/// The last day a breach record must be kept: 2 years after the latest of
/// its events and of the clock's notification dates (64.2011(d)); none
/// while customers have not been notified.
pub fn breach_keep_until(incident: &BreachIncident, calendar: &BusinessCalendar) -> Result<Option<Date>, Error> {
    if incident.is_open() {
        return Ok(None);
    }
    let clock = incident.clock(calendar)?;
    let latest_event = incident.events.iter().map(|event| event.on).max().unwrap_or(incident.determined);
    Ok(Some(clock.records_keep_until.max(years_after(latest_event, BREACH_YEARS)?)))
}

/// The last day an opt-out failure record discovered on `discovered` is kept.
pub fn opt_out_failure_keep_until(discovered: Date) -> Result<Date, Error> {
    years_after(discovered, OPT_OUT_FAILURE_YEARS)
}

/// For each record of one customer's approval history (in recording
/// order), the last day it must be kept; `None` while it is in effect.
///
/// A record ends when a later record of its scope replaces it (on the later
/// of that record's effective date and the day it was recorded); a
/// revocation that is the last of its scope ends on its own such day; the
/// last approval or disapproval of a scope is in effect (64.2007(a)(2)).
pub fn approval_keep_until(history: &[ApprovalRecord]) -> Result<Vec<Option<Date>>, Error> {
    let mut kept = Vec::with_capacity(history.len());
    for (index, record) in history.iter().enumerate() {
        let successor = history[index + 1..].iter().find(|later| later.scope == record.scope);
        let ended = match successor {
            Some(later) => Some(ended_on(later)),
            None if record.action == ApprovalAction::Revoke => Some(ended_on(record)),
            None => None,
        };
        kept.push(ended.map(|day| years_after(day, APPROVAL_CAMPAIGN_YEARS)).transpose()?);
    }
    Ok(kept)
}

/// The day a record takes over: the later of its effective date and the
/// day (America/New_York) it was recorded.
fn ended_on(record: &ApprovalRecord) -> Date {
    record.effective_on.max(crate::gate::eastern_date(record.recorded_at))
}

/// The last day a campaign record (with its supervisory approval) must be
/// kept: 1 year after it ended; `None` while it runs.
pub fn campaign_keep_until(ended: Option<Date>) -> Result<Option<Date>, Error> {
    ended.map(|day| years_after(day, APPROVAL_CAMPAIGN_YEARS)).transpose()
}

/// The last day a one-time approval (64.2008(f)) must be kept: like any
/// approval record, 1 year after it stopped counting, the day its call
/// ended (64.2007(a)(3)).
pub fn one_time_keep_until(call_ended: Date) -> Result<Date, Error> {
    years_after(call_ended, APPROVAL_CAMPAIGN_YEARS)
}

/// The complaints of `records` received in `year`, by category.
pub fn complaint_summary(records: &[ComplianceRecord], year: i16) -> ComplaintSummary {
    let mut summary = ComplaintSummary::default();
    let complaints = records.iter().filter(|record| record.kind == RecordKind::Complaint && record.on.year() == year);
    for record in complaints {
        match ComplaintCategory::parse(&record.category) {
            Ok(ComplaintCategory::EmployeeAccess) => summary.employee_access += 1,
            Ok(ComplaintCategory::UnauthorizedDisclosure) => summary.unauthorized_disclosure += 1,
            Ok(ComplaintCategory::OnlineAccess) => summary.online_access += 1,
            _ => summary.other += 1,
        }
    }
    summary
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;
    use jiff::civil::date;

    use super::*;
    use crate::approval::{ApprovalScope, Mechanism, Method};

    fn record(scope: ApprovalScope, action: ApprovalAction, effective_on: Date) -> ApprovalRecord {
        ApprovalRecord {
            scope,
            action,
            method: Method::Written,
            evidence: "form".into(),
            notified_on: None,
            effective_on,
            // 2024-01-01 noon UTC: recorded before every effective date below.
            recorded_at: Timestamp::from_second(1_704_110_400).unwrap(),
            recorded_by: "operator".into(),
        }
    }

    #[test]
    fn approvals_are_kept_while_in_effect_and_a_year_after_they_end() {
        use ApprovalScope::{OwnMarketing, ThirdParties};
        let optin = ApprovalAction::Approve(Mechanism::OptIn);
        let history = [
            record(OwnMarketing, optin, date(2024, 2, 29)),
            record(ThirdParties, optin, date(2024, 3, 1)),
            record(OwnMarketing, ApprovalAction::Disapprove, date(2025, 6, 10)),
            record(ThirdParties, ApprovalAction::Revoke, date(2025, 7, 1)),
        ];
        let kept = approval_keep_until(&history).unwrap();
        assert_eq!(
            kept,
            [Some(date(2026, 6, 10)), Some(date(2026, 7, 1)), None, Some(date(2026, 7, 1))],
            "replaced: a year after the replacement; the disapproval in effect: kept; a revocation: a year"
        );
        assert!(!expired(kept[0], date(2026, 6, 10)) && expired(kept[0], date(2026, 6, 11)));
        assert!(!expired(kept[2], date(2199, 1, 1)), "in effect: never");
    }

    #[test]
    fn a_record_replaced_retroactively_counts_from_when_it_was_replaced() {
        let optin = ApprovalAction::Approve(Mechanism::OptIn);
        let mut later = record(ApprovalScope::OwnMarketing, ApprovalAction::Disapprove, date(2023, 1, 1));
        later.recorded_at = Timestamp::from_second(1_720_000_000).unwrap(); // 2024-07-03 in New York
        let history = [record(ApprovalScope::OwnMarketing, optin, date(2022, 1, 1)), later];
        assert_eq!(approval_keep_until(&history).unwrap()[0], Some(date(2025, 7, 3)));
    }

    #[test]
    fn campaigns_are_kept_a_year_after_they_end_and_never_while_they_run() {
        assert_eq!(campaign_keep_until(None).unwrap(), None);
        assert_eq!(campaign_keep_until(Some(date(2024, 2, 29))).unwrap(), Some(date(2025, 2, 28)));
    }
}
