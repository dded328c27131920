//! Breach clocks, 47 CFR 64.2011 (R24, R25), in both versions.
//!
//! **2007 rule (in force, the default).**
//! - 64.2011(b): notify the USSS and the FBI through the central reporting
//!   facility "as soon as practicable, and in no event later than seven (7)
//!   business days, after reasonable determination of the breach":
//!   `le_notice_due` is the 7th business day after `determined`.
//! - 64.2011(b)(1): no customer notice and no public disclosure "until 7
//!   full business days have passed after notification to the USSS and the
//!   FBI": the hold's last day (`customer_hold_last_day`) is the 7th
//!   business day after the law-enforcement notice, and customers may be
//!   told from the next calendar day (`customer_notice_earliest`) — a
//!   customer notice is not a filing, so a Saturday is fine.
//! - 64.2011(b)(2): with an "extraordinarily urgent need" stated in the
//!   notification, the carrier "may proceed to immediately notify its
//!   affected customers only after consultation with the relevant
//!   investigating agency": with `urgent` and `consulted`, customers may be
//!   told from the day of the law-enforcement notice. `urgent` without
//!   `consulted` changes nothing yet (a note says to consult);
//!   `consulted` without `urgent` is refused as meaningless.
//! - 64.2011(b)(3): the agency may direct in writing a delay "for an
//!   initial period of up to 30 days", extendable. A delay of N days from
//!   date F ends on F + N (1.4(c)); customers may be told from the day
//!   after, or later if the 7-day hold ends later. The direction overrides
//!   the urgent exception. N over 30 is accepted as an extended direction
//!   and noted; the agency may also lift it early, in writing.
//!
//! **2024 rule (FCC 23-111, 89 FR 9968; effective date "delayed
//! indefinitely" — a setting).**
//! - 64.2011(a) as amended: notify the Commission, the Secret Service and
//!   the FBI within 7 business days of reasonable determination
//!   (`agency_notice_due`).
//! - 64.2011(a)(3) as amended: a breach affecting fewer than 500 customers
//!   where "no harm to customers is reasonably likely" may instead be
//!   reported in an annual summary to the Commission, due February 1 for
//!   the previous calendar year's breaches (`small_breach_summary_due`;
//!   a Commission filing, so it rolls forward under 1.4(j)). The harm
//!   judgement is the carrier's, so with `customers` < 500 the clock gives
//!   both paths: the summary date and the individual deadlines that apply
//!   if harm is reasonably likely. (The February 1 date is the Report and
//!   Order's; re-check the codified text when the rule takes effect.)
//! - 64.2011(b) as amended: customers are notified "without unreasonable
//!   delay after notification to the Commission and law enforcement", and
//!   no later than 30 days after reasonable determination
//!   (`customer_notice_due` = `determined` + 30, a calendar-day limit that
//!   does not roll). There is no waiting period, so `customer_notice_earliest`
//!   is the day of the agency notice. An agency-directed delay (amended
//!   (a)(2), same terms as the 2007 (b)(3)) moves the earliest date past the
//!   delay; when the delay reaches the 30-day limit the limit is suspended
//!   (no `customer_notice_due`; notify without unreasonable delay once the
//!   delay ends) and the flag `customer_deadline_suspended` says so. The
//!   urgent exception does not exist under this rule and is refused.
//!
//! **Both.** Without `le_notified` the clock assumes notice on the
//! determination day (the earliest possible, flag `le_notified_assumed`),
//! so the customer dates are the earliest achievable ones. A
//! law-enforcement notice before the determination, or an agency delay
//! dated before the notice, is refused. Records of the breach and of the
//! notifications are kept "for a minimum of 2 years" (64.2011(d) in 2007,
//! and the 2024 text's recordkeeping paragraph); the rule names no start, so
//! `records_keep_until` counts 2 years from the latest notification date
//! the clock knows (count from the actual customer notice if later).

use jiff::civil::Date;

use super::{ClockReport, DateKind};
use crate::Error;
use crate::calendar::{BusinessCalendar, days_after, next_day, years_after};

