//! `callvault cpni officer set` and `callvault cpni certify` (issue 7 item
//! 8; 47 CFR 64.2009(e), §4 of the reference).
//!
//! `officer set LOGIN --name NAME --title TITLE` marks a person of the
//! platform an officer of the carrier: only an officer may sign the annual
//! certification. `certify --year YYYY --out FILE.pdf|.html [--sign-as
//! LOGIN]` drafts the certificate and its accompanying statement from the
//! records (`compliance::records::certify`): complaints of the year by
//! category, actions against data brokers, breaches determined in the year
//! and late law-enforcement notices, the procedures of `[[compliance.procedures]]`
//! (callvault's own controls if none) and `[compliance] pretexter_methods`;
//! the carrier is `[compliance] carrier_name`, `form_499_filer_id`, `frn`,
//! `address`. The due date printed is March 1 of the next year, rolled
//! forward on the FCC calendar. With `--sign-as`, the person must be
//! marked an officer and the certificate is signed today; without it, the
//! filing is drafted for the first marked officer with a blank signature
//! date. The drafting is audited (`certification.draft`/`certification.sign`).

use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;
use compliance::calendar::BusinessCalendar;
use compliance::documents::certification::{ProcedureSection, standard_procedures};
use compliance::records::certify::{Certifier, facts};
use jiff::Timestamp;
use store::{Officer, Store};

use crate::cli::Location;
use crate::cpni::say;
use crate::cpni_clock::ComplianceToml;
use crate::user::OPERATOR;

/// `callvault cpni officer …`
#[derive(Debug, Subcommand)]
pub(crate) enum OfficerCommand {
    /// Mark a person of the platform an officer of the carrier.
    Set {
        #[command(flatten)]
        location: Location,
        /// The person's sign-in name.
        login: String,
        /// Their full name, as the certification prints it.
        #[arg(long)]
        name: String,
        /// Their title (e.g. Chief Executive Officer).
        #[arg(long)]
        title: String,
    },
}

impl OfficerCommand {
    pub(crate) fn location(&self) -> &Location {
        match self {
            Self::Set { location, .. } => location,
        }
    }
}

/// Runs `cpni officer`.
pub(crate) async fn officer(store: &Store, command: OfficerCommand) -> anyhow::Result<()> {
    let OfficerCommand::Set { login, name, title, .. } = command;
    let person = store.person_by_login(&login).await?.with_context(|| format!("no person {login:?}"))?;
    let officer = Officer { person: person.id, name, title };
    store.designate_officer(&officer, OPERATOR, Timestamp::now()).await?;
    say(&format!("{login} is marked an officer ({})", officer.title))
}

/// What `cpni certify` is asked.
#[derive(Debug, clap::Args)]
pub(crate) struct CertifyArgs {
    #[command(flatten)]
    pub(crate) location: Location,
    /// The calendar year certified.
    #[arg(long)]
    year: i16,
    /// The file to write: `.pdf` or `.html`.
    #[arg(long)]
    out: PathBuf,
    /// Sign as this person (their sign-in name), who must be marked an officer.
    #[arg(long)]
    sign_as: Option<String>,
}

/// Runs `cpni certify`.
pub(crate) async fn certify(
    store: &Store,
    settings: &ComplianceToml,
    calendar: &BusinessCalendar,
    args: CertifyArgs,
) -> anyhow::Result<()> {
    let now = Timestamp::now();
    let (officer, signed_on) = match &args.sign_as {
        Some(login) => (signing_officer(store, login).await?, Some(compliance::gate::eastern_date(now))),
        None => (store.officers().await?.into_iter().next().context(NO_OFFICER)?, None),
    };
    let records: Vec<_> = store.compliance_records(None).await?.into_iter().map(|stored| stored.record).collect();
    let breaches: Vec<_> = store.breaches().await?.into_iter().map(|stored| stored.incident).collect();
    let certifier = certifier(settings, &officer, signed_on)?;
    let filing = facts(calendar, args.year, &certifier, &records, &breaches)?.filing(calendar)?;
    crate::cpni_optout::write_filing(&filing, &args.out)?;
    let action = if signed_on.is_some() { "certification.sign" } else { "certification.draft" };
    store
        .audit_compliance_action(OPERATOR, action, &officer.person.0, &format!("47 CFR 64.2009(e) {}", args.year), now)
        .await?;
    Ok(())
}

const NO_OFFICER: &str = "no person is marked an officer: an officer must sign the certification (callvault cpni officer set LOGIN --name NAME --title TITLE)";

async fn signing_officer(store: &Store, login: &str) -> anyhow::Result<Officer> {
    let person = store.person_by_login(login).await?.with_context(|| format!("no person {login:?}"))?;
    anyhow::ensure!(!person.disabled, "{login:?} is disabled");
    store.officer(&person.id).await?.with_context(|| {
        format!(
            "{login:?} is not marked an officer and may not sign the certification (47 CFR 64.2009(e)); {NO_OFFICER}"
        )
    })
}

fn certifier(
    settings: &ComplianceToml,
    officer: &Officer,
    signed_on: Option<jiff::civil::Date>,
) -> anyhow::Result<Certifier> {
    let procedures = if settings.procedures.is_empty() {
        standard_procedures()
    } else {
        let section = |p: &crate::cpni_clock::ProcedureToml| ProcedureSection {
            heading: p.heading.clone(),
            text: p.text.clone(),
        };
        settings.procedures.iter().map(section).collect()
    };
    Ok(Certifier {
        carrier_name: settings.carrier_name()?.to_owned(),
        form_499_filer_id: settings.form_499_filer_id.clone(),
        frn: settings.frn.clone(),
        address: settings.address.clone(),
        officer_name: officer.name.clone(),
        officer_title: officer.title.clone(),
        signed_on,
        procedures,
        pretexter_methods: settings.pretexter_methods.clone().unwrap_or_default(),
    })
}
