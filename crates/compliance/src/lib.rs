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

pub mod calendar;
pub mod clocks;
pub mod documents;
mod error;

pub use error::Error;
