//! Change notices (47 CFR 64.2010(f)(1); issue 5 item 6): the outbox sender
//! `serve` runs when `[smtp]` is configured, and `callvault notices list`,
//! which shows operators what has not gone out.
//!
//! E-mail notices are delivered over SMTP (`notify`). Telephone-of-record
//! notices (channel `phone`) are queued in the same outbox but there is no
//! SMS or voice gateway yet: they stay pending and this listing is where
//! operators find them (to send them by other means until a gateway is
//! configured). Without `[smtp]`, e-mail notices queue up too, and `serve`
//! says so at start.

use clap::Subcommand;
use store::{Channel, QueuedMessage, Store};

use crate::cli::Location;
use crate::config::Config;

/// `callvault notices …`
#[derive(Debug, Subcommand)]
pub(crate) enum NoticesCommand {
    /// List notices not delivered yet (pending or refused), oldest first.
    List {
        #[command(flatten)]
        location: Location,
        /// Only this channel: email or phone.
        #[arg(long)]
        channel: Option<String>,
    },
}

/// Starts the sender when `[smtp]` is configured.
pub(crate) fn start_sender(config: &Config, store: &Store) -> anyhow::Result<Option<notify::Sender>> {
    let Some(smtp) = &config.smtp else {
        tracing::warn!("no [smtp] configured: change notices are queued but not sent (callvault notices list)");
        return Ok(None);
    };
    let mailer = notify::Mailer::new(smtp)?;
    let options = notify::SenderOptions { retry_max: smtp.retry_max(), ..notify::SenderOptions::default() };
    tracing::info!(relay = %smtp.host, port = smtp.port(), "change notices go out by SMTP");
    Ok(Some(notify::Sender::start(store.clone(), mailer, notify::Templates::new("callvault"), options)))
}

pub(crate) async fn run(command: NoticesCommand) -> anyhow::Result<()> {
    let NoticesCommand::List { location, channel } = command;
    let channel = match channel.as_deref() {
        None => None,
        Some(name) => {
            Some(Channel::from_name(name).ok_or_else(|| anyhow::anyhow!("unknown channel {name:?}; email or phone"))?)
        }
    };
    let store = Config::load(&location)?.open_existing_store().await?;
    let listed = store.undelivered_messages(channel).await;
    store.close().await;
    for message in listed? {
        crate::user::say(format_args!("{}", line(&message)))?;
    }
    Ok(())
}

/// One notice as a line: id, channel, state, attempts, queued time,
/// recipient (operators act on it), last error.
fn line(message: &QueuedMessage) -> String {
    let state = match (message.failed, message.channel) {
        (Some(_), _) => "refused",
        (None, Channel::Phone) => "pending (no SMS/voice gateway: send it by other means)",
        (None, _) => "pending",
    };
    let error = message.last_error.as_deref().unwrap_or("-");
    format!(
        "{} {} {} attempts={} queued={} to={} last_error={}",
        message.id,
        message.channel.as_str(),
        state,
        message.attempts,
        message.created,
        message.recipient,
        error
    )
}
