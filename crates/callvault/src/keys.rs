//! `callvault keys …`: the key-encryption key (KEK) of envelope encryption
//! at rest (ARCHITECTURE.md principle 5; issue 3 item 1).
//!
//! `keys generate --out FILE` writes a fresh KEK (64 hex digits, mode 0600).
//! `keys rotate --data-dir DIR --new-kek-file FILE` re-wraps every tenant's
//! data and blind-index keys and the audit checkpoint key under the new KEK
//! in one transaction (sealed values are not touched), prints how many of
//! each, then, when the current KEK came from `DIR/kek.key`, atomically
//! replaces that file with the new one. Running it again after an
//! interruption finishes the job. With `CALLVAULT_KEK` set, the operator
//! changes the variable instead.
//! `keys rotate-tenant --data-dir DIR --tenant SLUG` rotates one tenant's
//! data key and re-seals its data (`rotate_tenant.rs`).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Subcommand;
use store::{KEK_ENV, KEK_FILE, Kek, Rewrapped};

use crate::cli::Location;
use crate::config::Config;

/// `callvault keys …`
#[derive(Debug, Subcommand)]
pub(crate) enum KeysCommand {
    /// Write a new random key-encryption key to a file (mode 0600).
    Generate {
        /// The file to create; it must not exist.
        #[arg(long)]
        out: PathBuf,
    },
    /// Re-wrap every data key under a new key-encryption key.
    Rotate {
        #[command(flatten)]
        location: Location,
        /// The new KEK's file, as `keys generate` writes it (mode 0600).
        #[arg(long)]
        new_kek_file: PathBuf,
    },
    /// Give one tenant a new data key and re-seal its data under it, showing
    /// progress; safe to interrupt and run again.
    RotateTenant {
        #[command(flatten)]
        location: Location,
        /// The tenant's slug.
        #[arg(long)]
        tenant: String,
        /// Seconds the new version must have been current before old ones
        /// are deleted, so every node seals under it first (0 only when no
        /// other node runs).
        #[arg(long, default_value_t = 15)]
        retire_after: u64,
    },
}

pub(crate) async fn run(command: KeysCommand) -> anyhow::Result<()> {
    match command {
        KeysCommand::Generate { out } => generate(&out),
        KeysCommand::Rotate { location, new_kek_file } => rotate(&Config::load(&location)?, &new_kek_file).await,
        KeysCommand::RotateTenant { location, tenant, retire_after } => {
            let retire_after = std::time::Duration::from_secs(retire_after);
            crate::rotate_tenant::run(&Config::load(&location)?, &tenant, retire_after).await
        }
    }
}

fn generate(out: &Path) -> anyhow::Result<()> {
    let kek = Kek::create_file(out).with_context(|| format!("creating {}", out.display()))?;
    Ok(writeln!(std::io::stdout().lock(), "new key-encryption key {} in {}", kek.id(), out.display())?)
}

async fn rotate(config: &Config, new_kek_file: &Path) -> anyhow::Result<()> {
    let data_dir = &config.data_dir;
    let old = Kek::load_existing(data_dir).context("loading the current key-encryption key")?;
    let new = Kek::from_file(new_kek_file).context("loading the new key-encryption key")?;
    let store = config.open_existing_store().await?;
    let rewrapped = store.rewrap_keys(&old, &new).await;
    store.close().await;
    let Rewrapped { data_keys, index_keys, audit_keys, .. } = rewrapped.context("re-wrapping keys")?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "re-wrapped {data_keys} data keys, {index_keys} index keys and {audit_keys} audit checkpoint keys from KEK {} to KEK {}",
        old.id(),
        new.id()
    )?;
    if std::env::var_os(KEK_ENV).is_some() {
        writeln!(out, "now set {KEK_ENV} to the contents of {}", new_kek_file.display())?;
        return Ok(());
    }
    let key_file = data_dir.join(KEK_FILE);
    Kek::install_file(new_kek_file, &key_file).context("installing the new key file")?;
    Ok(writeln!(out, "{} now holds KEK {}", key_file.display(), new.id())?)
}
