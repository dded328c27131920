//! The annual CPNI compliance certification, 47 CFR 64.2009(e) (R14, §4
//! of the reference): filed in EB Docket No. 06-36 on or before March 1
//! (rolled forward, [`crate::clocks::certification`]) for the previous
//! calendar year. It has two parts, both drafted here:
//!
//! 1. **The certificate**, signed by an officer "as an agent of the
//!    carrier", stating that the officer "has personal knowledge that the
//!    company has established operating procedures that are adequate to
//!    ensure compliance" with subpart U, summarising actions against data
//!    brokers and customer complaints, and acknowledging that statements to
//!    the Commission must be truthful (47 CFR 1.17).
//! 2. **The accompanying statement** "explaining how its operating
//!    procedures ensure that it is or is not in compliance"
//!    ([`CertificationFacts::procedures`], with [`standard_procedures`] as
//!    callvault's own controls to start from, and
//!    [`CertificationFacts::exceptions`] for any area not in compliance),
//!    "an explanation of any actions taken against data brokers" (with
//!    what the company knows of pretexters' methods, as the Enforcement
//!    Bureau's template asks) and "a summary of all customer complaints
//!    received in the past year concerning the unauthorized release of
//!    CPNI", by the Bureau's categories: improper access by employees,
//!    improper disclosure to unauthorized individuals, improper online
//!    access by unauthorized individuals (and other).
//!
//! A certification without an officer, a company name or an accompanying
//! statement is refused. Without `signed_on` the signature date is left
//! blank for a wet signature; the officer e-signature workflow (a user
//! marked as an officer) lives with the records that fill these facts.

use jiff::civil::Date;

use super::opt_out_failure::{heading, paragraph};
use super::{Block, Filing, Signature, long_date, required};
use crate::Error;
use crate::calendar::BusinessCalendar;

const DOCUMENT: &str = "annual CPNI certification";
/// The Enforcement Bureau docket for CPNI certifications.
pub const DOCKET: &str = "EB Docket No. 06-36";

/// One section of the accompanying statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcedureSection {
    /// Its heading (usually the rule it answers).
    pub heading: String,
    /// How the company's procedures meet that rule.
    pub text: String,
}

/// One action against a data broker or pretexter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataBrokerAction {
    /// When.
    pub date: Date,
    /// Where (a state commission, a court, the Commission).
    pub forum: String,
    /// What was done and against whom.
    pub description: String,
}

/// Complaints about unauthorized release of CPNI in the year, by category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ComplaintSummary {
    /// Improper access by employees.
    pub employee_access: u32,
    /// Improper disclosure to individuals not authorized to receive CPNI.
    pub unauthorized_disclosure: u32,
    /// Improper access to online information by unauthorized individuals.
    pub online_access: u32,
    /// Any other unauthorized release.
    pub other: u32,
}

impl ComplaintSummary {
    /// All complaints.
    pub fn total(&self) -> u32 {
        self.employee_access + self.unauthorized_disclosure + self.online_access + self.other
    }
}

/// Everything the certification says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificationFacts {
    /// The calendar year certified.
    pub year: i16,
    /// The company's legal name.
    pub carrier_name: String,
    /// FCC Form 499 Filer ID, if any.
    pub form_499_filer_id: Option<String>,
    /// FCC Registration Number, if any.
    pub frn: Option<String>,
    /// The company's postal address lines.
    pub address: Vec<String>,
    /// The certifying officer's name.
    pub officer_name: String,
    /// The officer's title.
    pub officer_title: String,
    /// The day the officer signed, if signed.
    pub signed_on: Option<Date>,
    /// How the operating procedures ensure compliance.
    pub procedures: Vec<ProcedureSection>,
    /// Areas not in compliance, each with its remediation (empty: none).
    pub exceptions: Vec<String>,
    /// Actions taken against data brokers in the year.
    pub data_broker_actions: Vec<DataBrokerAction>,
    /// What the company knows of the processes pretexters use.
    pub pretexter_methods: String,
    /// Customer complaints about unauthorized release of CPNI.
    pub complaints: ComplaintSummary,
}

impl CertificationFacts {
    /// Checks the required elements and builds the filing.
    pub fn filing(&self, calendar: &BusinessCalendar) -> Result<Filing, Error> {
        self.validate()?;
        let due = crate::clocks::certification::compute(calendar, self.year)?.due;
        let mut blocks = self.certificate(due);
        blocks.push(Block::PageBreak);
        blocks.extend(self.statement());
        let title = format!("Annual 47 C.F.R. 64.2009(e) CPNI Certification for Calendar Year {}", self.year);
        Ok(Filing { title, caption: vec![DOCKET.into()], blocks })
    }

