//! `callvault backup` and `callvault restore` (issue 3 item 6).
//!
//! `backup --data-dir DIR|--config FILE --out FILE` writes a consistent
//! snapshot of the database and of every blob file (voicemail, recordings)
//! it has a row for to a new tar file (mode 0600; `tar tvf` lists it) while
//! `serve` keeps running (`store::Store::backup_to`), and prints its size,
//! row counts, blob files and bytes, and the key file to keep. The backup
//! stays encrypted (blob files sealed as on disk, keys wrapped, the audit
//! checkpoint key among them) and does not hold the KEK: restoring and
//! verifying the audit log need it (`DIR/kek.key`, or `CALLVAULT_KEK`);
//! keep it safe, apart from the backups.
//!
//! On PostgreSQL (`[store] url`) the backup is the same archive: an SQLite
//! snapshot filled from one `REPEATABLE READ` transaction, and the blobs.
//!
//! `restore --from FILE --data-dir DIR` restores into a folder without a
//! database or blob folder (`store::Store::restore_from`, which checks
//! every entry and every blob file's SHA-256 first); `restore --from FILE
//! --config FILE` into the configuration's PostgreSQL database, which must
//! be empty (`store::Store::restore_into_postgres`; blob files go into its
//! `data_dir`). The KEK comes from `CALLVAULT_KEK` or a `kek.key` copied
//! into the data folder first (never a new one); then the audit log is
//! verified. A backup from before migration 70 holds no checkpoint key:
//! copying the source's `audit-checkpoint.key` into the data folder lets
//! the store adopt it and verify.

use std::io::Write;
use std::path::Path;

use crate::cli::Location;
use crate::config::Config;
use anyhow::{Context, bail};
use store::{BackupReport, CHECKPOINT_KEY_FILE, KEK_ENV, KEK_FILE, Kek, Store, StoreError};

/// Writes a backup of the configured store to `out` and reports on it.
pub(crate) async fn backup(config: &Config, out: &Path) -> anyhow::Result<()> {
    let data_dir = &config.data_dir;
    let kek = Kek::load_existing(data_dir).context("loading the key-encryption key")?;
    let store = config.open_existing_store().await?;
    let report = store.backup_to(out).await;
    store.close().await;
    let report = report.with_context(|| format!("backing up to {}", out.display()))?;
    print_report(out, &report)?;
    print_keys_to_keep(data_dir, &kek)
}

fn print_report(out: &Path, report: &BackupReport) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "backup {}: {} bytes, schema version {}", out.display(), report.bytes, report.schema_version)?;
    for (table, rows) in &report.tables {
        writeln!(stdout, "  {table}: {rows} rows")?;
    }
    writeln!(stdout, "  blobs: {} files, {} bytes (sealed)", report.blobs, report.blob_bytes)?;
    Ok(())
}

fn print_keys_to_keep(data_dir: &Path, kek: &Kek) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "the backup holds keys only wrapped under the KEK; keep it safe, apart from the backup:")?;
    if std::env::var_os(KEK_ENV).is_some() {
        writeln!(stdout, "  the value of {KEK_ENV} (KEK {}): needed to restore", kek.id())?;
    } else {
        writeln!(stdout, "  {} (KEK {}): needed to restore", data_dir.join(KEK_FILE).display(), kek.id())?;
    }
    Ok(())
}

/// Restores `from` where `location` says (a data folder, or a
/// configuration's PostgreSQL database) and verifies the restored audit log.
pub(crate) async fn restore(from: &Path, location: &Location) -> anyhow::Result<()> {
    let config = Config::load(location)?;
    let data_dir = &config.data_dir;
    if std::env::var_os(KEK_ENV).is_none() && !data_dir.join(KEK_FILE).is_file() {
        bail!("no KEK: set {KEK_ENV}, or copy the backup's {KEK_FILE} into {} first", data_dir.display());
    }
    let (restored, into) = match &config.store.url {
        Some(url) => {
            (Store::restore_into_postgres(from, url, data_dir).await, "the PostgreSQL database of [store] url")
        }
        None => (Store::restore_from(from, data_dir).await, "the data folder"),
    };
    restored.with_context(|| format!("restoring {} into {into} ({})", from.display(), data_dir.display()))?;
    writeln!(std::io::stdout().lock(), "restored {} into {into} ({})", from.display(), data_dir.display())?;
    verify_audit(&config).await
}

async fn verify_audit(config: &Config) -> anyhow::Result<()> {
    let data_dir = &config.data_dir;
    let store = config.open_existing_store().await.context("opening the restored store")?;
    let report = store.verify_audit().await;
    store.close().await;
    let mut stdout = std::io::stdout().lock();
    match report {
        Ok(report) if report.is_ok() => {
            Ok(writeln!(stdout, "audit log OK: {} records, {} checkpoints", report.records, report.checkpoints)?)
        }
        Ok(report) => {
            let problem = report.problem.map(|p| p.to_string()).unwrap_or_default();
            bail!("restored, but the audit log FAILED: {problem}")
        }
        Err(StoreError::NoAuditKey) => Ok(writeln!(
            stdout,
            "audit log not verified: copy {CHECKPOINT_KEY_FILE} into {} and run `callvault audit verify`",
            data_dir.display()
        )?),
        Err(err) => Err(err).context("verifying the restored audit log"),
    }
}
