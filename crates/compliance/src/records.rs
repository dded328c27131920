//! The compliance records the rules say to keep (issue 7 items 5-8), as
//! plain values the store persists and the clocks and documents read:
//!
//! - [`breach`]: breach incidents and their dated events (64.2011, R24, R25).
//! - [`opt_out_failure`]: opt-out mechanism failures and their letter (64.2009(f), R15).
//! - [`kept`]: training, discipline, complaints, broker actions, agreements
//!   and certifications (64.2009(b), (e); R11, R26), and every record's
//!   retention period.
//! - [`certify`]: the annual certification drafted from them (64.2009(e)).
//! - [`notices`]: individual opt-out notices and the standing they leave (64.2008(d), R7).
//! - [`dashboard`]: every open clock of the records, by urgency.

pub mod breach;
pub mod certify;
pub mod dashboard;
pub mod kept;
pub mod notices;
pub mod opt_out_failure;