    fn validate(&self) -> Result<(), Error> {
        required(&self.carrier_name, DOCUMENT, "the company's name")?;
        required(&self.officer_name, DOCUMENT, "the certifying officer's name")?;
        required(&self.officer_title, DOCUMENT, "the certifying officer's title")?;
        let explained = self.procedures.iter().any(|section| !section.text.trim().is_empty());
        if !explained {
            return Err(Error::MissingElement {
                document: DOCUMENT,
                element: "the accompanying statement of operating procedures",
            });
        }
        Ok(())
    }

    fn certificate(&self, due: Date) -> Vec<Block> {
        vec![
            Block::Fields { fields: self.identity(due) },
            heading("Certification"),
            paragraph(self.personal_knowledge()),
            paragraph(self.broker_sentence()),
            paragraph(self.complaint_sentence()),
            paragraph(
                "The company represents and warrants that this certification is consistent with 47 C.F.R. 1.17, which \
                 requires truthful and accurate statements to the Commission, and acknowledges that false statements \
                 and misrepresentations to the Commission are punishable under Title 18 of the United States Code and \
                 may subject it to enforcement action.",
            ),
            Block::Signature(self.signature()),
        ]
    }

    fn identity(&self, due: Date) -> Vec<(String, String)> {
        let mut fields = vec![
            ("Calendar year covered".into(), format!("January 1 - December 31, {}", self.year)),
            ("Due".into(), format!("on or before {}", long_date(due))),
            ("Name of company".into(), self.carrier_name.clone()),
        ];
        fields.extend(self.form_499_filer_id.clone().map(|id| ("Form 499 Filer ID".to_owned(), id)));
        fields.extend(self.frn.clone().map(|frn| ("FCC Registration Number".to_owned(), frn)));
        if !self.address.is_empty() {
            fields.push(("Address".into(), self.address.join(", ")));
        }
        fields.push(("Name of signatory".into(), self.officer_name.clone()));
        fields.push(("Title of signatory".into(), self.officer_title.clone()));
        fields
    }

    fn personal_knowledge(&self) -> String {
        let compliance = if self.exceptions.is_empty() { "is" } else { "is, except as the statement describes," };
        format!(
            "I, {name}, certify that I am an officer of {company} and, acting as an agent of the company, that I have \
             personal knowledge that the company has established operating procedures that are adequate to ensure \
             compliance with the Commission's rules on customer proprietary network information, 47 C.F.R. 64.2001 \
             et seq. The accompanying statement explains how those procedures ensure that the company {compliance} in \
             compliance with those rules, including the requirements on CPNI procedures, training, recordkeeping and \
             supervisory review.",
            name = self.officer_name,
            company = self.carrier_name
        )
    }

    fn broker_sentence(&self) -> String {
        match self.data_broker_actions.len() {
            0 => format!("The company took no actions against data brokers in {}.", self.year),
            count => format!(
                "The company took {count} action(s) against data brokers in {} (proceedings instituted or petitions \
                 filed at state commissions, in the courts or at the Commission); the statement explains each.",
                self.year
            ),
        }
    }

    fn complaint_sentence(&self) -> String {
        match self.complaints.total() {
            0 => format!(
                "The company received no customer complaints in {} concerning the unauthorized release of CPNI.",
                self.year
            ),
            total => format!(
                "The company received {total} customer complaint(s) in {} concerning the unauthorized release of CPNI; \
                 the statement summarises them by category.",
                self.year
            ),
        }
    }

    fn signature(&self) -> Signature {
        Signature {
            name: self.officer_name.clone(),
            title: self.officer_title.clone(),
            company: self.carrier_name.clone(),
            date: self.signed_on.map(long_date),
        }
    }

    fn statement(&self) -> Vec<Block> {
        let mut blocks = vec![
            heading(&format!("Accompanying statement of {} for calendar year {}", self.carrier_name, self.year)),
            paragraph(
                "This statement explains how the company's operating procedures ensure compliance with 47 C.F.R. 64.2001-64.2011.",
            ),
        ];
        for section in self.procedures.iter().filter(|section| !section.text.trim().is_empty()) {
            blocks.push(heading(&section.heading));
            blocks.push(paragraph(section.text.trim().to_owned()));
        }
        blocks.extend(self.exception_blocks());
        blocks.extend(self.broker_blocks());
        blocks.extend(self.complaint_blocks());
        blocks
    }

