//! Command-line interface. Every command finds its data through
//! `--data-dir DIR` or `--config FILE`.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config::Config;

/// callvault: a hosted business phone platform.
#[derive(Debug, Parser)]
#[command(version, about)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve SIP as configured by a TOML file.
    Serve(Location),
    /// Create a demo reseller, customer and extensions 1001–1004 on first
    /// run, print their SIP credentials, and serve.
    Demo(DemoArgs),
    /// Create or update resellers, customers and extensions from a TOML file
    /// (idempotent).
    Provision {
        #[command(flatten)]
        location: Location,
        /// The provisioning file.
        file: PathBuf,
    },
    /// Check the tamper-evident audit log.
    Audit {
        #[command(subcommand)]
        command: crate::audit::AuditCommand,
    },
    /// Manage the key-encryption key of encryption at rest.
    Keys {
        #[command(subcommand)]
        command: crate::keys::KeysCommand,
    },
    /// Write a consistent, still encrypted snapshot of the database and media
    /// to a new tar file (mode 0600), also while `serve` runs. It holds no keys.
    Backup {
        #[command(flatten)]
        location: Location,
        /// The backup file to create; it must not exist.
        #[arg(long)]
        out: PathBuf,
    },
    /// Write an anonymized copy of the data folder for a test environment:
    /// a new data folder with its own keys, every personal value and all
    /// CPNI pseudonymized, media replaced by silence.
    Export {
        #[command(flatten)]
        location: Location,
        /// Pseudonymize (required: there is no other kind of export).
        #[arg(long, required = true)]
        anonymize: bool,
        /// The new data folder; it must not exist or be empty.
        #[arg(long)]
        out: PathBuf,
    },
    /// Delete what is past its retention, or set a customer's retention.
    Retention {
        #[command(subcommand)]
        command: crate::retention::RetentionCommand,
    },
    /// Delete a customer by destroying its data keys (crypto-shredding).
    Customer {
        #[command(subcommand)]
        command: crate::customer::CustomerCommand,
    },
    /// Manage people who sign in (portal, API).
    User {
        #[command(subcommand)]
        command: crate::user::UserCommand,
    },
    /// Manage just-in-time grants of platform_admin powers.
    Access {
        #[command(subcommand)]
        command: crate::grants::AccessCommand,
    },
    /// Manage the OpenID Connect provider's clients and signing key.
    Oidc {
        #[command(subcommand)]
        command: crate::oidc::OidcCommand,
    },
    /// List change notices not delivered yet (e-mail and telephone of record).
    Notices {
        #[command(subcommand)]
        command: crate::notices::NoticesCommand,
    },
    /// List a customer's call detail records (an audited operator read of CPNI).
    Cdrs {
        #[command(flatten)]
        location: Location,
        /// The customer's slug (default: the default customer).
        #[arg(long)]
        customer: Option<String>,
        /// Who reads, and why (the CPNI gate).
        #[command(flatten)]
        gate: crate::cdrs::GateArgs,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// CPNI compliance: the clock calculator, customer approvals, marketing campaigns.
    Cpni {
        #[command(subcommand)]
        command: crate::cpni::CpniCommand,
    },
    /// Restore a backup (of either backend) into a data folder without a
    /// database, or into the empty PostgreSQL database of a configuration's
    /// [store] url; the KEK comes from CALLVAULT_KEK or a kek.key copied
    /// into the data folder first.
    Restore {
        /// The backup file.
        #[arg(long)]
        from: PathBuf,
        /// The data folder to restore into (SQLite).
        #[arg(long, required_unless_present = "config", conflicts_with = "config")]
        data_dir: Option<PathBuf>,
        /// A configuration file: restore into its [store] url (an empty
        /// PostgreSQL database; blob files into its data_dir), or into its
        /// data_dir without one.
        #[arg(long)]
        config: Option<PathBuf>,
    },
}

/// Where the data lives.
#[derive(Debug, Clone, Args)]
pub(crate) struct Location {
    /// The data folder (database, TLS certificate).
    #[arg(long, env = "CALLVAULT_DATA_DIR")]
    pub(crate) data_dir: Option<PathBuf>,
    /// A TOML configuration file.
    #[arg(long, env = "CALLVAULT_CONFIG")]
    pub(crate) config: Option<PathBuf>,
}

/// Options of `demo`.
#[derive(Debug, Clone, Args)]
pub(crate) struct DemoArgs {
    #[command(flatten)]
    pub(crate) location: Location,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub(crate) bind: IpAddr,
    /// SIP base port: UDP+TCP here, TLS one above, alternate UDP+TCP two above.
    #[arg(long, default_value_t = 5060)]
    pub(crate) sip_port: u16,
    /// Portal HTTPS port (0: one the system picks).
    #[arg(long, default_value_t = 8443)]
    pub(crate) https_port: u16,
    /// Portal HTTP port, which only redirects to HTTPS (0: one the system picks).
    #[arg(long, default_value_t = 8080)]
    pub(crate) http_port: u16,
    /// Print the credentials as one JSON line.
    #[arg(long)]
    pub(crate) json: bool,
}

impl Cli {
    /// The runtime's worker threads, when the configuration sets them.
    pub(crate) fn worker_threads(&self) -> anyhow::Result<Option<usize>> {
        match &self.command {
            Command::Serve(location) => Ok(Config::load(location)?.runtime.worker_threads),
            Command::Demo(_)
            | Command::Provision { .. }
            | Command::Audit { .. }
            | Command::Keys { .. }
            | Command::Backup { .. }
            | Command::Export { .. }
            | Command::Retention { .. }
            | Command::Customer { .. }
            | Command::User { .. }
            | Command::Access { .. }
            | Command::Oidc { .. }
            | Command::Notices { .. }
            | Command::Cdrs { .. }
            | Command::Cpni { .. }
            | Command::Restore { .. } => Ok(None),
        }
    }

    pub(crate) async fn run(self) -> anyhow::Result<()> {
        match self.command {
            Command::Serve(location) => crate::serve::run(Config::load(&location)?).await,
            Command::Demo(args) => crate::demo::run(args).await,
            Command::Provision { location, file } => {
                let config = Config::load(&location)?;
                crate::provision::run(&config, &file).await
            }
            Command::Audit { command } => crate::audit::run(command).await,
            Command::Keys { command } => crate::keys::run(command).await,
            Command::Backup { location, out } => crate::backup::backup(&Config::load(&location)?, &out).await,
            Command::Export { location, anonymize: _, out } => {
                crate::export::run(&Config::load(&location)?, &out).await
            }
            Command::Retention { command } => crate::retention::run(command).await,
            Command::Customer { command } => crate::customer::run(command).await,
            Command::User { command } => crate::user::run(command).await,
            Command::Access { command } => crate::grants::run(command).await,
            Command::Oidc { command } => crate::oidc::run(command).await,
            Command::Notices { command } => crate::notices::run(command).await,
            Command::Cdrs { location, customer, gate, json } => {
                crate::cdrs::list(&Config::load(&location)?, customer.as_deref(), &gate, json).await
            }
            Command::Cpni { command } => crate::cpni::run(command).await,
            Command::Restore { from, data_dir, config } => {
                crate::backup::restore(&from, &Location { data_dir, config }).await
            }
        }
    }
}
