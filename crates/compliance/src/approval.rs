//! Customer approvals of CPNI use (47 CFR 64.2007, 64.2008; R3, R4, R7, R8
//! of `reference/cpni-rules.md`).
//!
//! - Approval may be written, oral or electronic; for oral approval the
//!   carrier bears the burden of proof, so the evidence must name a
//!   recording or a transcript (64.2007(a)(1)).
//! - Approval *or disapproval* stays in effect until the customer revokes or
//!   limits it (64.2007(a)(2)): the history is append-only and the last
//!   record of a scope is its state; a revocation ends it.
//! - Opt-out approval suffices only for the carrier's own marketing of
//!   communications-related services and for disclosure to its agents and
//!   affiliates that provide communications-related services (64.2007(b));
//!   joint venture partners and independent contractors (64.2007(b)(1)) and
//!   third parties need opt-in.
//! - An opt-out approval counts only once the notice's waiting period is
//!   over: at least 30 days after the customer counts as notified
//!   (64.2008(d)(1)); the clocks compute that date, and it is an input here
//!   (`effective_on`). Opt-out notices are written or electronic, never oral
//!   (64.2008(d)).

use jiff::Timestamp;
use jiff::civil::Date;

use crate::Error;
use crate::purpose::check_reference;

/// Who may receive or use the customer's CPNI under an approval (64.2007(b)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ApprovalScope {
    /// The carrier's own marketing of communications-related services.
    OwnMarketing,
    /// Disclosure to agents and affiliates that provide communications-related services.
    AgentsAffiliates,
    /// Disclosure to joint venture partners and independent contractors (64.2007(b)(1)).
    JointVenturersContractors,
    /// Disclosure to any other third party.
    ThirdParties,
}

impl ApprovalScope {
    /// Every scope.
    pub const ALL: [Self; 4] =
        [Self::OwnMarketing, Self::AgentsAffiliates, Self::JointVenturersContractors, Self::ThirdParties];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::OwnMarketing => "own_marketing",
            Self::AgentsAffiliates => "agents_affiliates",
            Self::JointVenturersContractors => "joint_venturers_contractors",
            Self::ThirdParties => "third_parties",
        }
    }

    /// The scope with this code.
    pub fn parse(code: &str) -> Result<Self, Error> {
        Self::ALL
            .into_iter()
            .find(|scope| scope.code() == code)
            .ok_or_else(|| Error::UnknownName { kind: "approval scope", name: code.to_owned() })
    }

    /// Whether opt-out approval is enough for this scope (64.2007(b)).
    pub fn opt_out_suffices(self) -> bool {
        matches!(self, Self::OwnMarketing | Self::AgentsAffiliates)
    }
}

/// How approval was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mechanism {
    /// Affirmative, express consent (64.2003(k)).
    OptIn,
    /// No objection within the waiting period after notice (64.2003(l)).
    OptOut,
}

/// The form the customer's approval, disapproval or revocation took (64.2007(a)(1)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// On paper.
    Written,
    /// Spoken; the evidence names a recording or a transcript.
    Oral,
    /// By e-mail, web form or other electronic means.
    Electronic,
}

/// What a history record does to its scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalAction {
    /// The customer approved.
    Approve(Mechanism),
    /// The customer disapproved (opted out, or refused opt-in).
    Disapprove,
    /// The customer revoked their earlier approval or disapproval.
    Revoke,
}

/// The customer's oral approval, after oral notice, of one-time use of
/// their CPNI during one inbound or outbound call (64.2008(f)); the gate
/// lets it open CPNI only on that call, while it lasts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneTimeApproval {
    /// The call's reference (see [`crate::purpose::check_call_reference`]).
    pub call: String,
    /// The recording or transcript of the notice and the approval: the
    /// carrier bears the burden of proving oral approval (64.2007(a)(1)).
    pub evidence: String,
}

impl OneTimeApproval {
    /// Refuses a call reference that is a number or address, and evidence
    /// that names no recording or transcript.
    pub fn validate(&self) -> Result<(), Error> {
        crate::purpose::check_call_reference(&self.call)?;
        check_reference("evidence", &self.evidence)?;
        if names_recording(&self.evidence) { Ok(()) } else { Err(Error::OralWithoutRecording) }
    }

