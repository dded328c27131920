//! A breach incident as a record, 47 CFR 64.2011 (R24, R25): the facts the
//! rule says to keep "for a minimum of 2 years" (64.2011(d): the dates of
//! discovery and notification, a "detailed description of the CPNI that was
//! the subject of the breach, and the circumstances of the breach") and the
//! dated events that move its clocks.
//!
//! The record never computes a deadline itself: [`BreachIncident::facts`]
//! turns it into [`BreachFacts`] and [`crate::clocks::breach::compute`]
//! does the rest, so a record and a "what if" from `cpni clock breach` give
//! the same dates. Events are appended, never edited:
//! - `le-notified`: the USSS/FBI notice through the central reporting
//!   facility (64.2011(b)); once.
//! - `urgent-notice`: that notice stated an "extraordinarily urgent need"
//!   (64.2011(b)(2)); once.
//! - `agency-consulted`: the investigating agency was consulted about it;
//!   once, and only after `urgent-notice` (the clock refuses it otherwise).
//! - `agency-delay`: a written agency direction to delay customer notice,
//!   from its date for N days (64.2011(b)(3)); an extension is a later
//!   direction and replaces the earlier one.
//! - `fcc-notified`: the Commission notified (the 2024 rule's agency
//!   notice); once.
//! - `customers-notified`: affected customers notified; once. It closes the
//!   incident's clocks.

use jiff::civil::Date;

use crate::Error;
use crate::calendar::BusinessCalendar;
use crate::clocks::breach::{AgencyDelay, BreachClock, BreachFacts, BreachRule, compute};

/// What an event of a breach records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BreachEventKind {
    /// The USSS and FBI were notified (64.2011(b)).
    LeNotified,
    /// The notice stated an extraordinarily urgent need (64.2011(b)(2)).
    UrgentNotice,
    /// The investigating agency was consulted about the urgent notice.
    AgencyConsulted,
    /// An agency directed in writing a delay of customer notice (64.2011(b)(3)).
    AgencyDelay,
    /// The Commission was notified (2024 rule).
    FccNotified,
    /// The affected customers were notified.
    CustomersNotified,
}

impl BreachEventKind {
    /// Every kind.
    pub const ALL: [Self; 6] = [
        Self::LeNotified,
        Self::UrgentNotice,
        Self::AgencyConsulted,
        Self::AgencyDelay,
        Self::FccNotified,
        Self::CustomersNotified,
    ];

    /// The stored and command-line name, e.g. `le-notified`.
    pub fn code(self) -> &'static str {
        match self {
            Self::LeNotified => "le-notified",
            Self::UrgentNotice => "urgent-notice",
            Self::AgencyConsulted => "agency-consulted",
            Self::AgencyDelay => "agency-delay",
            Self::FccNotified => "fcc-notified",
            Self::CustomersNotified => "customers-notified",
        }
    }

    /// The kind named `code`.
    pub fn parse(code: &str) -> Result<Self, Error> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.code() == code)
            .ok_or_else(|| Error::UnknownName { kind: "breach event", name: code.to_owned() })
    }

    /// Whether a breach has at most one event of this kind.
    fn once(self) -> bool {
        self != Self::AgencyDelay
    }
}

/// One dated event of a breach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreachEvent {
    /// What happened.
    pub kind: BreachEventKind,
    /// When (for a delay: the date of the direction).
    pub on: Date,
    /// A delay's length in calendar days; none for other kinds.
    pub days: Option<u32>,
    /// A reference or remark (a portal confirmation number, the agency's letter).
    pub note: String,
}

/// A breach incident: what is kept and what moves the clocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreachIncident {
    /// The day the breach was discovered.
    pub discovered: Date,
    /// The day of reasonable determination of the breach.
    pub determined: Date,
    /// Which text of 64.2011 applies.
    pub rule: BreachRule,
    /// Customers affected, when known.
    pub customers: Option<u64>,
    /// A detailed description of the CPNI that was the subject of the breach.
    pub description: String,
    /// The circumstances of the breach.
    pub circumstances: String,
    /// The events, in the order recorded.
    pub events: Vec<BreachEvent>,
}

impl BreachIncident {
    /// Checks a new incident (no events yet) on `calendar`.
    pub fn validate(&self, calendar: &BusinessCalendar) -> Result<(), Error> {
        crate::documents::required(&self.description, "breach record", "a description of the CPNI involved")?;
        crate::documents::required(&self.circumstances, "breach record", "the circumstances of the breach")?;
        if self.determined < self.discovered {
            return Err(Error::DatesOutOfOrder {
                earlier_name: "discovered",
                earlier: self.discovered,
                later_name: "determined",
                later: self.determined,
            });
        }
        self.events.iter().try_for_each(check_event_shape)?;
        self.clock(calendar).map(|_| ())
    }

    /// Checks that `event` may be appended: its shape, that a once-only
    /// event is not there yet, and that the clock still computes with it.
    pub fn check_append(&self, calendar: &BusinessCalendar, event: &BreachEvent) -> Result<(), Error> {
        check_event_shape(event)?;
        if event.kind.once() && self.event(event.kind).is_some() {
            return Err(Error::AlreadyRecorded { what: event.kind.code() });
        }
        if event.on < self.discovered {
            return Err(Error::DatesOutOfOrder {
                earlier_name: "discovered",
                earlier: self.discovered,
                later_name: event.kind.code(),
                later: event.on,
            });
        }
        let mut next = self.clone();
        next.events.push(event.clone());
        next.clock(calendar).map(|_| ())
    }

    /// The first event of `kind`.
    pub fn event(&self, kind: BreachEventKind) -> Option<&BreachEvent> {
        self.events.iter().find(|event| event.kind == kind)
    }

    /// The clock's inputs: the first law-enforcement notice, the urgent
    /// notice and consultation, the latest agency delay.
    pub fn facts(&self) -> BreachFacts {
        let delay = self.events.iter().rev().find(|event| event.kind == BreachEventKind::AgencyDelay);
        BreachFacts {
            determined: self.determined,
            le_notified: self.event(BreachEventKind::LeNotified).map(|event| event.on),
            urgent: self.event(BreachEventKind::UrgentNotice).is_some(),
            consulted: self.event(BreachEventKind::AgencyConsulted).is_some(),
            agency_delay: delay.map(|event| AgencyDelay { from: event.on, days: event.days.unwrap_or(0) }),
            rule: self.rule,
            customers: self.customers,
        }
    }

    /// The breach clock computed from this record.
    pub fn clock(&self, calendar: &BusinessCalendar) -> Result<BreachClock, Error> {
        compute(calendar, &self.facts())
    }

    /// Whether customers were notified before the first day allowed.
    pub fn customers_notified_early(&self, clock: &BreachClock) -> bool {
        self.event(BreachEventKind::CustomersNotified).is_some_and(|event| event.on < clock.customer_notice_earliest)
    }

    /// Whether the incident's clocks still run (customers not yet notified).
    pub fn is_open(&self) -> bool {
        self.event(BreachEventKind::CustomersNotified).is_none()
    }
}

fn check_event_shape(event: &BreachEvent) -> Result<(), Error> {
    match (event.kind, event.days) {
        (BreachEventKind::AgencyDelay, None) => {
            Err(Error::NotApplicable { option: "agency-delay", reason: "a delay needs its length in days (--days)" })
        }
        (BreachEventKind::AgencyDelay, Some(_)) | (_, None) => Ok(()),
        (_, Some(_)) => Err(Error::NotApplicable { option: "--days", reason: "only an agency-delay has a length" }),
    }
}