/// Business days allowed for the agency notice (both rules).
const AGENCY_NOTICE_BUSINESS_DAYS: u32 = 7;
/// Full business days customers wait after the notice (2007 rule).
const CUSTOMER_HOLD_BUSINESS_DAYS: u32 = 7;
/// Calendar days from determination to the customer notice limit (2024).
const CUSTOMER_NOTICE_DAYS: u32 = 30;
/// Below this many affected customers a breach may be "small" (2024).
const SMALL_BREACH_CUSTOMERS: u64 = 500;
/// The longest agency delay accepted (an initial 30 days plus extensions).
const MAX_DELAY_DAYS: u32 = 3650;
/// The initial agency delay the rule allows without an extension.
const INITIAL_DELAY_DAYS: u32 = 30;
/// Years a breach record is kept.
const RECORD_YEARS: i16 = 2;

/// Which text of 64.2011 applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BreachRule {
    /// The rule in force since 2007 (the default).
    #[default]
    Rule2007,
    /// The 2024 amendment (FCC 23-111), effective date delayed indefinitely.
    Rule2024,
}

impl BreachRule {
    /// `2007` or `2024`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rule2007 => "2007",
            Self::Rule2024 => "2024",
        }
    }
}

impl std::str::FromStr for BreachRule {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        match text {
            "2007" => Ok(Self::Rule2007),
            "2024" => Ok(Self::Rule2024),
            _ => Err(Error::NotApplicable { option: "--rule", reason: "the breach rule is 2007 or 2024" }),
        }
    }
}

/// A written agency direction to delay customer notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgencyDelay {
    /// The date of the direction.
    pub from: Date,
    /// Its length in calendar days.
    pub days: u32,
}

/// What is known about a breach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreachFacts {
    /// The day of reasonable determination of the breach.
    pub determined: Date,
    /// The day law enforcement (and, in 2024, the FCC) was notified.
    pub le_notified: Option<Date>,
    /// The notification stated an extraordinarily urgent need (2007 (b)(2)).
    pub urgent: bool,
    /// The investigating agency was consulted about the urgent notice.
    pub consulted: bool,
    /// A written agency direction to delay.
    pub agency_delay: Option<AgencyDelay>,
    /// Which rule.
    pub rule: BreachRule,
    /// Customers affected, when known.
    pub customers: Option<u64>,
}

impl BreachFacts {
    /// A breach determined on `determined`, 2007 rule, nothing else known.
    pub fn determined_on(determined: Date) -> Self {
        Self {
            determined,
            le_notified: None,
            urgent: false,
            consulted: false,
            agency_delay: None,
            rule: BreachRule::Rule2007,
            customers: None,
        }
    }
}

/// The computed breach clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreachClock {
    /// The facts it was computed from.
    pub facts: BreachFacts,
    /// The agency (law enforcement) notice the clock counts from.
    pub le_notified: Date,
    /// Whether `le_notified` was assumed (the determination day).
    pub le_notified_assumed: bool,
    /// Last day for the USSS/FBI (2024: and FCC) notice.
    pub agency_notice_due: Date,
    /// 2007: the last day of the 7-full-business-day customer hold.
    pub customer_hold_last_day: Option<Date>,
    /// The last day of an agency-directed delay.
    pub agency_delay_last_day: Option<Date>,
    /// The first day customers may be notified.
    pub customer_notice_earliest: Date,
    /// 2024: the last day to notify customers, unless suspended by a delay.
    pub customer_notice_due: Option<Date>,
    /// 2007: the urgent exception (stated and consulted) applies.
    pub urgent_exception: bool,
    /// 2024, fewer than 500 customers: the annual summary's filing date.
    pub small_breach_summary_due: Option<Date>,
    /// Keep the breach record at least until this day.
    pub records_keep_until: Date,
}

impl BreachClock {
    /// Whether the agency notice was (or is assumed) late.
    pub fn agency_notice_late(&self) -> bool {
        self.le_notified > self.agency_notice_due
    }
}

