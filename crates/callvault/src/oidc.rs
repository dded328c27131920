//! `callvault oidc client add|list|remove` and `oidc key rotate` (issue 5
//! item 3): the applications that sign people in through callvault's
//! OpenID Connect provider, registered by the operator. A confidential
//! client's secret is printed once, at `add`, and stored only hashed; a
//! public client (`--public`: a browser or native app) has none and relies
//! on PKCE. Every change is audited by the store under [`OPERATOR`].

use std::io::Write;

use access::oidc::client::{Client, ClientId, ClientKind};
use anyhow::bail;
use clap::Subcommand;
use jiff::Timestamp;
use store::Store;

use crate::cli::Location;
use crate::config::Config;
use crate::user::{OPERATOR, say};

/// `callvault oidc …`
#[derive(Debug, Subcommand)]
pub(crate) enum OidcCommand {
    /// Manage the applications that sign people in through callvault.
    Client {
        #[command(subcommand)]
        command: ClientCommand,
    },
    /// Manage the ID token signing key.
    Key {
        #[command(subcommand)]
        command: KeyCommand,
    },
}

/// `callvault oidc client …`
#[derive(Debug, Subcommand)]
pub(crate) enum ClientCommand {
    /// Register an application; prints its client id and, unless public, its secret (once).
    Add {
        #[command(flatten)]
        location: Location,
        /// Its name, shown to operators.
        #[arg(long)]
        name: String,
        /// A redirect URI, matched exactly (repeat for several).
        #[arg(long = "redirect-uri", required = true)]
        redirect_uris: Vec<String>,
        /// A public client (browser or native app): no secret, PKCE only.
        #[arg(long)]
        public: bool,
    },
    /// List the registered applications.
    List {
        #[command(flatten)]
        location: Location,
    },
    /// Remove an application, voiding its pending codes and access tokens.
    Remove {
        #[command(flatten)]
        location: Location,
        /// Its client id.
        client_id: String,
    },
}

/// `callvault oidc key …`
#[derive(Debug, Subcommand)]
pub(crate) enum KeyCommand {
    /// Make a new signing key current; the previous one stays published for the grace period.
    Rotate {
        #[command(flatten)]
        location: Location,
    },
}

pub(crate) async fn run(command: OidcCommand) -> anyhow::Result<()> {
    let location = match &command {
        OidcCommand::Client { command: ClientCommand::Add { location, .. } }
        | OidcCommand::Client { command: ClientCommand::List { location } }
        | OidcCommand::Client { command: ClientCommand::Remove { location, .. } }
        | OidcCommand::Key { command: KeyCommand::Rotate { location } } => location.clone(),
    };
    let store = Config::load(&location)?.open_existing_store().await?;
    let outcome = run_in(&store, command).await;
    store.close().await;
    outcome
}

async fn run_in(store: &Store, command: OidcCommand) -> anyhow::Result<()> {
    let now = Timestamp::now();
    match command {
        OidcCommand::Client { command: ClientCommand::Add { name, redirect_uris, public, .. } } => {
            let kind = if public { ClientKind::Public } else { ClientKind::Confidential };
            add(store, &name, &redirect_uris, kind, now).await
        }
        OidcCommand::Client { command: ClientCommand::List { .. } } => list(&store.oidc_clients().await?),
        OidcCommand::Client { command: ClientCommand::Remove { client_id, .. } } => {
            if !store.oidc_remove_client(&ClientId(client_id.clone()), OPERATOR, now).await? {
                bail!("no client {client_id:?}");
            }
            say(format_args!("removed client {client_id}"))
        }
        OidcCommand::Key { command: KeyCommand::Rotate { .. } } => {
            let kid = store.oidc_rotate_signing_key(OPERATOR, now).await?;
            say(format_args!("signing key {kid} is now current"))
        }
    }
}

async fn add(store: &Store, name: &str, uris: &[String], kind: ClientKind, now: Timestamp) -> anyhow::Result<()> {
    let registration = store.oidc_add_client(name, uris, kind, OPERATOR, now).await?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "client_id: {}", registration.client.id)?;
    if let Some(secret) = &registration.secret {
        writeln!(out, "client_secret: {}", secret.expose())?;
        writeln!(out, "(shown once; callvault keeps only its hash)")?;
    }
    Ok(())
}

fn list(clients: &[Client]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    for client in clients {
        writeln!(out, "{}\t{}\t{}\t{}", client.id, client.kind.as_str(), client.name, client.redirect_uris.join(" "))?;
    }
    Ok(())
}