    fn exception_blocks(&self) -> Vec<Block> {
        let mut blocks = vec![heading("Areas not in compliance")];
        if self.exceptions.is_empty() {
            blocks.push(paragraph("None: the company's procedures ensured compliance throughout the year."));
        } else {
            blocks.push(Block::Bullets { items: self.exceptions.clone() });
        }
        blocks
    }

    fn broker_blocks(&self) -> Vec<Block> {
        let mut blocks = vec![heading("Actions taken against data brokers")];
        if self.data_broker_actions.is_empty() {
            blocks.push(paragraph(format!("None in {}.", self.year)));
        } else {
            let row = |action: &DataBrokerAction| {
                vec![long_date(action.date), action.forum.clone(), action.description.clone()]
            };
            let header = vec!["Date".into(), "Forum".into(), "Action".into()];
            blocks.push(Block::Table { header, rows: self.data_broker_actions.iter().map(row).collect() });
        }
        blocks.push(heading("What the company knows about pretexters"));
        let methods = self.pretexter_methods.trim();
        blocks.push(paragraph(if methods.is_empty() {
            "The company has no information on pretexters' methods beyond what is publicly known."
        } else {
            methods
        }));
        blocks
    }

    fn complaint_blocks(&self) -> Vec<Block> {
        let complaints = self.complaints;
        let row = |category: &str, count: u32| vec![category.to_owned(), count.to_string()];
        let rows = vec![
            row("Improper access by employees", complaints.employee_access),
            row(
                "Improper disclosure to individuals not authorized to receive the information",
                complaints.unauthorized_disclosure,
            ),
            row("Improper access to online information by unauthorized individuals", complaints.online_access),
            row("Other unauthorized release", complaints.other),
            row("Total", complaints.total()),
        ];
        vec![
            heading("Summary of customer complaints concerning unauthorized release of CPNI"),
            Block::Table { header: vec!["Category".into(), "Complaints".into()], rows },
        ]
    }
}

/// How callvault's own controls meet subpart U — the starting text of the
/// accompanying statement, for the officer to review and adapt.
pub fn standard_procedures() -> Vec<ProcedureSection> {
    let section = |heading: &str, text: &str| ProcedureSection { heading: heading.into(), text: text.into() };
    vec![
        section(
            "Use of CPNI and customer approval (64.2005, 64.2007, 64.2009(a))",
            "Every read of CPNI (call detail records, recordings, voicemail, usage and services purchased) passes through one software gate that requires a stated purpose and checks the actor's role, the customer's approval status and how the actor authenticated before allowing it. Every decision, allowed or denied, is written to a tamper-evident audit log. Use of CPNI to identify or track customers who call competing providers is always refused.",
        ),
        section(
            "Notices and opt-out (64.2008)",
            "Notices of CPNI rights are validated against the required contents before they can be sent, are recorded per customer and channel, and start the 30-day opt-out waiting period (from sending for e-mail, from the third day after mailing for letters). Bounced e-mail notices are re-sent another way before the customer counts as notified, opt-out notices are repeated every two years, and customers can opt out at no cost at any time through the customer portal.",
        ),
        section(
            "Training and discipline (64.2009(b))",
            "Personnel are trained on when they are and are not authorized to use CPNI; completions are recorded, and the company has an express disciplinary process for misuse.",
        ),
        section(
            "Marketing campaigns and supervisory review (64.2009(c), (d))",
            "Each sales or marketing campaign that uses CPNI is registered with its description, the specific CPNI used and the products and services offered, and requires approval by a supervisor other than the requester before any outbound solicitation. Campaign audiences are computed through the gate so only customers whose approval covers the campaign are included. These records are kept for at least one year.",
        ),
        section(
            "Authentication and change notices (64.2010)",
            "Call detail is disclosed on customer-initiated calls only after the customer's password, or by sending it to the address of record (associated with the account for at least 30 days) or calling the telephone number of record. Online access requires a password set without readily available biographical or account information. Customers are notified immediately when a password, back-up question, online account or address of record is created or changed, without revealing the changed data.",
        ),
        section(
            "Breaches and opt-out failures (64.2009(f), 64.2011)",
            "Breaches are recorded with their dates and circumstances; the United States Secret Service and the FBI are notified within seven business days of reasonable determination and customers only after the required waiting period, with the deadlines computed on the Commission's business-day calendar. Records are kept for at least two years. Opt-out mechanism failures are reported to the Commission by letter within five business days.",
        ),
    ]
}
