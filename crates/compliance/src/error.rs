//! The compliance crate's one error type.

use thiserror::Error;

/// Misuse of the compliance rules' inputs (bad input, refused records).
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ComplianceError {
    /// A purpose, scope, method or other name is not one we know.
    #[error("unknown {kind} {name:?}")]
    UnknownName {
        /// What kind of name it was.
        kind: &'static str,
        /// The name given.
        name: String,
    },
    /// A reference (legal process, campaign id, evidence) is empty, too long or has control characters.
    #[error("{0} must be non-empty printable text of bounded length")]
    BadReference(&'static str),
    /// Oral approval without a recording or transcript reference (47 CFR 64.2007(a)).
    #[error("oral approval needs a recording or transcript reference as evidence (47 CFR 64.2007(a))")]
    OralWithoutRecording,
    /// Opt-out approval whose notice was oral (47 CFR 64.2008(d): written or electronic only).
    #[error("opt-out notice must be written or electronic, never oral (47 CFR 64.2008(d))")]
    OralOptOut,
    /// Opt-out approval without the notified and effective dates.
    #[error("opt-out approval needs the date the customer counts as notified and the effective date")]
    OptOutDatesMissing,
    /// The effective date is less than 30 days after notification (47 CFR 64.2008(d)(1)).
    #[error(
        "opt-out approval takes effect at least 30 days after the customer counts as notified (47 CFR 64.2008(d)(1))"
    )]
    WaitTooShort,
    /// A campaign approved by its own requester (47 CFR 64.2009(d), two-person rule).
    #[error("a campaign cannot be approved by the person who requested it")]
    SelfApproval,
    /// The approver lacks `campaign.approve` on the campaign's tenant.
    #[error("the approver is not a supervisor for this campaign: {0}")]
    NotSupervisor(String),
    /// The campaign is already approved.
    #[error("the campaign is already approved")]
    AlreadyApproved,
}
