//! The letter to the Commission on an opt-out mechanism failure,
//! 47 CFR 64.2009(f) (R15).
//!
//! "Carriers must provide written notice within five business days to the
//! Commission of any instance where the opt-out mechanisms do not work
//! properly, to such a degree that consumers' inability to opt-out is more
//! than an anomaly." The notice "shall be in the form of a letter" and must
//! include — each checked here, a blank one refused:
//! 1. the carrier's name ([`OptOutFailureFacts::carrier_name`]);
//! 2. a description of the opt-out mechanism(s) used (`mechanisms`);
//! 3. the problem(s) experienced (`problems`);
//! 4. the remedy proposed and when it will be or was implemented
//!    (`remedy`, `remedy_date`, `remedy_implemented`);
//! 5. whether the relevant state commission(s) have been notified and
//!    whether they have taken any action (`state_commissions`, an empty list
//!    stating that none was notified);
//! 6. a copy of the notice provided to customers (`customer_notice`);
//! 7. contact information (`contact`).
//!
//! It "must be submitted even if the carrier offers other methods by which
//! consumers may opt-out"; the letter says so when `other_methods` lists
//! them. The due date printed is [`crate::clocks::opt_out::failure`]'s.

use jiff::civil::Date;

use super::{Block, Filing, Signature, long_date, required};
use crate::Error;
use crate::calendar::BusinessCalendar;

const DOCUMENT: &str = "opt-out failure letter";

/// Where the letter goes.
pub const ADDRESSEE: [&str; 4] =
    ["Office of the Secretary", "Federal Communications Commission", "45 L Street NE", "Washington, DC 20554"];

/// A person to contact about a filing.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Contact {
    /// Name.
    pub name: String,
    /// Title.
    pub title: String,
    /// Telephone number.
    pub phone: String,
    /// E-mail address.
    pub email: String,
    /// Postal address lines.
    pub address: Vec<String>,
}

/// One state commission and what happened there.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StateCommission {
    /// The commission's name.
    pub name: String,
    /// The day it was notified.
    pub notified_on: Date,
    /// What it did, if anything.
    pub action: Option<String>,
}

/// Everything the letter says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptOutFailureFacts {
    /// The carrier's legal name.
    pub carrier_name: String,
    /// FCC Registration Number, if any.
    pub frn: Option<String>,
    /// The letter's date.
    pub letter_date: Date,
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
    /// Who to contact.
    pub contact: Contact,
    /// Who signs.
    pub signer_name: String,
    /// The signer's title.
    pub signer_title: String,
}

impl OptOutFailureFacts {
    /// Checks every required element and builds the letter.
    pub fn filing(&self, calendar: &BusinessCalendar) -> Result<Filing, Error> {
        self.validate()?;
        let due = crate::clocks::opt_out::failure(calendar, self.discovered)?.fcc_letter_due;
        let mut blocks = vec![self.opening(due)];
        blocks.extend(self.failure_blocks());
        blocks.extend(self.remedy_blocks());
        blocks.extend(self.state_blocks());
        blocks.extend(self.contact_blocks());
        blocks.push(Block::Signature(self.signature()));
        blocks.extend(self.attachment());
        Ok(Filing { title: "Notice of Opt-Out Mechanism Failure".into(), caption: self.caption(), blocks })
    }

    fn validate(&self) -> Result<(), Error> {
        let element = |text: &str, what| required(text, DOCUMENT, what).map(|_| ());
        element(&self.carrier_name, "the carrier's name")?;
        nonempty(&self.mechanisms, "a description of the opt-out mechanism(s) used")?;
        nonempty(&self.problems, "the problem(s) experienced")?;
        element(&self.remedy, "the remedy proposed")?;
        element(&self.customer_notice, "a copy of the notice provided to customers")?;
        element(&self.contact.name, "contact information (name)")?;
        if self.contact.phone.trim().is_empty() && self.contact.email.trim().is_empty() {
            return Err(Error::MissingElement {
                document: DOCUMENT,
                element: "contact information (telephone or e-mail)",
            });
        }
        element(&self.signer_name, "the signer's name")?;
        if self.discovered > self.letter_date {
            return Err(Error::DatesOutOfOrder {
                earlier_name: "discovered",
                earlier: self.discovered,
                later_name: "letter_date",
                later: self.letter_date,
            });
        }
        Ok(())
    }

