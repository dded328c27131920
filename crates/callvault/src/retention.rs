//! `callvault retention …` (issue 3 item 3).
//!
//! `retention run [--dry-run] --data-dir DIR|--config FILE` runs the
//! retention job once, as `serve` does daily (`store::Store::run_retention`:
//! CDRs, voicemail and recordings past each customer's keep time, deleted
//! customers' rows and files, leftover blob files), and prints what it
//! deleted, or with `--dry-run` what it would delete.
//!
//! `retention set --customer SLUG [--cdr-days N] [--recording-days N]
//! [--voicemail-days N]` sets a customer's keep times within the platform's
//! bounds (CDRs 549 to 1,827 days, the floor being 47 CFR 42.6's 18 months;
//! media 1 to 1,827 days) and prints the resulting policy.

use std::io::Write;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use store::{RecordType, RetentionOptions, RetentionPolicy, RetentionReport};

use crate::cli::Location;
use crate::config::Config;

const DAY_SECS: u64 = 86_400;

/// `callvault retention …`
#[derive(Debug, Subcommand)]
pub(crate) enum RetentionCommand {
    /// Delete what is past its keep time, now, and print what was deleted.
    Run {
        #[command(flatten)]
        location: Location,
        /// Count what would be deleted; delete nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Set how long a customer keeps CDRs, recordings and voicemail.
    Set(SetArgs),
}

/// Options of `retention set`.
#[derive(Debug, Args)]
pub(crate) struct SetArgs {
    #[command(flatten)]
    location: Location,
    /// The customer's slug.
    #[arg(long)]
    customer: String,
    /// Days to keep CDRs (549–1827).
    #[arg(long)]
    cdr_days: Option<u64>,
    /// Days to keep call recordings (1–1827).
    #[arg(long)]
    recording_days: Option<u64>,
    /// Days to keep voicemail (1–1827).
    #[arg(long)]
    voicemail_days: Option<u64>,
}

pub(crate) async fn run(command: RetentionCommand) -> anyhow::Result<()> {
    match command {
        RetentionCommand::Run { location, dry_run } => run_once(&Config::load(&location)?, dry_run).await,
        RetentionCommand::Set(args) => set(&Config::load(&args.location)?, &args).await,
    }
}

async fn run_once(config: &Config, dry_run: bool) -> anyhow::Result<()> {
    let store = config.open_existing_store().await?;
    let options = RetentionOptions { dry_run, ..RetentionOptions::default() };
    let report = store.run_retention(model::now_unix_ms(), &options).await;
    store.close().await;
    print_report(&report.context("running retention")?)
}

fn print_report(report: &RetentionReport) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let verb = if report.dry_run { "would delete" } else { "deleted" };
    writeln!(out, "retention as of {} ms{}:", report.now_ms, if report.dry_run { " (dry run)" } else { "" })?;
    for purged in &report.purged {
        let (customer, record, tally) = (&purged.customer, purged.record, purged.tally);
        writeln!(
            out,
            "  customer {customer}: {verb} {} {record} records, {} media bytes",
            tally.records, tally.media_bytes
        )?;
    }
    for record in RecordType::ALL {
        writeln!(out, "  total {record}: {}", report.total(record).records)?;
    }
    for (kind, count) in &report.compliance {
        writeln!(out, "  compliance records: {verb} {count} {kind}")?;
    }
    let swept = report.swept;
    writeln!(out, "  swept: {} orphan files, {} partial files", swept.orphan_files, swept.partial_files)?;
    writeln!(out, "  shredded customers: {} ({} other rows)", report.shredded.len(), report.shredded_rows)?;
    writeln!(out, "  {}", if report.complete { "complete" } else { "incomplete: run again" })?;
    Ok(())
}

async fn set(config: &Config, args: &SetArgs) -> anyhow::Result<()> {
    let choices = [
        (RecordType::Cdr, args.cdr_days),
        (RecordType::Recording, args.recording_days),
        (RecordType::Voicemail, args.voicemail_days),
    ];
    if choices.iter().all(|(_, days)| days.is_none()) {
        bail!("nothing to set: give --cdr-days, --recording-days or --voicemail-days");
    }
    let store = config.open_existing_store().await?;
    let policy = set_choices(&store, &args.customer, &choices).await;
    store.close().await;
    print_policy(&args.customer, &policy?)
}

async fn set_choices(
    store: &store::Store,
    slug: &str,
    choices: &[(RecordType, Option<u64>)],
) -> anyhow::Result<RetentionPolicy> {
    let customer = store.tenant_by_slug(slug).await?.with_context(|| format!("no customer {slug:?}"))?;
    for (record, days) in choices {
        if let Some(days) = days {
            let keep = Duration::from_secs(days.saturating_mul(DAY_SECS));
            store.set_retention(&customer.id, *record, keep).await?;
        }
    }
    Ok(store.retention_policy(&customer.id).await?)
}

fn print_policy(slug: &str, policy: &RetentionPolicy) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "retention of customer {slug}:")?;
    for record in RecordType::ALL {
        writeln!(out, "  {record}: {} days", policy.keep(record).as_secs() / DAY_SECS)?;
    }
    Ok(())
}