/// Computes the breach clock for `facts` on `calendar`.
pub fn compute(calendar: &BusinessCalendar, facts: &BreachFacts) -> Result<BreachClock, Error> {
    validate(facts)?;
    let le_notified = facts.le_notified.unwrap_or(facts.determined);
    let agency_notice_due = calendar.business_days_after(facts.determined, AGENCY_NOTICE_BUSINESS_DAYS)?;
    let agency_delay_last_day = facts.agency_delay.map(|delay| days_after(delay.from, delay.days)).transpose()?;
    let mut clock = BreachClock {
        facts: *facts,
        le_notified,
        le_notified_assumed: facts.le_notified.is_none(),
        agency_notice_due,
        customer_hold_last_day: None,
        agency_delay_last_day,
        customer_notice_earliest: le_notified,
        customer_notice_due: None,
        urgent_exception: false,
        small_breach_summary_due: None,
        records_keep_until: le_notified,
    };
    match facts.rule {
        BreachRule::Rule2007 => customer_dates_2007(calendar, &mut clock)?,
        BreachRule::Rule2024 => customer_dates_2024(calendar, &mut clock)?,
    }
    clock.records_keep_until = records_keep_until(&clock)?;
    Ok(clock)
}

fn validate(facts: &BreachFacts) -> Result<(), Error> {
    let notified = facts.le_notified.unwrap_or(facts.determined);
    if notified < facts.determined {
        return Err(out_of_order("determined", facts.determined, "le_notified", notified));
    }
    if let Some(delay) = facts.agency_delay {
        validate_delay(delay, notified)?;
    }
    if facts.consulted && !facts.urgent {
        return Err(Error::NotApplicable { option: "--consulted", reason: "it records the consultation of --urgent" });
    }
    if facts.urgent && facts.rule == BreachRule::Rule2024 {
        return Err(Error::NotApplicable {
            option: "--urgent",
            reason: "the 2024 rule has no customer waiting period",
        });
    }
    if facts.customers == Some(0) {
        return Err(Error::NumberOutOfRange { name: "--customers", value: 0, min: 1, max: u64::MAX });
    }
    Ok(())
}

fn validate_delay(delay: AgencyDelay, notified: Date) -> Result<(), Error> {
    if delay.from < notified {
        return Err(out_of_order("le_notified", notified, "agency_delay_from", delay.from));
    }
    if !(1..=MAX_DELAY_DAYS).contains(&delay.days) {
        let (min, max) = (1, u64::from(MAX_DELAY_DAYS));
        return Err(Error::NumberOutOfRange { name: "--days", value: u64::from(delay.days), min, max });
    }
    Ok(())
}

fn out_of_order(earlier_name: &'static str, earlier: Date, later_name: &'static str, later: Date) -> Error {
    Error::DatesOutOfOrder { earlier_name, earlier, later_name, later }
}

/// 64.2011(b)(1)-(3) of 2007: the hold, the urgent exception, the delay.
fn customer_dates_2007(calendar: &BusinessCalendar, clock: &mut BreachClock) -> Result<(), Error> {
    let hold_last_day = calendar.business_days_after(clock.le_notified, CUSTOMER_HOLD_BUSINESS_DAYS)?;
    clock.customer_hold_last_day = Some(hold_last_day);
    clock.urgent_exception = clock.facts.urgent && clock.facts.consulted;
    let earliest = if clock.urgent_exception { clock.le_notified } else { next_day(hold_last_day)? };
    clock.customer_notice_earliest = after_delay(earliest, clock.agency_delay_last_day)?;
    Ok(())
}

/// 64.2011(a)(3) and (b) as amended in 2024.
fn customer_dates_2024(calendar: &BusinessCalendar, clock: &mut BreachClock) -> Result<(), Error> {
    let limit = days_after(clock.facts.determined, CUSTOMER_NOTICE_DAYS)?;
    clock.customer_notice_earliest = after_delay(clock.le_notified, clock.agency_delay_last_day)?;
    let suspended = clock.agency_delay_last_day.is_some_and(|last| last >= limit);
    clock.customer_notice_due = (!suspended).then_some(limit);
    if clock.facts.customers.is_some_and(|count| count < SMALL_BREACH_CUSTOMERS) {
        clock.small_breach_summary_due = Some(small_breach_summary_due(calendar, clock.facts.determined)?);
    }
    Ok(())
}

