//! Individual opt-out notices given to a customer (47 CFR 64.2008(d); R7
//! of `reference/cpni-rules.md`), and what they add up to: whether the
//! customer counts as notified, from when approval may be assumed, when the
//! next notice is due, and whether a bounced e-mail notice still has to be
//! given another way.
//!
//! - A notice goes by e-mail or mail, never orally (64.2008(d)). Its day is
//!   the day it was sent (e-mail: the day the mail relay took it) or mailed;
//!   the waiting period runs from there (`clocks::opt_out`).
//! - An e-mail notice goes only to a customer who gave express, verifiable,
//!   prior approval to receive notices by e-mail (64.2008(d)(3)(i)).
//! - A returned (bounced) e-mail notice does not count: the notice must be
//!   sent in another form before the customer counts as notified
//!   (64.2008(d)(3)(iii)); so after a bounce only a mailed notice is
//!   accepted, until one is.
//! - Notices are repeated every two years (64.2008(d)(2)): the re-notice is
//!   due two years after the notice that counts.

use jiff::civil::Date;

use crate::Error;
use crate::clocks::opt_out::{self, NoticeChannel};

/// One individual notice, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentNotice {
    /// The notice's id.
    pub id: String,
    /// E-mail or mail.
    pub channel: NoticeChannel,
    /// The template version it was sent with (R6).
    pub version: String,
    /// The day it was sent or mailed; `None` while an e-mail waits in the outbox.
    pub sent_on: Option<Date>,
    /// The day an e-mail notice came back undeliverable.
    pub bounced_on: Option<Date>,
}

impl SentNotice {
    /// Whether it counts as notice: sent, and not returned.
    pub fn counts(&self) -> bool {
        self.sent_on.is_some() && self.bounced_on.is_none()
    }
}

/// The notice a customer counts as notified by, and its clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notified {
    /// The notice.
    pub id: String,
    /// Its waiting period and re-notice date.
    pub clock: opt_out::OptOutNoticeClock,
}

/// Where a customer stands with opt-out notices.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NoticeStanding {
    /// The latest notice that counts, if any.
    pub notified: Option<Notified>,
    /// The latest notice bounced, and none was given another way since: its
    /// id and the day it came back.
    pub resend: Option<(String, Date)>,
    /// An e-mail notice still in the outbox.
    pub pending: Option<String>,
}

impl NoticeStanding {
    /// The standing `notices` (in the order they were recorded) leave.
    pub fn of(notices: &[SentNotice]) -> Result<Self, Error> {
        let mut standing = Self::default();
        for notice in notices {
            match (notice.sent_on, notice.bounced_on) {
                (_, Some(bounced)) => standing.resend = Some((notice.id.clone(), bounced)),
                (Some(sent), None) => {
                    let clock = opt_out::notice(sent, notice.channel)?;
                    standing.notified = Some(Notified { id: notice.id.clone(), clock });
                    standing.resend = None;
                    standing.pending = None;
                }
                (None, None) => standing.pending = Some(notice.id.clone()),
            }
        }
        Ok(standing)
    }

    /// Refuses a new notice by `channel` while a bounced e-mail notice waits
    /// to be given in another form, and an e-mail notice without the
    /// customer's prior approval of e-mail notices.
    pub fn check_next(&self, channel: NoticeChannel, email_approved: bool) -> Result<(), Error> {
        match channel {
            NoticeChannel::Email if self.resend.is_some() => Err(Error::NotApplicable {
                option: "--channel email",
                reason: "the last e-mail notice came back undeliverable: send it by mail before the customer \
                         counts as notified (47 CFR 64.2008(d)(3)(iii))",
            }),
            NoticeChannel::Email if !email_approved => Err(Error::NotApplicable {
                option: "--channel email",
                reason: "the customer has not given express, verifiable, prior approval to receive notices by \
                         e-mail (47 CFR 64.2008(d)(3)(i))",
            }),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn notice(id: &str, channel: NoticeChannel, sent: Option<Date>, bounced: Option<Date>) -> SentNotice {
        SentNotice { id: id.into(), channel, version: "2026-11".into(), sent_on: sent, bounced_on: bounced }
    }

    #[test]
    fn a_bounced_email_counts_only_once_mailed_again() {
        let email = NoticeChannel::Email;
        let bounced = notice("n1", email, Some(date(2026, 3, 2)), Some(date(2026, 3, 3)));
        let standing = NoticeStanding::of(std::slice::from_ref(&bounced)).unwrap();
        assert_eq!(
            (standing.notified.as_ref(), standing.resend.clone()),
            (None, Some(("n1".into(), date(2026, 3, 3))))
        );
        assert!(standing.check_next(email, true).is_err(), "not e-mail again");
        assert!(standing.check_next(NoticeChannel::Mail, false).is_ok());

        let mailed = notice("n2", NoticeChannel::Mail, Some(date(2026, 3, 5)), None);
        let standing = NoticeStanding::of(&[bounced, mailed]).unwrap();
        let notified = standing.notified.unwrap();
        assert_eq!(notified.id, "n2");
        assert_eq!(notified.clock.approval_assumed_from, date(2026, 4, 7), "mailed + 3 + 30 days, from the 33rd");
        assert_eq!(notified.clock.renotice_due, date(2028, 3, 5));
        assert_eq!(standing.resend, None);
    }

    #[test]
    fn an_older_notice_still_counts_while_a_renotice_is_pending_or_bounced() {
        let first = notice("n1", NoticeChannel::Email, Some(date(2024, 2, 29)), None);
        let pending = notice("n2", NoticeChannel::Email, None, None);
        let standing = NoticeStanding::of(&[first.clone(), pending]).unwrap();
        assert_eq!(standing.notified.as_ref().map(|n| n.clock.renotice_due), Some(date(2026, 2, 28)));
        assert_eq!(standing.pending.as_deref(), Some("n2"));
        let bounced = notice("n2", NoticeChannel::Email, Some(date(2026, 2, 1)), Some(date(2026, 2, 1)));
        let standing = NoticeStanding::of(&[first, bounced]).unwrap();
        assert_eq!(standing.notified.map(|n| n.id), Some("n1".into()));
        assert!(standing.resend.is_some() && standing.pending.is_none());
    }

    #[test]
    fn email_needs_the_customers_prior_approval() {
        let standing = NoticeStanding::default();
        assert!(standing.check_next(NoticeChannel::Email, false).is_err());
        assert!(standing.check_next(NoticeChannel::Email, true).is_ok());
    }
}
