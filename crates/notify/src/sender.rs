//! The outbox sender (47 CFR 64.2010(f)(1): notices go out "immediately";
//! target < 60 s, normally about a second): one task that delivers due
//! e-mail from the store's outbox and records each outcome.
//!
//! It wakes at once when this process queues a message
//! (`Store::outbox_wakeup`) and polls every [`SenderOptions::poll`] for
//! messages other processes queued (the CLI). A claim is a lease: a sender
//! stopped mid-delivery leaves the message due again when the lease ends
//! (at least once). A transient failure retries after an exponential
//! back-off capped at [`SenderOptions::retry_max`], for ever: an outage
//! delays a notice, never loses it. A permanent refusal (5xx) is retried
//! [`SenderOptions::permanent_attempts`] times (a misconfigured relay also
//! answers 5xx) and then marked failed, which operators see in
//! `callvault notices list`.

use std::sync::Arc;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use store::{Channel, QueuedMessage, Store};
use tokio::task::JoinHandle;

use crate::{Mailer, Templates};

/// How the sender paces itself.
#[derive(Debug, Clone)]
pub struct SenderOptions {
    /// How often the outbox is looked at without a wake-up.
    pub poll: Duration,
    /// How long a claimed message is held before it is due again.
    pub lease: Duration,
    /// The first wait after a failure; it doubles per attempt.
    pub retry_first: Duration,
    /// The longest wait between attempts.
    pub retry_max: Duration,
    /// Attempts answered with a permanent refusal before a message fails.
    pub permanent_attempts: u32,
    /// Messages claimed at a time.
    pub batch: u32,
}

impl Default for SenderOptions {
    fn default() -> Self {
        Self {
            poll: Duration::from_secs(1),
            lease: Duration::from_secs(120),
            retry_first: Duration::from_secs(2),
            retry_max: Duration::from_secs(300),
            permanent_attempts: 3,
            batch: 20,
        }
    }
}

impl SenderOptions {
    /// The wait after the `attempts`-th failed attempt.
    pub fn backoff(&self, attempts: u32) -> Duration {
        let doubled = self.retry_first.saturating_mul(2u32.saturating_pow(attempts.saturating_sub(1).min(20)));
        doubled.min(self.retry_max)
    }
}

/// The running sender; [`Sender::stop`] ends it.
#[derive(Debug)]
pub struct Sender {
    task: JoinHandle<()>,
}

/// What the sender works with.
struct Delivery {
    store: Store,
    mailer: Mailer,
    templates: Templates,
    options: SenderOptions,
}

impl Sender {
    /// Starts delivering `store`'s e-mail outbox through `mailer`.
    pub fn start(store: Store, mailer: Mailer, templates: Templates, options: SenderOptions) -> Self {
        let delivery = Arc::new(Delivery { store, mailer, templates, options });
        Self { task: tokio::spawn(run(delivery)) }
    }

    /// Stops it; a delivery in progress is dropped and its message is due
    /// again when its lease ends.
    pub fn stop(self) {
        self.task.abort();
    }
}

async fn run(delivery: Arc<Delivery>) {
    let wakeup = delivery.store.outbox_wakeup();
    loop {
        let notified = wakeup.notified();
        if let Err(error) = delivery.deliver_due().await {
            tracing::warn!(%error, "delivering queued notices failed; retrying");
        }
        tokio::select! {
            () = notified => {}
            () = tokio::time::sleep(delivery.options.poll) => {}
        }
    }
}

fn signed(duration: Duration) -> SignedDuration {
    SignedDuration::try_from(duration).unwrap_or(SignedDuration::MAX)
}

impl Delivery {
    /// Delivers every due e-mail, batch by batch.
    async fn deliver_due(&self) -> Result<(), crate::NotifyError> {
        loop {
            let now = Timestamp::now();
            let lease = signed(self.options.lease);
            let batch = self.store.claim_due_messages(Channel::Email, now, lease, self.options.batch).await?;
            let full = batch.len() == self.options.batch as usize;
            for message in batch {
                self.deliver(&message).await?;
            }
            if !full {
                return Ok(());
            }
        }
    }

    async fn deliver(&self, message: &QueuedMessage) -> Result<(), crate::NotifyError> {
        let rendered = match self.templates.render(&message.template, message.channel, &message.body) {
            Ok(rendered) => rendered,
            Err(error) => return self.give_up(message, &error.to_string()).await,
        };
        let outcome = match self.mailer.send(&message.recipient, &rendered.subject, &rendered.text).await {
            Ok(outcome) => outcome,
            Err(error) => return self.give_up(message, &error.to_string()).await,
        };
        match outcome {
            Ok(()) => {
                tracing::info!(message = %message.id, "notice delivered");
                Ok(self.store.message_delivered(&message.id, Timestamp::now()).await?)
            }
            Err(failure) if failure.permanent && message.attempts >= self.options.permanent_attempts => {
                self.give_up(message, &failure.reason).await
            }
            Err(failure) => self.retry(message, &failure.reason).await,
        }
    }

    async fn retry(&self, message: &QueuedMessage, reason: &str) -> Result<(), crate::NotifyError> {
        let wait = self.options.backoff(message.attempts);
        tracing::warn!(message = %message.id, attempts = message.attempts, ?wait, reason, "notice not delivered yet");
        let next = Timestamp::now() + signed(wait);
        Ok(self.store.message_retry(&message.id, next, reason).await?)
    }

    async fn give_up(&self, message: &QueuedMessage, reason: &str) -> Result<(), crate::NotifyError> {
        tracing::error!(message = %message.id, reason, "notice refused for good; see `callvault notices list`");
        Ok(self.store.message_failed(&message.id, reason, Timestamp::now()).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let options = SenderOptions { retry_max: Duration::from_secs(30), ..SenderOptions::default() };
        let waits: Vec<u64> = (1..=6).map(|n| options.backoff(n).as_secs()).collect();
        assert_eq!(waits, [2, 4, 8, 16, 30, 30]);
        assert_eq!(options.backoff(u32::MAX), Duration::from_secs(30));
    }
}