/// February 1 after the breach's year, rolled forward (1.4(j)).
fn small_breach_summary_due(calendar: &BusinessCalendar, determined: Date) -> Result<Date, Error> {
    let nominal = Date::new(determined.year() + 1, 2, 1).map_err(|_| Error::DateOutOfRange { date: determined })?;
    calendar.filing_date(nominal)
}

/// `earliest`, or the day after an agency delay's last day if later.
fn after_delay(earliest: Date, delay_last_day: Option<Date>) -> Result<Date, Error> {
    match delay_last_day {
        Some(last) => Ok(earliest.max(next_day(last)?)),
        None => Ok(earliest),
    }
}

/// Two years after the latest notification date the clock knows.
fn records_keep_until(clock: &BreachClock) -> Result<Date, Error> {
    let known = [Some(clock.le_notified), Some(clock.customer_notice_earliest), clock.customer_notice_due];
    let latest = known.into_iter().flatten().max().unwrap_or(clock.le_notified);
    years_after(latest, RECORD_YEARS)
}

impl BreachClock {
    /// The clock as named dates (see [`ClockReport`]).
    pub fn report(&self) -> ClockReport {
        let mut report = ClockReport::new("breach");
        report.rule = Some(self.facts.rule.as_str());
        report.date(
            "determined",
            self.facts.determined,
            DateKind::Input,
            "47 CFR 64.2011",
            "reasonable determination of the breach",
        );
        self.report_agency_notice(&mut report);
        self.report_customer_dates(&mut report);
        let meaning = "keep the breach record (discovery, notifications, description of the CPNI, circumstances) at least until this day; count 2 years from the actual last notification if later";
        report.date("records_keep_until", self.records_keep_until, DateKind::LastDay, self.records_cite(), meaning);
        self.report_flags(&mut report);
        self.report_notes(&mut report);
        report
    }

    fn report_agency_notice(&self, report: &mut ClockReport) {
        let meaning = if self.le_notified_assumed {
            "law-enforcement notice assumed on the determination day (not given)"
        } else {
            "law-enforcement notice sent"
        };
        report.date("le_notified", self.le_notified, DateKind::Input, "47 CFR 64.2011(b)", meaning);
        match self.facts.rule {
            BreachRule::Rule2007 => report.date(
                "le_notice_due",
                self.agency_notice_due,
                DateKind::Deadline,
                "47 CFR 64.2011(b); 1.4(c),(e)",
                "last day to notify the USSS and the FBI (7 business days after determination)",
            ),
            BreachRule::Rule2024 => report.date(
                "agency_notice_due",
                self.agency_notice_due,
                DateKind::Deadline,
                "47 CFR 64.2011(a) (2024); 1.4(c),(e)",
                "last day to notify the FCC, the USSS and the FBI (7 business days after determination)",
            ),
        }
    }

    fn report_customer_dates(&self, report: &mut ClockReport) {
        if let Some(last) = self.customer_hold_last_day {
            let meaning = "last of the 7 full business days after the law-enforcement notice during which customers and the public are not told";
            report.date("customer_hold_last_day", last, DateKind::LastDay, "47 CFR 64.2011(b)(1)", meaning);
        }
        if let Some(delay) = self.facts.agency_delay {
            let meaning = format!("agency's written direction to delay customer notice for {} days", delay.days);
            report.date("agency_delay_from", delay.from, DateKind::Input, self.delay_cite(), meaning);
        }
        if let Some(last) = self.agency_delay_last_day {
            report.date(
                "agency_delay_last_day",
                last,
                DateKind::LastDay,
                self.delay_cite(),
                "last day of the agency-directed delay",
            );
        }
        let cite = match self.facts.rule {
            BreachRule::Rule2007 => "47 CFR 64.2011(b)(1)-(3)",
            BreachRule::Rule2024 => "47 CFR 64.2011(b) (2024)",
        };
        report.date(
            "customer_notice_earliest",
            self.customer_notice_earliest,
            DateKind::NotBefore,
            cite,
            "first day customers may be notified",
        );
        if let Some(due) = self.customer_notice_due {
            let meaning = "last day to notify affected customers (30 days after determination), unless no harm is reasonably likely";
            report.date("customer_notice_due", due, DateKind::Deadline, "47 CFR 64.2011(b) (2024)", meaning);
        }
        if let Some(due) = self.small_breach_summary_due {
            let meaning = "if no harm is reasonably likely: file the annual summary of small breaches with the FCC by this day instead of the 7-business-day notice (February 1, rolled forward)";
            report.date(
                "small_breach_summary_due",
                due,
                DateKind::Deadline,
                "47 CFR 64.2011(a)(3) (2024); 1.4(j)",
                meaning,
            );
        }
    }

