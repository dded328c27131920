//! The compliance crate's one error type: bad inputs to the rules (a clock's
//! dates, an approval record, a campaign) and documents that cannot be drafted.

use jiff::civil::Date;

/// Why a rule refused its input, a clock could not be computed or a document not rendered.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A date before 2000-01-01 or after 2199-12-31 (the calendar's range).
    #[error("{date} is outside the supported range 2000-01-01 to 2199-12-31")]
    DateOutOfRange {
        /// The date refused.
        date: Date,
    },
    /// A certification year outside 2007..=2198.
    #[error("certification year {year} is outside 2007 to 2198 (the first annual certification covered 2007)")]
    YearOutOfRange {
        /// The year refused.
        year: i16,
    },
    /// Two dates of one clock in an impossible order.
    #[error("{later_name} ({later}) cannot be before {earlier_name} ({earlier})")]
    DatesOutOfOrder {
        /// The date that must come first.
        earlier_name: &'static str,
        /// Its value.
        earlier: Date,
        /// The date that came before it.
        later_name: &'static str,
        /// Its value.
        later: Date,
    },
    /// A number outside what the rule allows.
    #[error("{name} must be between {min} and {max}, not {value}")]
    NumberOutOfRange {
        /// The option.
        name: &'static str,
        /// The value refused.
        value: u64,
        /// The smallest allowed.
        min: u64,
        /// The largest allowed.
        max: u64,
    },
    /// An option that the chosen rule or the other options make meaningless.
    #[error("{option} does not apply: {reason}")]
    NotApplicable {
        /// The option.
        option: &'static str,
        /// Why.
        reason: &'static str,
    },
    /// A required element of a filing is missing or blank.
    #[error("the {document} lacks a required element: {element}")]
    MissingElement {
        /// The document.
        document: &'static str,
        /// The element (and its CFR paragraph).
        element: &'static str,
    },
    /// A document says something its rule forbids.
    #[error("the {document} contains a forbidden statement: {what}")]
    ForbiddenContent {
        /// The document.
        document: &'static str,
        /// What is forbidden (and its CFR paragraph).
        what: &'static str,
    },
    /// A template failed to render.
    #[error("rendering the {document}: {message}")]
    Template {
        /// The document.
        document: &'static str,
        /// The template engine's error, as text (keeps this type `Clone` and `Eq`).
        message: String,
    },

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
    /// The person may neither run nor approve campaigns on the campaign's tenant.
    #[error("this person may not end this campaign: {0}")]
    MayNotEndCampaign(String),
    /// A one-time approval recorded by someone who is not one of the carrier's representatives on calls.
    #[error(
        "only support staff or the security officer record a one-time approval on a call (47 CFR 64.2008(f)), not {0}"
    )]
    NotARepresentative(&'static str),
    /// A once-only event of a record is already there (records are append-only).
    #[error("{what} is already recorded; records are append-only")]
    AlreadyRecorded {
        /// The event.
        what: &'static str,
    },
    /// A disclosure request took its last failed password attempt (47 CFR 64.2010(b)).
    #[error(
        "too many failed password attempts on this request: offer to send the call detail to the address of record \
         or to call back the telephone number of record (47 CFR 64.2010(b))"
    )]
    AttemptsExhausted,
    /// The campaign is already approved.
    #[error("the campaign is already approved")]
    AlreadyApproved,
}