    /// Refuses a recorder whose role may not use CPNI under it: the same
    /// roles the gate lets name one-time use.
    pub fn check_recorder(role: access::Role) -> Result<(), Error> {
        let purpose = crate::Purpose::OneTimeUse { call: String::new() };
        if crate::gate::roles_for(&purpose).contains(&role) {
            Ok(())
        } else {
            Err(Error::NotARepresentative(role.name()))
        }
    }
}

/// One record of a customer's approval history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalRecord {
    /// The scope it concerns.
    pub scope: ApprovalScope,
    /// Approve, disapprove or revoke.
    pub action: ApprovalAction,
    /// Its form.
    pub method: Method,
    /// Where the proof is: a document id, `recording:REF` or `transcript:REF` for oral ones.
    pub evidence: String,
    /// Opt-out: the date the customer counts as notified.
    pub notified_on: Option<Date>,
    /// The date it takes effect (for opt-out, the end of the waiting period).
    pub effective_on: Date,
    /// When it was recorded.
    pub recorded_at: Timestamp,
    /// Who recorded it.
    pub recorded_by: String,
}

/// The days an opt-out notice must wait at least (64.2008(d)(1)).
pub const OPT_OUT_WAIT_DAYS: i64 = 30;

impl ApprovalRecord {
    /// Refuses a record the rules do not allow.
    pub fn validate(&self) -> Result<(), Error> {
        check_reference("evidence", &self.evidence)?;
        if self.method == Method::Oral && !names_recording(&self.evidence) {
            return Err(Error::OralWithoutRecording);
        }
        match self.action {
            ApprovalAction::Approve(Mechanism::OptOut) => self.validate_opt_out(),
            _ => Ok(()),
        }
    }

    fn validate_opt_out(&self) -> Result<(), Error> {
        if self.method == Method::Oral {
            return Err(Error::OralOptOut);
        }
        let notified = self.notified_on.ok_or(Error::OptOutDatesMissing)?;
        let earliest = notified.checked_add(jiff::Span::new().days(OPT_OUT_WAIT_DAYS));
        match earliest {
            Ok(earliest) if self.effective_on >= earliest => Ok(()),
            _ => Err(Error::WaitTooShort),
        }
    }
}

fn names_recording(evidence: &str) -> bool {
    ["recording:", "transcript:"].iter().any(|prefix| evidence.strip_prefix(prefix).is_some_and(|r| !r.is_empty()))
}

/// A customer's approval state for one scope on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalStatus {
    /// No approval or disapproval in effect.
    None,
    /// Approved by opt-in since that date.
    OptIn {
        /// Its effective date.
        since: Date,
    },
    /// Approved by opt-out, counting from its effective date.
    OptOut {
        /// The end of the notice's waiting period.
        effective_on: Date,
    },
    /// The customer disapproved.
    Disapproved {
        /// Its effective date.
        since: Date,
    },
}

impl ApprovalStatus {
    /// The state `history` leaves `scope` in: its last record (the history
    /// is in recording order). A revocation leaves no approval.
    pub fn of(history: &[ApprovalRecord], scope: ApprovalScope) -> Self {
        let Some(last) = history.iter().rev().find(|record| record.scope == scope) else {
            return Self::None;
        };
        match last.action {
            ApprovalAction::Approve(Mechanism::OptIn) => Self::OptIn { since: last.effective_on },
            ApprovalAction::Approve(Mechanism::OptOut) => Self::OptOut { effective_on: last.effective_on },
            ApprovalAction::Disapprove => Self::Disapproved { since: last.effective_on },
            ApprovalAction::Revoke => Self::None,
        }
    }
}

impl Mechanism {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::OptIn => "opt_in",
            Self::OptOut => "opt_out",
        }
    }

    /// The mechanism with this code.
    pub fn parse(code: &str) -> Result<Self, Error> {
        [Self::OptIn, Self::OptOut]
            .into_iter()
            .find(|m| m.code() == code)
            .ok_or_else(|| Error::UnknownName { kind: "mechanism", name: code.to_owned() })
    }
}

