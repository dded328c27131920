//! The compliance records the rules say to keep (issue 7 items 5-8), as
//! plain values the store persists and the clocks and documents read:
//!
//! - [`breach`]: breach incidents and their dated events (64.2011, R24, R25).

pub mod breach;
