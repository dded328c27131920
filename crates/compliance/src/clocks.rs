//! The CPNI clocks: each takes dated facts and a [`BusinessCalendar`] and
//! returns a typed result, which [`ClockReport`] turns into named ISO dates
//! with the rule cited (for the CLI, the dashboard and the records).
//!
//! Counting conventions shared by every clock (47 CFR 1.4):
//! - the day of the event is never counted; "N days after D" ends on D + N
//!   and "N business days after D" is the N-th business day after D;
//! - a state that needs a period to *have passed* ("at least 30 days",
//!   "until 7 full business days have passed", "wait a 30-day minimum
//!   period") holds from the day after the period's last day: we only know
//!   dates, not times, so this is the first day on which the period has
//!   certainly elapsed whatever the hour of the event;
//! - only filings with the Commission roll forward off holidays (1.4(j));
//!   notices to customers and to law enforcement do not, but business-day
//!   deadlines always end on a business day anyway.
//!
//! [`BusinessCalendar`]: crate::calendar::BusinessCalendar

pub mod address_of_record;
pub mod breach;
pub mod certification;
pub mod opt_out;
mod report;

pub use report::{ClockReport, DateKind, NamedDate, NamedFlag};
