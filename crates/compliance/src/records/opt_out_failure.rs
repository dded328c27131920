//! An opt-out mechanism failure as a record, 47 CFR 64.2009(f) (R15): what
//! the carrier learned when it discovered that customers could not opt out
//! ("more than an anomaly"), kept so that the letter to the Commission,
//! due "within five business days", is drafted from it
//! ([`OptOutFailureIncident::letter`], with
//! [`crate::documents::opt_out_failure`]'s element checks) and its due
//! date computed by [`crate::clocks::opt_out::failure`]. A record that
//! could not become a complete letter is refused when it is opened.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::calendar::BusinessCalendar;
use crate::clocks::opt_out::{OptOutFailureClock, failure};
use crate::documents::Filing;
use crate::documents::opt_out_failure::{Contact, OptOutFailureFacts, StateCommission};

/// What the carrier records about one failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptOutFailureIncident {
    /// The day the failure was discovered.
    pub discovered: Date,
    /// The opt-out mechanisms affected, each described.
    pub mechanisms: Vec<String>,
    /// The problems experienced.
    pub problems: Vec<String>,
    /// Opt-out methods that kept working.
    pub other_methods: Vec<String>,
    /// The remedy.
    pub remedy: String,
    /// When the remedy will be or was implemented.
    pub remedy_date: Date,
    /// Whether it has been implemented.
    pub remedy_implemented: bool,
    /// State commissions notified (empty: none).
    pub state_commissions: Vec<StateCommission>,
    /// The text of the notice provided to customers.
    pub customer_notice: String,
    /// Who the Commission may contact.
    pub contact: Contact,
}

/// Who the letter comes from and who signs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterHead {
    /// The carrier's legal name.
    pub carrier_name: String,
    /// Its FCC Registration Number, if any.
    pub frn: Option<String>,
    /// The letter's date.
    pub letter_date: Date,
    /// The signer's name.
    pub signer_name: String,
    /// The signer's title.
    pub signer_title: String,
}

impl OptOutFailureIncident {
    /// When the letter is due.
    pub fn clock(&self, calendar: &BusinessCalendar) -> Result<OptOutFailureClock, Error> {
        failure(calendar, self.discovered)
    }

    /// The letter's facts under `head`.
    pub fn facts(&self, head: &LetterHead) -> OptOutFailureFacts {
        OptOutFailureFacts {
            carrier_name: head.carrier_name.clone(),
            frn: head.frn.clone(),
            letter_date: head.letter_date,
            discovered: self.discovered,
            mechanisms: self.mechanisms.clone(),
            problems: self.problems.clone(),
            other_methods: self.other_methods.clone(),
            remedy: self.remedy.clone(),
            remedy_date: self.remedy_date,
            remedy_implemented: self.remedy_implemented,
            state_commissions: self.state_commissions.clone(),
            customer_notice: self.customer_notice.clone(),
            contact: self.contact.clone(),
            signer_name: head.signer_name.clone(),
            signer_title: head.signer_title.clone(),
        }
    }

    /// The letter to the Commission, every required element checked.
    pub fn letter(&self, calendar: &BusinessCalendar, head: &LetterHead) -> Result<Filing, Error> {
        self.facts(head).filing(calendar)
    }

    /// Checks that the record can become a complete letter from
    /// `carrier_name`, signed by its contact, dated the day of discovery.
    pub fn validate(&self, calendar: &BusinessCalendar, carrier_name: &str) -> Result<(), Error> {
        let head = LetterHead {
            carrier_name: carrier_name.to_owned(),
            frn: None,
            letter_date: self.discovered,
            signer_name: self.contact.name.clone(),
            signer_title: self.contact.title.clone(),
        };
        self.letter(calendar, &head).map(|_| ())
    }
}
