//! `callvault cpni record add|list KIND` (issue 7 item 7; 47 CFR
//! 64.2009(b), (e); R11, R26): the carrier's compliance records — training
//! completions, disciplinary actions, complaints by category
//! (employee_access, unauthorized_disclosure, online_access, other),
//! actions against data brokers and pretexters (`--category` is the
//! forum), third-party confidentiality agreements and agent certifications
//! (`--ends-on` when they end). Each kind's retention period is
//! `compliance::records::kept`'s and the retention job enforces it.
//! Records are appended as `operator:cli` and audited; never edited.
//!
//! ```text
//! callvault cpni record add KIND --on DATE [--ends-on DATE] [--category TEXT] --details TEXT [--json]
//! callvault cpni record list [KIND] [--json]
//! ```

use clap::Subcommand;
use compliance::records::kept::{ComplianceRecord, RecordKind};
use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::json;
use store::{Store, StoredRecord};

use crate::cli::Location;
use crate::cpni::say;
use crate::user::OPERATOR;

/// `callvault cpni record …`
#[derive(Debug, Subcommand)]
pub(crate) enum RecordCommand {
    /// Append a record.
    Add {
        #[command(flatten)]
        location: Location,
        /// training, discipline, complaint, broker_action, confidentiality_agreement or agent_certification.
        kind: String,
        /// When it happened (completed, acted, received, signed).
        #[arg(long)]
        on: Date,
        /// When an agreement or certification ended.
        #[arg(long)]
        ends_on: Option<Date>,
        /// A complaint's category; a broker action's forum; else a short label.
        #[arg(long, default_value = "")]
        category: String,
        /// The details (sealed).
        #[arg(long)]
        details: String,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// List records, of one kind or all.
    List {
        #[command(flatten)]
        location: Location,
        /// The kind (all if omitted).
        kind: Option<String>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
}

impl RecordCommand {
    pub(crate) fn location(&self) -> &Location {
        match self {
            Self::Add { location, .. } | Self::List { location, .. } => location,
        }
    }
}

/// Runs `cpni record`.
pub(crate) async fn run(store: &Store, command: RecordCommand) -> anyhow::Result<()> {
    match command {
        RecordCommand::Add { kind, on, ends_on, category, details, json, .. } => {
            let record = ComplianceRecord { kind: RecordKind::parse(&kind)?, on, ends_on, category, details };
            let now = Timestamp::now();
            let id = store.add_compliance_record(&record, OPERATOR, now).await?;
            let stored = StoredRecord { id, record, recorded_at: now, recorded_by: OPERATOR.into() };
            print(&stored, json)
        }
        RecordCommand::List { kind, json, .. } => {
            let kind = kind.as_deref().map(RecordKind::parse).transpose()?;
            for stored in store.compliance_records(kind).await? {
                print(&stored, json)?;
            }
            Ok(())
        }
    }
}

fn print(stored: &StoredRecord, as_json: bool) -> anyhow::Result<()> {
    let record = &stored.record;
    let keep_until = record.keep_until()?.map(|day| day.to_string());
    if !as_json {
        let until = keep_until.as_deref().unwrap_or("while in effect");
        let ends = record.ends_on.map(|day| format!(" ends {day}")).unwrap_or_default();
        return say(&format!(
            "{} {} {}{ends} [{}] keep until {until}: {}",
            stored.id,
            record.kind.code(),
            record.on,
            record.category,
            record.details
        ));
    }
    say(&json!({
        "id": stored.id,
        "kind": record.kind.code(),
        "on": record.on.to_string(),
        "ends_on": record.ends_on.map(|day| day.to_string()),
        "category": record.category,
        "details": record.details,
        "keep_until": keep_until,
        "recorded_at": stored.recorded_at.to_string(),
        "recorded_by": stored.recorded_by,
    })
    .to_string())
}
