//! `callvault export --anonymize --out DIR` (issue 3 item 4): an anonymized
//! copy of a data folder for a test environment, as
//! `store::Store::export_anonymized` makes it — a new data folder with its
//! own `kek.key` (the audit checkpoint key wrapped under it in the
//! database), every personal value and all
//! CPNI pseudonymized by a keyed mapping whose key is never written, and
//! media replaced by silence of the same length.
//!
//! It prints the counts and how to use the folder, nothing secret: every
//! extension's SIP password is unknown (fresh random digest secrets), so a
//! tester sets the ones needed with `callvault provision --data-dir DIR`.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use store::ExportReport;

use crate::config::Config;

/// Exports the configured store, anonymized, into `out`.
pub(crate) async fn run(config: &Config, out: &Path) -> anyhow::Result<()> {
    let store = config.open_existing_store().await?;
    let report = store.export_anonymized(out).await;
    store.close().await;
    let report = report.with_context(|| format!("exporting into {}", out.display()))?;
    print_report(out, &report)
}

fn print_report(out: &Path, report: &ExportReport) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "anonymized export in {} (its own KEK {})", out.display(), report.kek_id)?;
    writeln!(stdout, "  tenants: {}, extensions: {}", report.tenants, report.extensions)?;
    writeln!(stdout, "  payment methods: {} (fake references)", report.payment_methods)?;
    writeln!(stdout, "  trunks: {} (hosts and accounts pseudonymized, passwords not exported)", report.trunks)?;
    writeln!(stdout, "  dids: {} (numbers mapped as in the CDRs)", report.dids)?;
    writeln!(stdout, "  people: {} without passwords (set one with `callvault user passwd`)", report.people)?;
    writeln!(stdout, "  delegations: {}", report.delegations)?;
    writeln!(stdout, "  cdrs: {}", report.cdrs)?;
    writeln!(stdout, "  blobs: {} files, {} bytes of silence", report.blobs, report.blob_bytes)?;
    writeln!(stdout, "  audit log: {} records, re-chained", report.audit_records)?;
    writeln!(stdout, "extension passwords are unknown: set them with `callvault provision --data-dir DIR FILE`")?;
    writeln!(stdout, "run it with `callvault serve --data-dir DIR` (with CALLVAULT_KEK unset)")?;
    Ok(())
}
