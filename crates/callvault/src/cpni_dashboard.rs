//! `callvault cpni dashboard [--json] [--on DATE]` (issue 7 item 8): every
//! open CPNI clock computed from the records (`store::Store::compliance_dashboard`:
//! breach deadlines, opt-out failure letters due, re-notices due, campaigns
//! awaiting supervisory approval, the next certification), nearest first,
//! overdue deadlines flagged, on the FCC calendar of `[compliance]
//! fcc_closed`. `--on` asks about another day than today (America/New_York).
//! JSON: `{"today": DATE, "items": [{"date", "name", "subject", "id",
//! "deadline", "overdue"}]}`.

use clap::Args;
use compliance::calendar::BusinessCalendar;
use jiff::civil::Date;
use serde_json::json;
use store::Store;

use crate::cli::Location;
use crate::cpni::say;

/// Options of `cpni dashboard`.
#[derive(Debug, Args)]
pub(crate) struct DashboardArgs {
    #[command(flatten)]
    pub(crate) location: Location,
    /// The day asked about (default: today).
    #[arg(long)]
    on: Option<Date>,
    /// JSON output.
    #[arg(long)]
    json: bool,
}

/// Runs `cpni dashboard`.
pub(crate) async fn run(store: &Store, calendar: &BusinessCalendar, args: DashboardArgs) -> anyhow::Result<()> {
    let today = args.on.unwrap_or_else(|| compliance::gate::eastern_date(jiff::Timestamp::now()));
    let items = store.compliance_dashboard(calendar, today).await?;
    if args.json {
        let items: Vec<_> = items
            .iter()
            .map(|item| {
                json!({
                    "date": item.date.to_string(),
                    "name": item.name,
                    "subject": item.subject,
                    "id": item.id,
                    "deadline": item.deadline,
                    "overdue": item.overdue,
                })
            })
            .collect();
        return say(&json!({ "today": today.to_string(), "items": items }).to_string());
    }
    say(&format!("CPNI clocks as of {today}"))?;
    for item in &items {
        let flag = if item.overdue { "OVERDUE" } else { "" };
        say(&format!("  {}  {flag:7}  {} {}  {}", item.date, item.subject, item.id, item.name))?;
    }
    Ok(())
}
