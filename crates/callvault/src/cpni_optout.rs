//! `callvault cpni optout-failure open|show|letter|filed` (issue 7 item 6; 47 CFR
//! 64.2009(f), R15): an opt-out mechanism failure is recorded when it is
//! discovered, with everything its letter to the Commission must say; the
//! letter is due 5 business days after discovery
//! (`compliance::clocks::opt_out::failure`, on the calendar of `[compliance]
//! fcc_closed`) and is drafted from the record by
//! `compliance::documents::opt_out_failure` as PDF or HTML (by the
//! extension of `--out`). The carrier is `[compliance] carrier_name` (and
//! `frn`); a record that could not become a complete letter is refused.
//! `filed` records the day the letter was filed and its reference (once),
//! which closes its clock on `callvault cpni dashboard`.
//!
//! ```text
//! callvault cpni optout-failure open --discovered DATE --mechanism TEXT... --problem TEXT...
//!     [--other-method TEXT...] --remedy TEXT --remedy-date DATE [--remedy-implemented]
//!     [--state-commission "NAME;DATE[;ACTION]"...] --customer-notice FILE
//!     --contact-name NAME [--contact-title T] [--contact-phone P] [--contact-email E] [--contact-address LINE...]
//! callvault cpni optout-failure show ID [--json]
//! callvault cpni optout-failure filed ID --on DATE --reference TEXT [--json]
//! callvault cpni optout-failure letter ID --out FILE.pdf|FILE.html [--date DATE]
//!     [--signer-name NAME --signer-title TITLE]
//! ```

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use compliance::calendar::BusinessCalendar;
use compliance::documents::Filing;
use compliance::documents::opt_out_failure::{Contact, StateCommission};
use compliance::records::opt_out_failure::{LetterHead, OptOutFailureIncident};
use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::json;
use store::{LetterFiled, Store, StoredOptOutFailure};

use crate::cli::Location;
use crate::cpni::say;
use crate::cpni_clock::ComplianceToml;
use crate::user::OPERATOR;

