//! `callvault cpni clock KIND [--json]` (issue 7 item 9): the compliance
//! officer's clock calculator. Every date comes from `compliance::clocks`
//! on the FCC business-day calendar (47 CFR 1.4; 5 U.S.C. 6103) plus the
//! FCC closure days of `[compliance] fcc_closed` in `--config` and of
//! `--closed DATE` (repeatable):
//!
//! ```text
//! callvault cpni clock breach --determined DATE [--le-notified DATE] [--urgent --consulted]
//!                             [--agency-delay-from DATE --days N] [--rule 2007|2024 --customers N]
//! callvault cpni clock opt-out-notice --sent DATE --channel email|mail
//! callvault cpni clock opt-out-failure --discovered DATE
//! callvault cpni clock certification --year YYYY
//! callvault cpni clock address-of-record --added DATE --on DATE
//! ```
//!
//! Dates are ISO `YYYY-MM-DD`. Output is one line per named date (human
//! text), or with `--json` the object documented in
//! `compliance::clocks::ClockReport` (`clock`, `rule`, `dates`, `flags`,
//! `details`, `notes`). Bad input exits non-zero with a message.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand};
use compliance::calendar::BusinessCalendar;
use compliance::clocks::breach::{AgencyDelay, BreachFacts};
use compliance::clocks::{ClockReport, address_of_record, breach, certification, opt_out};
use jiff::civil::Date;
use serde::Deserialize;

use crate::cli::Location;
use crate::config::Config;

/// `[compliance]` of the configuration file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ComplianceToml {
    /// Days the FCC's headquarters is closed beyond the federal holidays
    /// (executive-order days off, days of mourning, shutdowns), as ISO date
    /// strings or TOML dates.
    #[serde(default)]
    pub(crate) fcc_closed: Vec<TomlDate>,
    /// The text of 47 CFR 64.2011 breach records follow: "2007" (in force,
    /// the default) or "2024" (the amendment, effective date delayed).
    pub(crate) breach_rule: Option<String>,
    /// The carrier's legal name, for filings (opt-out failure letters, the
    /// annual certification).
    pub(crate) carrier_name: Option<String>,
    /// The carrier's FCC Registration Number.
    pub(crate) frn: Option<String>,
    /// The carrier's FCC Form 499 Filer ID.
    pub(crate) form_499_filer_id: Option<String>,
    /// The carrier's postal address lines.
    #[serde(default)]
    pub(crate) address: Vec<String>,
    /// What the carrier knows of pretexters' methods (the certification).
    pub(crate) pretexter_methods: Option<String>,
    /// How the carrier's procedures ensure compliance, one section each
    /// (the certification's accompanying statement); empty: callvault's own
    /// controls (`compliance::documents::certification::standard_procedures`).
    #[serde(default)]
    pub(crate) procedures: Vec<ProcedureToml>,
}

/// One `[[compliance.procedures]]` section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProcedureToml {
    /// Its heading.
    pub(crate) heading: String,
    /// Its text.
    pub(crate) text: String,
}

/// A date written as a string or as a TOML local date.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum TomlDate {
    Text(String),
    Toml(toml::value::Datetime),
}

impl ComplianceToml {
    /// The configured closure days.
    pub(crate) fn closures(&self) -> anyhow::Result<Vec<Date>> {
        let parse = |entry: &TomlDate| {
            let text = match entry {
                TomlDate::Text(text) => text.clone(),
                TomlDate::Toml(value) => value.to_string(),
            };
            parse_date(&text).with_context(|| "[compliance] fcc_closed")
        };
        self.fcc_closed.iter().map(parse).collect()
    }

    /// The FCC business-day calendar with the configured closure days.
    pub(crate) fn calendar(&self) -> anyhow::Result<BusinessCalendar> {
        Ok(BusinessCalendar::with_closures(self.closures()?))
    }

    /// The carrier's name, required for filings.
    pub(crate) fn carrier_name(&self) -> anyhow::Result<&str> {
        let name = self.carrier_name.as_deref().map(str::trim).filter(|name| !name.is_empty());
        name.context("set [compliance] carrier_name in the configuration file: filings name the carrier")
    }

    /// The configured breach rule, `2007` unless set.
    pub(crate) fn breach_rule(&self) -> &str {
        self.breach_rule.as_deref().unwrap_or("2007")
    }
}

/// Options of `cpni clock`.
#[derive(Debug, Args)]
pub(crate) struct ClockArgs {
    #[command(subcommand)]
    kind: ClockKind,
    /// Print the stable JSON object instead of text.
    #[arg(long, global = true)]
    json: bool,
    /// An FCC closure day to skip besides the federal holidays (repeatable).
    #[arg(long = "closed", value_name = "DATE", value_parser = parse_date, global = true)]
    closed: Vec<Date>,
    /// A configuration file whose `[compliance] fcc_closed` lists closure days.
    #[arg(long, env = "CALLVAULT_CONFIG", global = true)]
    config: Option<PathBuf>,
}

