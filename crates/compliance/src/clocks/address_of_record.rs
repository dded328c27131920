//! Address-of-record age, 47 CFR 64.2003(b) (R1, R17).
//!
//! An address of record is a postal or electronic address "associated with
//! the customer's account for at least 30 days"; only then may call detail
//! be sent to it on a customer-initiated call (64.2010(b)). Counting by
//! 1.4(c), the day the address was added is not counted: its 30th day is
//! added + 30, and it has certainly been associated for 30 days — whatever
//! the hour it was added — from added + 31 (`usable_from`). On the 30th day
//! itself an address added in the afternoon is not yet 30 days old, so the
//! conservative day is the one that never discloses early.

use jiff::civil::Date;

use super::{ClockReport, DateKind};
use crate::Error;
use crate::calendar::{check_range, days_after, next_day};

/// Days an address must have been on the account.
const MIN_AGE_DAYS: u32 = 30;

/// The age of one address on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressOfRecordClock {
    /// The day the address was added to the account.
    pub added: Date,
    /// The day asked about.
    pub on: Date,
    /// The 30th day after `added`.
    pub thirtieth_day: Date,
    /// The first day the address counts as the address of record.
    pub usable_from: Date,
}

/// Computes whether an address added on `added` is usable on `on`.
pub fn compute(added: Date, on: Date) -> Result<AddressOfRecordClock, Error> {
    check_range(on)?;
    let thirtieth_day = days_after(added, MIN_AGE_DAYS)?;
    Ok(AddressOfRecordClock { added, on, thirtieth_day, usable_from: next_day(thirtieth_day)? })
}

impl AddressOfRecordClock {
    /// Whether call detail may be sent to the address on `on`.
    pub fn usable(&self) -> bool {
        self.on >= self.usable_from
    }

    /// Whole days from `added` to `on` (negative before it was added).
    pub fn age_days(&self) -> i32 {
        (self.on - self.added).get_days()
    }

    /// The clock as named dates.
    pub fn report(&self) -> ClockReport {
        let mut report = ClockReport::new("address-of-record");
        let cite = "47 CFR 64.2003(b); 1.4(c)";
        report.date("added", self.added, DateKind::Input, "47 CFR 64.2003(b)", "address associated with the account");
        report.date("thirtieth_day", self.thirtieth_day, DateKind::LastDay, cite, "30th day of association");
        let meaning = "first day the address is an address of record (associated for at least 30 days)";
        report.date("usable_from", self.usable_from, DateKind::NotBefore, cite, meaning);
        report.date("on", self.on, DateKind::Input, "47 CFR 64.2010(b)", "the day asked about");
        report.flag("usable_on_date", self.usable(), "call detail may be sent to this address on the day asked about");
        report.flag("added_after_date", self.on < self.added, "the address did not exist yet on the day asked about");
        report.note(format!("age on {}: {} days", self.on, self.age_days()));
        report
    }
}