/// `callvault cpni optout-failure …`
#[derive(Debug, Subcommand)]
pub(crate) enum OptOutFailureCommand {
    /// Record an opt-out mechanism failure.
    Open(Box<OpenArgs>),
    /// Show a failure and its letter's due date.
    Show {
        #[command(flatten)]
        location: Location,
        /// The failure's id.
        id: String,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Record that the letter was filed with the FCC (closes its clock).
    Filed {
        #[command(flatten)]
        location: Location,
        /// The failure's id.
        id: String,
        /// The day it was filed.
        #[arg(long)]
        on: Date,
        /// Its reference (ECFS confirmation, letter number).
        #[arg(long)]
        reference: String,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Draft the letter to the FCC.
    Letter {
        #[command(flatten)]
        location: Location,
        /// The failure's id.
        id: String,
        /// The file to write: `.pdf` or `.html`.
        #[arg(long)]
        out: PathBuf,
        /// The letter's date (default: today, America/New_York).
        #[arg(long)]
        date: Option<Date>,
        /// Who signs (default: the contact).
        #[arg(long, requires = "signer_title")]
        signer_name: Option<String>,
        /// The signer's title.
        #[arg(long, requires = "signer_name")]
        signer_title: Option<String>,
    },
}

/// Options of `optout-failure open`.
#[derive(Debug, Args)]
pub(crate) struct OpenArgs {
    #[command(flatten)]
    location: Location,
    /// The day the failure was discovered.
    #[arg(long)]
    discovered: Date,
    /// An opt-out mechanism affected (repeatable).
    #[arg(long = "mechanism", required = true)]
    mechanisms: Vec<String>,
    /// A problem experienced (repeatable).
    #[arg(long = "problem", required = true)]
    problems: Vec<String>,
    /// An opt-out method that kept working (repeatable).
    #[arg(long = "other-method")]
    other_methods: Vec<String>,
    /// The remedy.
    #[arg(long)]
    remedy: String,
    /// When the remedy will be or was implemented.
    #[arg(long)]
    remedy_date: Date,
    /// The remedy has been implemented.
    #[arg(long)]
    remedy_implemented: bool,
    /// A state commission notified: `NAME;DATE` or `NAME;DATE;ACTION` (repeatable).
    #[arg(long = "state-commission", value_parser = parse_commission)]
    state_commissions: Vec<StateCommission>,
    /// A file holding the notice provided to customers.
    #[arg(long)]
    customer_notice: PathBuf,
    /// The contact's name.
    #[arg(long)]
    contact_name: String,
    /// The contact's title.
    #[arg(long, default_value = "")]
    contact_title: String,
    /// The contact's telephone number.
    #[arg(long, default_value = "")]
    contact_phone: String,
    /// The contact's e-mail address.
    #[arg(long, default_value = "")]
    contact_email: String,
    /// A line of the contact's postal address (repeatable).
    #[arg(long = "contact-address")]
    contact_address: Vec<String>,
    /// JSON output.
    #[arg(long)]
    json: bool,
}

impl OptOutFailureCommand {
    pub(crate) fn location(&self) -> &Location {
        match self {
            Self::Open(args) => &args.location,
            Self::Show { location, .. } | Self::Filed { location, .. } | Self::Letter { location, .. } => location,
        }
    }
}

/// Runs `cpni optout-failure`.
pub(crate) async fn run(
    store: &Store,
    settings: &ComplianceToml,
    calendar: &BusinessCalendar,
    command: OptOutFailureCommand,
) -> anyhow::Result<()> {
    let now = Timestamp::now();
    match command {
        OptOutFailureCommand::Open(args) => {
            let incident = incident(&args)?;
            let id = store.open_optout_failure(&incident, calendar, settings.carrier_name()?, OPERATOR, now).await?;
            print(&fetch(store, &id).await?, calendar, args.json)
        }
        OptOutFailureCommand::Show { id, json, .. } => print(&fetch(store, &id).await?, calendar, json),
        OptOutFailureCommand::Filed { id, on, reference, json, .. } => {
            let stored = store.record_optout_letter_filed(&id, &LetterFiled { on, reference }, OPERATOR, now).await?;
            print(&stored, calendar, json)
        }
        OptOutFailureCommand::Letter { id, out, date, signer_name, signer_title, .. } => {
            let stored = fetch(store, &id).await?;
            let contact = &stored.incident.contact;
            let head = LetterHead {
                carrier_name: settings.carrier_name()?.to_owned(),
                frn: settings.frn.clone(),
                letter_date: date.unwrap_or_else(|| compliance::gate::eastern_date(now)),
                signer_name: signer_name.unwrap_or_else(|| contact.name.clone()),
                signer_title: signer_title.unwrap_or_else(|| contact.title.clone()),
            };
            write_filing(&stored.incident.letter(calendar, &head)?, &out)
        }
    }
}

fn incident(args: &OpenArgs) -> anyhow::Result<OptOutFailureIncident> {
    let customer_notice = std::fs::read_to_string(&args.customer_notice)
        .with_context(|| format!("reading the customer notice {}", args.customer_notice.display()))?;
    Ok(OptOutFailureIncident {
        discovered: args.discovered,
        mechanisms: args.mechanisms.clone(),
        problems: args.problems.clone(),
        other_methods: args.other_methods.clone(),
        remedy: args.remedy.clone(),
        remedy_date: args.remedy_date,
        remedy_implemented: args.remedy_implemented,
        state_commissions: args.state_commissions.clone(),
        customer_notice,
        contact: Contact {
            name: args.contact_name.clone(),
            title: args.contact_title.clone(),
            phone: args.contact_phone.clone(),
            email: args.contact_email.clone(),
            address: args.contact_address.clone(),
        },
    })
}

/// `NAME;DATE` or `NAME;DATE;ACTION`.
fn parse_commission(text: &str) -> anyhow::Result<StateCommission> {
    let mut parts = text.splitn(3, ';');
    let (Some(name), Some(date)) = (parts.next(), parts.next()) else {
        bail!("a state commission is NAME;DATE or NAME;DATE;ACTION, not {text:?}");
    };
    let notified_on = date.trim().parse().with_context(|| format!("{date:?} is not a date (YYYY-MM-DD)"))?;
    let action = parts.next().map(str::trim).filter(|action| !action.is_empty()).map(str::to_owned);
    Ok(StateCommission { name: name.trim().to_owned(), notified_on, action })
}

async fn fetch(store: &Store, id: &str) -> anyhow::Result<StoredOptOutFailure> {
    store.optout_failure(id).await?.with_context(|| format!("no opt-out failure {id:?}"))
}

fn print(stored: &StoredOptOutFailure, calendar: &BusinessCalendar, as_json: bool) -> anyhow::Result<()> {
    let clock = stored.incident.clock(calendar)?;
    let report = clock.report();
    let filed_late = stored.filed.as_ref().map(|filed| filed.on > clock.fcc_letter_due);
    if !as_json {
        say(&format!("opt-out failure {} (opened {} by {})", stored.id, stored.opened_at, stored.opened_by))?;
        if let Some(filed) = &stored.filed {
            let late = if filed_late == Some(true) { " LATE" } else { "" };
            say(&format!("  letter filed {} ({}){late}", filed.on, filed.reference))?;
        }
        return say(report.to_text().trim_end());
    }
    let incident = &stored.incident;
    say(&json!({
        "id": stored.id,
        "discovered": incident.discovered.to_string(),
        "mechanisms": incident.mechanisms,
        "problems": incident.problems,
        "remedy": incident.remedy,
        "remedy_date": incident.remedy_date.to_string(),
        "remedy_implemented": incident.remedy_implemented,
        "state_commissions": incident.state_commissions.len(),
        "opened_at": stored.opened_at.to_string(),
        "opened_by": stored.opened_by,
        "filed_on": stored.filed.as_ref().map(|filed| filed.on.to_string()),
        "filing_reference": stored.filed.as_ref().map(|filed| filed.reference.clone()),
        "filed_late": filed_late,
        "clock": report.to_json(),
    })
    .to_string())
}

/// Writes `filing` as PDF or HTML, by the extension of `out`.
pub(crate) fn write_filing(filing: &Filing, out: &Path) -> anyhow::Result<()> {
    let bytes = match out.extension().and_then(|ext| ext.to_str()) {
        Some("pdf") => filing.to_pdf(),
        Some("html" | "htm") => filing.to_html()?.into_bytes(),
        _ => bail!("--out must end in .pdf or .html: {}", out.display()),
    };
    std::fs::write(out, bytes).with_context(|| format!("writing {}", out.display()))?;
    say(&format!("wrote {}", out.display()))
}
