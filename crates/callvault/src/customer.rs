//! `callvault customer delete --customer SLUG --confirm SLUG` (issue 3
//! item 3): deletes a customer by crypto-shredding (`store::Store::
//! delete_customer`): its data keys are destroyed at once, so every sealed
//! value and media file of it becomes unreadable, here and in backups taken
//! from now on; the next retention run removes its rows and files. It is
//! audited, and refused unless `--confirm` repeats the slug.
//!
//! Backups taken before the deletion still hold its keys: the command says
//! so, and what to do (destroy them, or rotate the KEK and destroy the old).

use std::io::Write;

use anyhow::{Context, bail};
use clap::Subcommand;

use crate::cli::Location;
use crate::config::Config;

/// Who the audit record names as having ordered a deletion from the CLI.
const ACTOR: &str = "operator:cli";

/// `callvault customer …`
#[derive(Debug, Subcommand)]
pub(crate) enum CustomerCommand {
    /// Delete a customer for good: destroy its data keys (crypto-shredding).
    Delete {
        #[command(flatten)]
        location: Location,
        /// The customer's slug.
        #[arg(long)]
        customer: String,
        /// The slug again, to confirm.
        #[arg(long)]
        confirm: String,
    },
}

pub(crate) async fn run(command: CustomerCommand) -> anyhow::Result<()> {
    match command {
        CustomerCommand::Delete { location, customer, confirm } => {
            if customer != confirm {
                bail!("refused: --confirm must repeat the customer's slug ({customer:?})");
            }
            delete(&Config::load(&location)?, &customer).await
        }
    }
}

async fn delete(config: &Config, slug: &str) -> anyhow::Result<()> {
    let store = config.open_existing_store().await?;
    let deleted = delete_in(&store, slug).await;
    store.close().await;
    let deleted = deleted?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "deleted customer {slug} ({}): {} data keys destroyed",
        deleted.customer, deleted.data_keys_destroyed
    )?;
    writeln!(out, "its records are unreadable now; the next `callvault retention run` removes them")?;
    writeln!(
        out,
        "backups taken before now still hold its keys: destroy them, or rotate the KEK (`callvault keys rotate`) and destroy the old one"
    )?;
    Ok(())
}

async fn delete_in(store: &store::Store, slug: &str) -> anyhow::Result<store::CustomerDeletion> {
    let customer = store.tenant_by_slug(slug).await?.with_context(|| format!("no customer {slug:?}"))?;
    store.delete_customer(&customer.id, ACTOR).await.with_context(|| format!("deleting customer {slug}"))
}
