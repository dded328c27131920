//! `callvault cpni notice …` (issue 7 item 2; 47 CFR 64.2008(c)–(e)):
//!
//! - `check FILE` validates a CPNI notice template before it is used, with
//!   `compliance::notice`'s rules; an invalid one is refused (exit status
//!   1) with the missing or forbidden element named. No store is opened.
//! - `send FILE --customer SLUG --channel email|mail [--mailed DATE]`
//!   checks the template again and sends it to the customer's
//!   administrators' e-mail addresses of record (through the outbox, which
//!   `serve` delivers over SMTP) or records it as mailed on DATE
//!   (`store::cpni::notices`).
//! - `bounced ID --customer SLUG --on DATE` records a returned e-mail
//!   notice; `email-approval --customer SLUG --evidence TEXT` the
//!   customer's prior approval of notices by e-mail (64.2008(d)(3)(i)).
//! - `status --customer SLUG [--json]`: whether the customer counts as
//!   notified, from when opt-out approval may be assumed, when the next
//!   notice is due, and a returned notice still to be mailed.
//!
//! The template is TOML: the kind, a version, and one text per element:
//!
//! ```toml
//! kind = "opt_out"          # opt_out, opt_in or one_time
//! version = "2026-11"
//! [sections]
//! right_and_duty = "You have a right, and we have a duty, under federal law to protect …"
//! cpni_types = "…"
//! # recipients, purposes, right_to_disapprove, steps_to_grant_or_deny,
//! # service_unaffected, valid_until_revoked, waiting_period, opt_out_method, one_time_scope
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, Subcommand};
use compliance::clocks::opt_out::NoticeChannel;
use compliance::notice::{Element, NoticeKind, NoticeTemplate};
use compliance::records::notices::{NoticeStanding, SentNotice};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Deserialize;
use serde_json::json;
use store::{NoticeToSend, Store};

use crate::cli::Location;
use crate::cpni::{customer, say};
use crate::user::OPERATOR;

/// `callvault cpni notice …`
#[derive(Debug, Subcommand)]
pub(crate) enum NoticeCommand {
    /// Check a notice template against 47 CFR 64.2008(c).
    Check {
        /// The template (TOML).
        file: PathBuf,
    },
    /// Send a notice to a customer by e-mail, or record it as mailed.
    Send {
        #[command(flatten)]
        to: Customer,
        /// The template (TOML), checked again before anything is sent.
        file: PathBuf,
        /// email or mail.
        #[arg(long)]
        channel: NoticeChannel,
        /// For mail: the day it was mailed (YYYY-MM-DD).
        #[arg(long)]
        mailed: Option<Date>,
    },
    /// Record that an e-mail notice came back undeliverable.
    Bounced {
        #[command(flatten)]
        to: Customer,
        /// The notice's id.
        id: String,
        /// The day it came back.
        #[arg(long)]
        on: Date,
    },
    /// Record the customer's prior approval of notices by e-mail (64.2008(d)(3)(i)).
    EmailApproval {
        #[command(flatten)]
        to: Customer,
        /// Where the proof is (a signed form's id, a recording reference).
        #[arg(long)]
        evidence: String,
    },
    /// Show the customer's notices and where they stand.
    Status {
        #[command(flatten)]
        to: Customer,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
}

/// The customer a notice command is about.
#[derive(Debug, Args)]
pub(crate) struct Customer {
    #[command(flatten)]
    location: Location,
    /// The customer's slug.
    #[arg(long)]
    customer: String,
}

impl NoticeCommand {
    /// Where the store is, for the commands that open one.
    pub(crate) fn location(&self) -> Option<&Location> {
        match self {
            Self::Check { .. } => None,
            Self::Send { to, .. }
            | Self::Bounced { to, .. }
            | Self::EmailApproval { to, .. }
            | Self::Status { to, .. } => Some(&to.location),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateFile {
    kind: String,
    version: String,
    #[serde(default)]
    sections: BTreeMap<String, String>,
}

/// Runs `cpni notice check`, which opens no store.
pub(crate) fn check(file: &Path) -> anyhow::Result<()> {
    let template = read_template(file)?;
    say(&format!("valid {} notice, version {}", template.kind.code(), template.version))
}

/// Runs the notice commands that use the store.
pub(crate) async fn run(store: &Store, command: NoticeCommand) -> anyhow::Result<()> {
    let now = Timestamp::now();
    match command {
        NoticeCommand::Check { file } => check(&file),
        NoticeCommand::Send { to, file, channel, mailed } => {
            let template = read_template(&file)?;
            let customer = customer(store, &to.customer).await?;
            let notice =
                NoticeToSend { customer: &customer.id, template: &template, channel, mailed_on: mailed, by: OPERATOR };
            let id = store.send_cpni_notice(&notice, now).await?;
            say(&json!({ "id": id, "customer": to.customer, "channel": channel.as_str() }).to_string())
        }
        NoticeCommand::Bounced { to, id, on } => {
            let customer = customer(store, &to.customer).await?;
            store.record_notice_bounced(&customer.id, &id, on, OPERATOR, now).await?;
            say(&format!("recorded notice {id} as returned on {on}: mail it before {} counts as notified", to.customer))
        }
        NoticeCommand::EmailApproval { to, evidence } => {
            let customer = customer(store, &to.customer).await?;
            store.approve_email_notices(&customer.id, &evidence, OPERATOR, now).await?;
            say(&format!("recorded {}'s approval of notices by e-mail", to.customer))
        }
        NoticeCommand::Status { to, json } => status(store, &to.customer, json).await,
    }
}

async fn status(store: &Store, slug: &str, as_json: bool) -> anyhow::Result<()> {
    let customer = customer(store, slug).await?;
    let notices = store.cpni_notices(&customer.id).await?;
    let standing = NoticeStanding::of(&notices)?;
    let shown = standing_json(slug, &standing, &notices);
    if as_json {
        return say(&shown.to_string());
    }
    say(&serde_json::to_string_pretty(&shown)?)
}

fn standing_json(slug: &str, standing: &NoticeStanding, notices: &[SentNotice]) -> serde_json::Value {
    let notified = standing.notified.as_ref().map(|notified| {
        json!({
            "notice": notified.id,
            "channel": notified.clock.channel.as_str(),
            "sent": notified.clock.sent.to_string(),
            "approval_assumed_from": notified.clock.approval_assumed_from.to_string(),
            "renotice_due": notified.clock.renotice_due.to_string(),
        })
    });
    let resend = standing.resend.as_ref().map(|(id, on)| json!({ "notice": id, "returned": on.to_string() }));
    let notices: Vec<_> = notices
        .iter()
        .map(|notice| {
            json!({
                "id": notice.id,
                "channel": notice.channel.as_str(),
                "version": notice.version,
                "sent": notice.sent_on.map(|day| day.to_string()),
                "returned": notice.bounced_on.map(|day| day.to_string()),
            })
        })
        .collect();
    json!({ "customer": slug, "notified": notified, "resend_by_mail": resend, "pending": standing.pending, "notices": notices })
}

/// The template in `file`, validated.
fn read_template(file: &Path) -> anyhow::Result<NoticeTemplate> {
    let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let parsed: TemplateFile = toml::from_str(&text).with_context(|| format!("parsing {}", file.display()))?;
    let mut sections = BTreeMap::new();
    for (name, text) in parsed.sections {
        sections.insert(Element::parse(&name)?, text);
    }
    let template = NoticeTemplate { kind: NoticeKind::parse(&parsed.kind)?, version: parsed.version, sections };
    template.validate().context("the notice may not be sent")?;
    Ok(template)
}
