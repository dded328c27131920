//! `callvault keys rotate-tenant --data-dir DIR --tenant SLUG`: per-tenant
//! data-key rotation with the re-seal shown as it goes (issue 3 item 1,
//! "data-key rotation per tenant re-seals in the background with progress
//! shown").
//!
//! It gives the tenant a new data key version (unless an earlier run's
//! rotation is still unfinished: then it resumes that one), re-seals every
//! sealed value and blob file of the tenant in small batches, printing
//! `extensions 120/120, blobs 3/10, …` lines, waits until every node has
//! picked the new version up, and deletes the old versions' keys. Ctrl-C
//! stops it after the current batch; killing it is safe too (each batch is
//! one transaction, files are swapped atomically). Running it again finishes
//! the job. It honours `--config` with `[store] url` like `serve`.

use std::io::Write;
use std::ops::ControlFlow;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use store::{ResealOptions, Store, TableProgress};

use crate::config::Config;

/// The least time between two progress lines (the last is always printed).
const PRINT_EVERY: Duration = Duration::from_millis(500);

/// Rotates tenant `slug`'s data key and re-seals its data.
/// Old versions are deleted once the new one is `retire_after` old.
pub(crate) async fn run(config: &Config, slug: &str, retire_after: Duration) -> anyhow::Result<()> {
    let store = config.open_existing_store().await?;
    let options = ResealOptions { retire_after, ..ResealOptions::default() };
    let outcome = rotate_and_reseal(&store, slug, &options).await;
    store.close().await;
    outcome
}

async fn rotate_and_reseal(store: &Store, slug: &str, options: &ResealOptions) -> anyhow::Result<()> {
    let tenant = store.tenant_by_slug(slug).await?.with_context(|| format!("no tenant with slug {slug:?}"))?;
    let versions = store.data_key_versions(&tenant.id).await?;
    let mut out = std::io::stdout().lock();
    match versions.as_slice() {
        [_, .., latest] if versions.len() > 1 => writeln!(out, "resuming the re-seal to data key version {latest}")?,
        _ => {
            let version = store.rotate_data_key(&tenant.id).await.context("rotating the data key")?;
            writeln!(out, "data key version {version} is now current for {slug}")?;
        }
    }
    drop(out);
    let stop = stop_on_ctrl_c();
    let mut printer = Printer { last: None };
    let report =
        store.reseal_tenant(&tenant.id, options, |tables| printer.show(tables, &stop)).await.context("re-sealing")?;
    printer.print(&report.tables)?;
    summarize(&report)
}

fn summarize(report: &store::ResealReport) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if !report.finished {
        writeln!(out, "stopped after re-sealing {} rows and files; run the command again to finish", report.resealed)?;
        return Ok(());
    }
    let retired: Vec<String> = report.retired.iter().map(u32::to_string).collect();
    let retired = if retired.is_empty() { "none".to_owned() } else { retired.join(", ") };
    Ok(writeln!(
        out,
        "done: {} rows and files re-sealed under data key version {}; old versions deleted: {retired}",
        report.resealed, report.key_version
    )?)
}

/// A flag set when Ctrl-C arrives.
fn stop_on_ctrl_c() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            flag.store(true, Ordering::Relaxed);
        }
    });
    stop
}

/// Prints progress lines, at most one per [`PRINT_EVERY`].
struct Printer {
    last: Option<Instant>,
}

impl Printer {
    fn show(&mut self, tables: &[TableProgress], stop: &AtomicBool) -> ControlFlow<()> {
        if self.last.is_none_or(|last| last.elapsed() >= PRINT_EVERY) {
            let _ = self.print(tables);
        }
        if stop.load(Ordering::Relaxed) { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
    }

    fn print(&mut self, tables: &[TableProgress]) -> std::io::Result<()> {
        self.last = Some(Instant::now());
        writeln!(std::io::stdout().lock(), "{}", progress_line(tables))
    }
}

/// `tenants 1/1, extensions 120/120, blobs 3/10`.
fn progress_line(tables: &[TableProgress]) -> String {
    let parts: Vec<String> = tables.iter().map(|t| format!("{} {}/{}", t.table, t.done, t.total)).collect();
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_progress_line_names_every_table() {
        let tables = [
            TableProgress { table: "extensions", done: 120, total: 120 },
            TableProgress { table: "cdrs", done: 5000, total: 20000 },
        ];
        assert_eq!(progress_line(&tables), "extensions 120/120, cdrs 5000/20000");
    }
}