    fn caption(&self) -> Vec<String> {
        let mut caption = vec![self.carrier_name.clone(), long_date(self.letter_date), String::new()];
        caption.extend(ADDRESSEE.map(String::from));
        caption.push(String::new());
        caption.push("Re: Notice under 47 C.F.R. 64.2009(f) of an opt-out mechanism failure".into());
        caption
    }

    fn opening(&self, due: Date) -> Block {
        let frn = self.frn.as_ref().map(|frn| format!(" (FRN {frn})")).unwrap_or_default();
        Block::Paragraph {
            text: format!(
                "{}{frn} submits this written notice under 47 C.F.R. 64.2009(f). On {} the company discovered that its \
                 opt-out mechanism did not work properly, to a degree that customers' inability to opt out was more than \
                 an anomaly. This notice is due on or before {}, five business days after discovery.",
                self.carrier_name,
                long_date(self.discovered),
                long_date(due)
            ),
        }
    }

    fn failure_blocks(&self) -> Vec<Block> {
        let mut blocks = vec![
            heading("1. Opt-out mechanism(s) used"),
            Block::Bullets { items: self.mechanisms.clone() },
            heading("2. Problem(s) experienced"),
            Block::Bullets { items: self.problems.clone() },
        ];
        if !self.other_methods.is_empty() {
            blocks.push(paragraph(format!(
                "These other opt-out methods continued to work: {}. The company files this notice nonetheless, as \
                 64.2009(f) requires.",
                self.other_methods.join("; ")
            )));
        }
        blocks
    }

    fn remedy_blocks(&self) -> Vec<Block> {
        let when = if self.remedy_implemented { "was implemented on" } else { "will be implemented by" };
        vec![
            heading("3. Remedy"),
            paragraph(self.remedy.trim().to_owned()),
            paragraph(format!("The remedy {when} {}.", long_date(self.remedy_date))),
        ]
    }

    fn state_blocks(&self) -> Vec<Block> {
        let mut blocks = vec![heading("4. State commissions")];
        if self.state_commissions.is_empty() {
            blocks.push(paragraph("No state commission has been notified, and no state commission has taken action."));
            return blocks;
        }
        let row = |commission: &StateCommission| {
            let action = commission.action.clone().unwrap_or_else(|| "No action taken".into());
            vec![commission.name.clone(), long_date(commission.notified_on), action]
        };
        let header = vec!["Commission".into(), "Notified".into(), "Action taken".into()];
        blocks.push(Block::Table { header, rows: self.state_commissions.iter().map(row).collect() });
        blocks
    }

    fn contact_blocks(&self) -> Vec<Block> {
        let contact = &self.contact;
        let mut fields = vec![("Name".into(), contact.name.clone()), ("Title".into(), contact.title.clone())];
        fields.push(("Telephone".into(), contact.phone.clone()));
        fields.push(("E-mail".into(), contact.email.clone()));
        fields.push(("Address".into(), contact.address.join(", ")));
        fields.retain(|(_, value)| !value.trim().is_empty());
        vec![
            heading("5. Copy of the customer notice"),
            paragraph("A copy of the notice provided to affected customers is attached."),
            heading("6. Contact"),
            Block::Fields { fields },
        ]
    }

    fn signature(&self) -> Signature {
        Signature {
            name: self.signer_name.clone(),
            title: self.signer_title.clone(),
            company: self.carrier_name.clone(),
            date: Some(long_date(self.letter_date)),
        }
    }

    fn attachment(&self) -> Vec<Block> {
        let mut blocks = vec![Block::PageBreak, heading("Attachment: notice provided to customers")];
        blocks.extend(self.customer_notice.split("\n\n").filter(|text| !text.trim().is_empty()).map(paragraph));
        blocks
    }
}

fn nonempty(items: &[String], element: &'static str) -> Result<(), Error> {
    if items.iter().any(|item| !item.trim().is_empty()) {
        Ok(())
    } else {
        Err(Error::MissingElement { document: DOCUMENT, element })
    }
}

pub(super) fn heading(text: &str) -> Block {
    Block::Heading { text: text.to_owned() }
}

pub(super) fn paragraph(text: impl Into<String>) -> Block {
    Block::Paragraph { text: text.into() }
}