impl Method {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Written => "written",
            Self::Oral => "oral",
            Self::Electronic => "electronic",
        }
    }

    /// The method with this code.
    pub fn parse(code: &str) -> Result<Self, Error> {
        [Self::Written, Self::Oral, Self::Electronic]
            .into_iter()
            .find(|m| m.code() == code)
            .ok_or_else(|| Error::UnknownName { kind: "method", name: code.to_owned() })
    }
}

impl ApprovalAction {
    /// The stable code: `opt_in`, `opt_out`, `disapprove` or `revoke`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Approve(mechanism) => mechanism.code(),
            Self::Disapprove => "disapprove",
            Self::Revoke => "revoke",
        }
    }

    /// The action with this code.
    pub fn parse(code: &str) -> Result<Self, Error> {
        match code {
            "disapprove" => Ok(Self::Disapprove),
            "revoke" => Ok(Self::Revoke),
            other => Mechanism::parse(other).map(Self::Approve),
        }
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn record(action: ApprovalAction, method: Method, evidence: &str) -> ApprovalRecord {
        ApprovalRecord {
            scope: ApprovalScope::OwnMarketing,
            action,
            method,
            evidence: evidence.into(),
            notified_on: Some(date(2026, 1, 5)),
            effective_on: date(2026, 2, 4),
            recorded_at: Timestamp::UNIX_EPOCH,
            recorded_by: "operator".into(),
        }
    }

    #[test]
    fn oral_approval_needs_a_recording_or_transcript() {
        let optin = ApprovalAction::Approve(Mechanism::OptIn);
        assert_eq!(record(optin, Method::Oral, "call 12").validate(), Err(Error::OralWithoutRecording));
        assert_eq!(record(optin, Method::Oral, "recording:").validate(), Err(Error::OralWithoutRecording));
        assert!(record(optin, Method::Oral, "recording:rec-42").validate().is_ok());
        assert!(record(optin, Method::Oral, "transcript:t-7").validate().is_ok());
    }

    #[test]
    fn opt_out_is_never_oral_and_waits_thirty_days() {
        let optout = ApprovalAction::Approve(Mechanism::OptOut);
        assert_eq!(record(optout, Method::Oral, "recording:r").validate(), Err(Error::OralOptOut));
        assert!(record(optout, Method::Written, "letter 9").validate().is_ok(), "Jan 5 + 30 days = Feb 4");
        let mut early = record(optout, Method::Electronic, "mail 9");
        early.effective_on = date(2026, 2, 3);
        assert_eq!(early.validate(), Err(Error::WaitTooShort));
        early.notified_on = None;
        assert_eq!(early.validate(), Err(Error::OptOutDatesMissing));
    }

    #[test]
    fn the_last_record_of_a_scope_is_its_state_until_revoked() {
        let optin = record(ApprovalAction::Approve(Mechanism::OptIn), Method::Written, "form 1");
        let no = record(ApprovalAction::Disapprove, Method::Written, "form 2");
        let revoke = record(ApprovalAction::Revoke, Method::Written, "form 3");
        let mut other = optin.clone();
        other.scope = ApprovalScope::ThirdParties;
        assert_eq!(ApprovalStatus::of(&[], ApprovalScope::OwnMarketing), ApprovalStatus::None);
        let since = date(2026, 2, 4);
        let history = [optin.clone(), no.clone(), other.clone()];
        assert_eq!(ApprovalStatus::of(&history, ApprovalScope::OwnMarketing), ApprovalStatus::Disapproved { since });
        assert_eq!(ApprovalStatus::of(&history, ApprovalScope::ThirdParties), ApprovalStatus::OptIn { since });
        assert_eq!(ApprovalStatus::of(&[optin, no, revoke], ApprovalScope::OwnMarketing), ApprovalStatus::None);
    }

    #[test]
    fn opt_out_suffices_only_for_own_marketing_and_agents_affiliates() {
        let suffices: Vec<_> = ApprovalScope::ALL.into_iter().filter(|s| s.opt_out_suffices()).collect();
        assert_eq!(suffices, [ApprovalScope::OwnMarketing, ApprovalScope::AgentsAffiliates]);
    }
}
