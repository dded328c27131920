//! `callvault audit verify`: checks the tamper-evident audit log (issue 3
//! item 2; the CPNI gate decisions and access records of 47 CFR 64.2009(a),
//! (c) and 64.2010(a)) — its SHA-256 hash chain and signed checkpoints, as
//! `store::Store::verify_audit` does — and prints one line: the counts when
//! it holds, else the first bad record, with a non-zero exit.
//!
//! `callvault audit checkpoint` signs a checkpoint of the log as it stands
//! now (e.g. before a backup is taken or a copy leaves the machine), on top
//! of those `serve` writes by count and by time (`[audit]`).

use anyhow::{Context, bail};
use clap::Subcommand;
use std::io::Write;
use store::AuditReport;

use crate::cli::Location;
use crate::config::Config;

/// `callvault audit …`
#[derive(Debug, Subcommand)]
pub(crate) enum AuditCommand {
    /// Check every record's hash and link and every checkpoint's signature;
    /// name the first edited, deleted, reordered or truncated record.
    Verify(Location),
    /// Sign a checkpoint of the log as it stands now.
    Checkpoint(Location),
}

pub(crate) async fn run(command: AuditCommand) -> anyhow::Result<()> {
    match command {
        AuditCommand::Verify(location) => verify(&Config::load(&location)?).await,
        AuditCommand::Checkpoint(location) => checkpoint(&Config::load(&location)?).await,
    }
}

async fn verify(config: &Config) -> anyhow::Result<()> {
    let store = config.open_existing_store().await?;
    let report = store.verify_audit().await;
    store.close().await;
    summarize(&report.context("verifying the audit log")?)
}

async fn checkpoint(config: &Config) -> anyhow::Result<()> {
    let store = config.open_existing_store().await?;
    let checkpoint = store.checkpoint_audit(model::now_unix_ms()).await;
    store.close().await;
    let mut stdout = std::io::stdout().lock();
    match checkpoint.context("signing an audit checkpoint")? {
        Some(checkpoint) => Ok(writeln!(stdout, "audit checkpoint signed at record {}", checkpoint.seq)?),
        None => Ok(writeln!(stdout, "the audit log is empty: nothing to sign")?),
    }
}

fn summarize(report: &AuditReport) -> anyhow::Result<()> {
    let (records, checkpoints) = (counted(report.records, "record"), counted(report.checkpoints, "checkpoint"));
    match report.problem {
        None => Ok(writeln!(std::io::stdout().lock(), "audit log OK: {records}, {checkpoints}")?),
        Some(problem) => bail!("audit log FAILED: {problem} ({records} verified before it; {checkpoints} stored)"),
    }
}

fn counted(n: u64, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}
