//! Opt-out clocks: the notice waiting period and re-notice, 47 CFR
//! 64.2008(d) (R7), and the failure letter, 64.2009(f) (R15).
//!
//! - 64.2008(d)(1): carriers "must wait a 30-day minimum period of time
//!   after giving customers notice and an opportunity to opt-out before
//!   assuming customer approval". Calendar days.
//!   - (d)(1)(i), electronic notice: the period "shall begin to run from the
//!     date on which the notification was sent". With 1.4(c) the sending day
//!     is not counted: the 30 days are sent+1 .. sent+30
//!     (`wait_last_day`) and approval may be assumed from sent+31
//!     (`approval_assumed_from`).
//!   - (d)(1)(ii), mail: the period "shall begin to run on the third day
//!     following the date that the notification was mailed". The rule names
//!     the first day itself, so day one is mailed+3, the 30th day mailed+32,
//!     and approval may be assumed from mailed+33.
//!   - A bounced e-mail notice does not count: it must be re-sent another
//!     way (64.2008(d)(3)(iii)) and the clock starts again from that notice.
//! - 64.2008(d)(2): carriers using opt-out "must provide notices to their
//!   customers every two years": `renotice_due` is two years after the
//!   notice was sent (February 29 → February 28), a last day, not rolled.
//! - 64.2009(f): written notice to the Commission "within five business
//!   days" of an opt-out mechanism failure that is more than an anomaly.
//!   The rule counts from the failure; we count from its discovery (the
//!   first day the carrier can know), so `fcc_letter_due` is the 5th
//!   business day after `discovered` — a Commission filing, always on a
//!   business day.

use jiff::civil::Date;

use super::{ClockReport, DateKind};
use crate::Error;
use crate::calendar::{BusinessCalendar, check_range, days_after, next_day, years_after};

/// The minimum opt-out waiting period in calendar days.
const WAIT_DAYS: u32 = 30;
/// Mail: the period begins on the third day after mailing.
const MAIL_START_OFFSET: u32 = 3;
/// Years between opt-out notices.
const RENOTICE_YEARS: i16 = 2;
/// Business days for the opt-out failure letter.
const FAILURE_LETTER_BUSINESS_DAYS: u32 = 5;

/// How an opt-out notice was given (oral notice cannot start an opt-out
/// period, 64.2008(d)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeChannel {
    /// Electronic (e-mail) notice, with the customer's prior approval.
    Email,
    /// Notice by mail.
    Mail,
}

impl NoticeChannel {
    /// `email` or `mail`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Mail => "mail",
        }
    }
}

impl std::str::FromStr for NoticeChannel {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        match text {
            "email" => Ok(Self::Email),
            "mail" => Ok(Self::Mail),
            _ => Err(Error::NotApplicable {
                option: "--channel",
                reason: "an opt-out notice goes by email or mail (never orally, 64.2008(d))",
            }),
        }
    }
}

/// The waiting period of one opt-out notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptOutNoticeClock {
    /// The day the notice was sent or mailed.
    pub sent: Date,
    /// How.
    pub channel: NoticeChannel,
    /// The first day of the 30-day period.
    pub wait_first_day: Date,
    /// The 30th day of the period.
    pub wait_last_day: Date,
    /// The first day approval may be assumed (absent an opt-out).
    pub approval_assumed_from: Date,
    /// The last day for the next biennial notice.
    pub renotice_due: Date,
}

/// Computes the waiting period of a notice sent on `sent` by `channel`.
pub fn notice(sent: Date, channel: NoticeChannel) -> Result<OptOutNoticeClock, Error> {
    let wait_first_day = match channel {
        NoticeChannel::Email => next_day(sent)?,
        NoticeChannel::Mail => days_after(sent, MAIL_START_OFFSET)?,
    };
    let wait_last_day = days_after(wait_first_day, WAIT_DAYS - 1)?;
    let approval_assumed_from = next_day(wait_last_day)?;
    let renotice_due = years_after(sent, RENOTICE_YEARS)?;
    Ok(OptOutNoticeClock { sent, channel, wait_first_day, wait_last_day, approval_assumed_from, renotice_due })
}

impl OptOutNoticeClock {
    /// Whether approval may be assumed on `day` (if the customer has not
    /// opted out).
    pub fn approval_assumed_on(&self, day: Date) -> bool {
        day >= self.approval_assumed_from
    }

    /// The clock as named dates.
    pub fn report(&self) -> ClockReport {
        let mut report = ClockReport::new("opt-out-notice");
        let (sent_meaning, first_cite) = match self.channel {
            NoticeChannel::Email => ("opt-out notice sent by e-mail", "47 CFR 64.2008(d)(1)(i); 1.4(c)"),
            NoticeChannel::Mail => ("opt-out notice mailed", "47 CFR 64.2008(d)(1)(ii)"),
        };
        report.date("sent", self.sent, DateKind::Input, "47 CFR 64.2008(d)", sent_meaning);
        report.date(
            "wait_first_day",
            self.wait_first_day,
            DateKind::Period,
            first_cite,
            "first day of the 30-day waiting period",
        );
        report.date(
            "wait_last_day",
            self.wait_last_day,
            DateKind::LastDay,
            "47 CFR 64.2008(d)(1)",
            "30th and last day of the waiting period",
        );
        let meaning = "first day opt-out approval may be assumed for a customer who has not opted out";
        report.date(
            "approval_assumed_from",
            self.approval_assumed_from,
            DateKind::NotBefore,
            "47 CFR 64.2008(d)(1)",
            meaning,
        );
        let meaning = "send the next opt-out notice by this day (every two years)";
        report.date("renotice_due", self.renotice_due, DateKind::Deadline, "47 CFR 64.2008(d)(2)", meaning);
        if self.channel == NoticeChannel::Email {
            report.note("a bounced e-mail notice does not count: re-send it another way and start the clock from that notice (64.2008(d)(3)(iii))");
        }
        report.note("the notice must state the waiting period (64.2008(d)(1)); a longer period may be chosen");
        report
    }
}

/// The deadline of the opt-out failure letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptOutFailureClock {
    /// The day the failure was discovered.
    pub discovered: Date,
    /// The last day to file the letter with the Commission.
    pub fcc_letter_due: Date,
}

/// Computes when the letter for a failure discovered on `discovered` is due.
pub fn failure(calendar: &BusinessCalendar, discovered: Date) -> Result<OptOutFailureClock, Error> {
    let fcc_letter_due = calendar.business_days_after(check_range(discovered)?, FAILURE_LETTER_BUSINESS_DAYS)?;
    Ok(OptOutFailureClock { discovered, fcc_letter_due })
}

impl OptOutFailureClock {
    /// The clock as named dates.
    pub fn report(&self) -> ClockReport {
        let mut report = ClockReport::new("opt-out-failure");
        report.date(
            "discovered",
            self.discovered,
            DateKind::Input,
            "47 CFR 64.2009(f)",
            "opt-out mechanism failure discovered",
        );
        let meaning = "last day to file the written notice with the FCC (5 business days after discovery)";
        report.date(
            "fcc_letter_due",
            self.fcc_letter_due,
            DateKind::Deadline,
            "47 CFR 64.2009(f); 1.4(c),(e)",
            meaning,
        );
        report.note("the letter is due even if other opt-out methods still work; see documents::opt_out_failure for its required contents");
        report
    }
}
