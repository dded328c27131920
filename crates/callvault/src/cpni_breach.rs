//! `callvault cpni breach open|event|show|list` (issue 7 item 5; 47 CFR
//! 64.2011, R24, R25): the breach incident register. An incident is opened
//! with its discovery and reasonable-determination dates, the CPNI involved
//! and the circumstances; the dated events that move its clocks are
//! appended (`le-notified`, `urgent-notice`, `agency-consulted`,
//! `agency-delay --days N`, `fcc-notified`, `customers-notified`), never
//! edited. `show` prints the record and the clock computed from it by
//! `compliance::clocks::breach` on the FCC calendar of `[compliance]
//! fcc_closed`; the rule is `[compliance] breach_rule` (2007 unless set) or
//! `--rule`. Changes are recorded and audited as `operator:cli`.
//!
//! ```text
//! callvault cpni breach open --discovered DATE --determined DATE --description TEXT
//!                            --circumstances TEXT [--customers N] [--rule 2007|2024]
//! callvault cpni breach event ID --kind KIND --on DATE [--days N] [--note TEXT]
//! callvault cpni breach show ID [--json]
//! callvault cpni breach list [--json]
//! ```

use anyhow::Context;
use clap::Subcommand;
use compliance::calendar::BusinessCalendar;
use compliance::records::breach::{BreachEvent, BreachEventKind, BreachIncident};
use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::{Value, json};
use store::{Store, StoredBreach};

use crate::cli::Location;
use crate::cpni::say;
use crate::user::OPERATOR;

/// `callvault cpni breach …`
#[derive(Debug, Subcommand)]
pub(crate) enum BreachCommand {
    /// Open a breach incident.
    Open {
        #[command(flatten)]
        location: Location,
        /// The day the breach was discovered.
        #[arg(long)]
        discovered: Date,
        /// The day of reasonable determination of the breach.
        #[arg(long)]
        determined: Date,
        /// A detailed description of the CPNI involved.
        #[arg(long)]
        description: String,
        /// The circumstances of the breach.
        #[arg(long)]
        circumstances: String,
        /// The number of customers affected.
        #[arg(long)]
        customers: Option<u64>,
        /// The 64.2011 text (default: `[compliance] breach_rule`, else 2007).
        #[arg(long, value_parser = ["2007", "2024"])]
        rule: Option<String>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Append a dated event to an incident.
    Event {
        #[command(flatten)]
        location: Location,
        /// The incident's id.
        id: String,
        /// le-notified, urgent-notice, agency-consulted, agency-delay, fcc-notified or customers-notified.
        #[arg(long)]
        kind: String,
        /// The day it happened (for a delay: the date of the agency's direction).
        #[arg(long)]
        on: Date,
        /// agency-delay: its length in days.
        #[arg(long)]
        days: Option<u32>,
        /// A reference (portal confirmation, the agency's letter).
        #[arg(long, default_value = "")]
        note: String,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Show an incident, its events and its clock.
    Show {
        #[command(flatten)]
        location: Location,
        /// The incident's id.
        id: String,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// List the incidents with their next dates.
    List {
        #[command(flatten)]
        location: Location,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
}

impl BreachCommand {
    pub(crate) fn location(&self) -> &Location {
        match self {
            Self::Open { location, .. }
            | Self::Event { location, .. }
            | Self::Show { location, .. }
            | Self::List { location, .. } => location,
        }
    }
}

/// Runs `cpni breach` with the configured calendar and default rule.
pub(crate) async fn run(
    store: &Store,
    calendar: &BusinessCalendar,
    default_rule: &str,
    command: BreachCommand,
) -> anyhow::Result<()> {
    let now = Timestamp::now();
    match command {
        BreachCommand::Open { discovered, determined, description, circumstances, customers, rule, json, .. } => {
            let rule = rule.as_deref().unwrap_or(default_rule).parse()?;
            let incident =
                BreachIncident { discovered, determined, rule, customers, description, circumstances, events: vec![] };
            let id = store.open_breach(&incident, calendar, OPERATOR, now).await?;
            let stored = store.breach(&id).await?.context("the incident just opened")?;
            print(&stored, calendar, json)
        }
        BreachCommand::Event { id, kind, on, days, note, json, .. } => {
            let event = BreachEvent { kind: BreachEventKind::parse(&kind)?, on, days, note };
            let stored = store.add_breach_event(&id, &event, calendar, OPERATOR, now).await?;
            print(&stored, calendar, json)
        }
        BreachCommand::Show { id, json, .. } => {
            let stored = store.breach(&id).await?.with_context(|| format!("no breach {id:?}"))?;
            print(&stored, calendar, json)
        }
        BreachCommand::List { json, .. } => list(store, calendar, json).await,
    }
}

fn print(stored: &StoredBreach, calendar: &BusinessCalendar, as_json: bool) -> anyhow::Result<()> {
    let shown = breach_json(stored, calendar)?;
    if as_json {
        return say(&shown.to_string());
    }
    let incident = &stored.incident;
    say(&format!("breach {} ({})", stored.id, if incident.is_open() { "open" } else { "customers notified" }))?;
    say(&format!("  discovered {}  determined {}", incident.discovered, incident.determined))?;
    say(&format!("  CPNI involved: {}", incident.description))?;
    say(&format!("  circumstances: {}", incident.circumstances))?;
    for event in &incident.events {
        say(&format!("  event {}", event_json(event)))?;
    }
    say(incident.clock(calendar)?.report().to_text().trim_end())
}

/// The incident, its events and its clock as one JSON object.
pub(crate) fn breach_json(stored: &StoredBreach, calendar: &BusinessCalendar) -> anyhow::Result<Value> {
    let incident = &stored.incident;
    let clock = incident.clock(calendar)?;
    Ok(json!({
        "id": stored.id,
        "discovered": incident.discovered.to_string(),
        "determined": incident.determined.to_string(),
        "rule": incident.rule.as_str(),
        "customers": incident.customers,
        "description": incident.description,
        "circumstances": incident.circumstances,
        "opened_at": stored.opened_at.to_string(),
        "opened_by": stored.opened_by,
        "open": incident.is_open(),
        "customers_notified_early": incident.customers_notified_early(&clock),
        "events": incident.events.iter().map(event_json).collect::<Vec<_>>(),
        "clock": clock.report().to_json(),
    }))
}

fn event_json(event: &BreachEvent) -> Value {
    json!({ "kind": event.kind.code(), "on": event.on.to_string(), "days": event.days, "note": event.note })
}

async fn list(store: &Store, calendar: &BusinessCalendar, as_json: bool) -> anyhow::Result<()> {
    for stored in store.breaches().await? {
        let shown = breach_json(&stored, calendar)?;
        if as_json {
            say(&shown.to_string())?;
            continue;
        }
        let dates = &shown["clock"]["dates"];
        let state = if stored.incident.is_open() { "open" } else { "closed" };
        say(&format!(
            "{} {state} rule={} determined={} le_notice_due={} customer_notice_earliest={}",
            stored.id,
            stored.incident.rule.as_str(),
            stored.incident.determined,
            dates["le_notice_due"].as_str().or(dates["agency_notice_due"].as_str()).unwrap_or("-"),
            dates["customer_notice_earliest"].as_str().unwrap_or("-"),
        ))?;
    }
    Ok(())
}
