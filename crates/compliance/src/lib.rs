//! callvault's CPNI compliance engine (issue 7): the rules of 47 CFR
//! 64.2001–64.2011 as pure functions over `model` — no runtime, no sockets,
//! no web framework. See `../shared/reference/cpni-rules.md` for the
//! requirements table (rows cited as R#).
//!
//! - [`calendar`]: the FCC business-day calendar and 47 CFR 1.4 counting.
//! - [`clocks`]: breach, opt-out notice, opt-out failure, annual
//!   certification and address-of-record clocks.
//! - [`documents`]: the opt-out failure letter (64.2009(f)) and the annual
//!   certification (64.2009(e)) as HTML and PDF.
//! - [`purpose`]: why CPNI is read (64.2005; 47 U.S.C. 222(c), (d).
//! - [`gate`]: the purpose gate, [`decide`], and its proof, [`Permit`].
//! - [`approval`]: customer approvals, opt-in and opt-out (64.2007, 64.2008.
//! - [`disclosure`]: customer-initiated disclosure of call detail (64.2010, 222(c)(2)).
//! - [`notice`]: notice templates validated against 64.2008(c), (d), (f).
//! - [`campaign`]: marketing campaigns and their supervisory review (64.2009(c), (d)).
//! - [`records`]: breach incidents, opt-out failures and the records of
//!   64.2009(b), (e) and 64.2011(d) the certification is drafted from.

pub mod approval;
pub mod calendar;
pub mod campaign;
pub mod clocks;
pub mod disclosure;
pub mod documents;
mod error;
pub mod gate;
pub mod notice;
pub mod purpose;
pub mod records;

pub use approval::{ApprovalAction, ApprovalRecord, ApprovalScope, ApprovalStatus, Mechanism, Method, OneTimeApproval};
pub use campaign::{Campaign, CampaignRequest};
pub use error::Error;
pub use gate::{
    AccessBasis, Accessor, AllowBasis, CampaignFacts, CpniKind, CpniRequest, Decision, DenyReason, GateInput,
    ONE_TIME_USE_LIMIT, OneTimeFacts, Permit, Rule, decide,
};
pub use purpose::{CallerVerification, Purpose};
