//! `callvault audit verify`: checks the tamper-evident audit log (issue 3
//! item 2; the CPNI gate decisions and access records of 47 CFR 64.2009(a),
//! (c) and 64.2010(a)) — its SHA-256 hash chain and signed checkpoints, as
//! `store::Store::verify_audit` does — and prints one line: the counts when
//! it holds, else the first bad record, with a non-zero exit.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};
use clap::Subcommand;
use store::{AuditReport, Store};

use crate::cli::Location;
use crate::config::Config;

/// `callvault audit …`
#[derive(Debug, Subcommand)]
pub(crate) enum AuditCommand {
    /// Check every record's hash and link and every checkpoint's signature;
    /// name the first edited, deleted, reordered or truncated record.
    Verify(Location),
}

pub(crate) async fn run(command: AuditCommand) -> anyhow::Result<()> {
    match command {
        AuditCommand::Verify(location) => verify(&Config::load(&location)?.data_dir).await,
    }
}

async fn verify(data_dir: &Path) -> anyhow::Result<()> {
    if !data_dir.join(store::DATABASE_FILE).is_file() {
        bail!("no callvault database in {}", data_dir.display());
    }
    let store = Store::open(data_dir).await.context("opening the store")?;
    let report = store.verify_audit().await;
    store.close().await;
    summarize(&report.context("verifying the audit log")?)
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