    fn report_flags(&self, report: &mut ClockReport) {
        report.flag(
            "le_notified_assumed",
            self.le_notified_assumed,
            "the law-enforcement notice date was not given; the determination day is assumed",
        );
        report.flag("le_notice_late", self.agency_notice_late(), "the law-enforcement notice is after its deadline");
        match self.facts.rule {
            BreachRule::Rule2007 => {
                report.flag(
                    "urgent_exception",
                    self.urgent_exception,
                    "urgent need stated and agency consulted: customers may be told immediately",
                );
            }
            BreachRule::Rule2024 => {
                let suspended = self.customer_notice_due.is_none();
                report.flag(
                    "customer_deadline_suspended",
                    suspended,
                    "an agency-directed delay reaches past the 30-day customer limit",
                );
                let small = self.small_breach_summary_due.is_some();
                report.flag(
                    "small_breach_eligible",
                    small,
                    "fewer than 500 customers: the annual summary path is open if no harm is reasonably likely",
                );
            }
        }
    }

    fn report_notes(&self, report: &mut ClockReport) {
        let facts = &self.facts;
        if facts.urgent && !facts.consulted {
            report.note("urgent need stated: customers may be told immediately only after consulting the investigating agency (64.2011(b)(2)); until then the 7-business-day hold applies");
        }
        if self.urgent_exception && self.agency_delay_last_day.is_some() {
            report.note("the agency's written delay overrides the urgent exception");
        }
        if facts.agency_delay.is_some_and(|delay| delay.days > INITIAL_DELAY_DAYS) {
            report.note(
                "an initial agency direction is at most 30 days; a longer delay needs the agency's written extension",
            );
        }
        if facts.agency_delay.is_some() {
            report.note("the agency may end its delay early by notice in writing; customers may then be told (after any remaining hold)");
        }
        self.report_rule_notes(report);
    }

    fn report_rule_notes(&self, report: &mut ClockReport) {
        match self.facts.rule {
            BreachRule::Rule2007 => {
                if self.facts.customers.is_some() {
                    report.note("--customers is not used by the 2007 rule");
                }
            }
            BreachRule::Rule2024 => {
                report.note("the 2024 amendment's effective date is delayed indefinitely; the 2007 rule is in force");
                if self.customer_notice_due.is_none() {
                    report.note("the 30-day customer limit is suspended by the agency's delay: notify without unreasonable delay once it ends");
                }
                if self.facts.customers.is_none() {
                    report.note("give --customers to see whether the small-breach annual summary applies");
                }
                if self.customer_notice_due.is_some_and(|due| self.customer_notice_earliest > due) {
                    report.note("the agency notice came too late to notify customers within 30 days of determination");
                }
            }
        }
    }

    fn delay_cite(&self) -> &'static str {
        match self.facts.rule {
            BreachRule::Rule2007 => "47 CFR 64.2011(b)(3)",
            BreachRule::Rule2024 => "47 CFR 64.2011(a)(2) (2024)",
        }
    }

    fn records_cite(&self) -> &'static str {
        match self.facts.rule {
            BreachRule::Rule2007 => "47 CFR 64.2011(d)",
            BreachRule::Rule2024 => "47 CFR 64.2011 (2024), recordkeeping",
        }
    }
}
