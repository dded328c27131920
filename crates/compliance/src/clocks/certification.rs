//! The annual CPNI certification's due date, 47 CFR 64.2009(e) (R14).
//!
//! "A telecommunications carrier must have an officer, as an agent of the
//! carrier, sign and file with the Commission a compliance certificate on an
//! annual basis ... This filing must be made annually with the Enforcement
//! Bureau on or before March 1 in EB Docket No. 06-36, for data pertaining
//! to the previous calendar year." So the certification for year Y covers
//! January 1 to December 31 of Y and is due March 1 of Y + 1; it is a
//! Commission filing, so a March 1 on a weekend, holiday or closure day
//! rolls to the next business day (1.4(j)). Years before 2007 (the first
//! certification filed under the 2007 order covered 2007) are refused.

use jiff::civil::Date;

use super::{ClockReport, DateKind};
use crate::Error;
use crate::calendar::BusinessCalendar;

/// The first calendar year covered by a filed certification.
pub const FIRST_YEAR: i16 = 2007;
/// The last year the calendar can answer for (due in 2199).
pub const LAST_YEAR: i16 = 2198;

/// The dates of one year's certification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CertificationClock {
    /// The calendar year covered.
    pub year: i16,
    /// January 1 of `year`.
    pub covers_from: Date,
    /// December 31 of `year`.
    pub covers_through: Date,
    /// March 1 of the next year.
    pub due_nominal: Date,
    /// The filing date after the 1.4(j) roll-forward.
    pub due: Date,
}

/// Computes the certification dates for calendar year `year`.
pub fn compute(calendar: &BusinessCalendar, year: i16) -> Result<CertificationClock, Error> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(Error::YearOutOfRange { year });
    }
    let (covers_from, covers_through) = (jiff::civil::date(year, 1, 1), jiff::civil::date(year, 12, 31));
    let due_nominal = jiff::civil::date(year + 1, 3, 1);
    let due = calendar.filing_date(due_nominal)?;
    Ok(CertificationClock { year, covers_from, covers_through, due_nominal, due })
}

impl CertificationClock {
    /// Whether March 1 was not a business day.
    pub fn rolled_forward(&self) -> bool {
        self.due != self.due_nominal
    }

    /// The clock as named dates.
    pub fn report(&self) -> ClockReport {
        let mut report = ClockReport::new("certification");
        let cite = "47 CFR 64.2009(e)";
        report.date(
            "covers_from",
            self.covers_from,
            DateKind::Period,
            cite,
            "first day of the calendar year certified",
        );
        report.date(
            "covers_through",
            self.covers_through,
            DateKind::Period,
            cite,
            "last day of the calendar year certified",
        );
        report.date("due_nominal", self.due_nominal, DateKind::Input, cite, "March 1 of the following year");
        let meaning =
            "last day to file the certification in EB Docket No. 06-36 (March 1, rolled to the next business day)";
        report.date("due", self.due, DateKind::Deadline, "47 CFR 64.2009(e); 1.4(j)", meaning);
        report.flag(
            "rolled_forward",
            self.rolled_forward(),
            "March 1 is not a business day, so the filing is due on the next one",
        );
        report
    }
}