/// Which clock.
#[derive(Debug, Subcommand)]
enum ClockKind {
    /// Breach notice deadlines (47 CFR 64.2011).
    Breach(BreachArgs),
    /// Opt-out notice waiting period and re-notice (64.2008(d)).
    OptOutNotice {
        /// The day the notice was sent (e-mail) or mailed.
        #[arg(long, value_parser = parse_date)]
        sent: Date,
        /// email or mail.
        #[arg(long, value_parser = ["email", "mail"])]
        channel: String,
    },
    /// The FCC letter on an opt-out mechanism failure (64.2009(f)).
    OptOutFailure {
        /// The day the failure was discovered.
        #[arg(long, value_parser = parse_date)]
        discovered: Date,
    },
    /// The annual certification for a calendar year (64.2009(e)).
    Certification {
        /// The calendar year certified.
        #[arg(long)]
        year: i16,
    },
    /// Whether an address is an address of record on a day (64.2003(b)).
    AddressOfRecord {
        /// The day the address was added to the account.
        #[arg(long, value_parser = parse_date)]
        added: Date,
        /// The day asked about.
        #[arg(long, value_parser = parse_date)]
        on: Date,
    },
}

/// Options of `cpni clock breach`.
#[derive(Debug, Args)]
struct BreachArgs {
    /// The day of reasonable determination of the breach.
    #[arg(long, value_parser = parse_date)]
    determined: Date,
    /// The day the USSS and FBI (2024: and FCC) were notified.
    #[arg(long, value_parser = parse_date)]
    le_notified: Option<Date>,
    /// The notice stated an extraordinarily urgent need to tell customers.
    #[arg(long)]
    urgent: bool,
    /// The investigating agency was consulted about the urgent notice.
    #[arg(long)]
    consulted: bool,
    /// The date of an agency's written direction to delay customer notice.
    #[arg(long, value_parser = parse_date, requires = "days")]
    agency_delay_from: Option<Date>,
    /// The length of that delay in days.
    #[arg(long, requires = "agency_delay_from")]
    days: Option<u32>,
    /// The 64.2011 text: 2007 (in force) or 2024 (the amendment).
    #[arg(long, default_value = "2007", value_parser = ["2007", "2024"])]
    rule: String,
    /// The number of customers affected.
    #[arg(long)]
    customers: Option<u64>,
}

/// Runs `cpni clock`.
pub(crate) fn run(args: &ClockArgs) -> anyhow::Result<()> {
    let calendar = calendar(args)?;
    let report = report(&calendar, &args.kind)?;
    let text = if args.json { format!("{}\n", report.to_json()) } else { report.to_text() };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(())
}

fn calendar(args: &ClockArgs) -> anyhow::Result<BusinessCalendar> {
    let mut closures = args.closed.clone();
    if let Some(file) = &args.config {
        let location = Location { config: Some(file.clone()), data_dir: None };
        closures.extend(Config::load(&location)?.compliance.closures()?);
    }
    Ok(BusinessCalendar::with_closures(closures))
}

fn report(calendar: &BusinessCalendar, kind: &ClockKind) -> anyhow::Result<ClockReport> {
    Ok(match kind {
        ClockKind::Breach(args) => breach::compute(calendar, &breach_facts(args)?)?.report(),
        ClockKind::OptOutNotice { sent, channel } => opt_out::notice(*sent, channel.parse()?)?.report(),
        ClockKind::OptOutFailure { discovered } => opt_out::failure(calendar, *discovered)?.report(),
        ClockKind::Certification { year } => certification::compute(calendar, *year)?.report(),
        ClockKind::AddressOfRecord { added, on } => address_of_record::compute(*added, *on)?.report(),
    })
}

fn breach_facts(args: &BreachArgs) -> anyhow::Result<BreachFacts> {
    let agency_delay = match (args.agency_delay_from, args.days) {
        (Some(from), Some(days)) => Some(AgencyDelay { from, days }),
        _ => None,
    };
    Ok(BreachFacts {
        determined: args.determined,
        le_notified: args.le_notified,
        urgent: args.urgent,
        consulted: args.consulted,
        agency_delay,
        rule: args.rule.parse()?,
        customers: args.customers,
    })
}

/// A strict ISO calendar date, `YYYY-MM-DD`.
fn parse_date(text: &str) -> anyhow::Result<Date> {
    let well_formed = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    anyhow::ensure!(well_formed, "{text:?} is not an ISO date (YYYY-MM-DD)");
    text.parse().with_context(|| format!("{text:?} is not a valid date"))
}
