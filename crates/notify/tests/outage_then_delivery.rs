//! A mail server outage delays a notice but never loses it (issue 5 item
//! 6): the change is made while nothing listens on the SMTP port; the
//! sender keeps retrying (the outbox records attempts and a reason without
//! the address); when aiosmtpd comes up on that port the notice arrives,
//! once, to the address of record.

#[path = "../../store/tests/accounts_support/mod.rs"]
mod accounts_support;
#[macro_use]
#[path = "../../store/tests/backends/mod.rs"]
mod backends;
mod sender_support;
mod smtp_support;

use std::time::Duration;

use access::Role;
use accounts_support::{customer, hasher, person};
use backends::DataDir;
use jiff::Timestamp;
use smtp_support::{SmtpSink, free_port};

on_both_backends!(outage_delays_but_never_loses);

const ADDRESS: &str = "olive.outage@example.com";

async fn outage_delays_but_never_loses(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    let id = person(&store, &tenant, Role::User, "olive@example.com").await;
    store.set_email_of_record(&id, ADDRESS, "test", Timestamp::now()).await.unwrap();
    store.complete_set_up(&id, "test", Timestamp::now()).await.unwrap();
    let port = free_port();
    let sender = sender_support::start(&store, port);

    let password = "an entirely new passphrase, kept 3";
    store.set_password(&id, password, &hasher(), "self", Timestamp::now()).await.unwrap();
    let pending = wait_for_attempts(&store, &id, 2).await;
    assert!(pending.delivered.is_none());
    assert_eq!(pending.last_error.as_deref(), Some("smtp connection"), "{pending:?}");

    let sink = tokio::task::spawn_blocking(move || SmtpSink::start(port)).await.unwrap();
    let (received, sink) =
        tokio::task::spawn_blocking(move || (sink.wait_for(1, Duration::from_secs(60)).0, sink)).await.unwrap();
    assert_eq!(received.len(), 1, "the notice was lost in the outage");
    assert_eq!(received[0].rcpt_tos, vec![ADDRESS.to_owned()]);
    assert!(!received[0].data.contains(password));
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(sink.received().len(), 1, "delivered more than once");
    sender.stop();
    assert!(store.messages_about(&id).await.unwrap()[0].delivered.is_some(), "delivered but not recorded");
}

/// The person's first message once it has had `attempts` attempts.
async fn wait_for_attempts(store: &store::Store, id: &access::PersonId, attempts: u32) -> store::QueuedMessage {
    for _ in 0..200 {
        let messages = store.messages_about(id).await.unwrap();
        if messages.first().is_some_and(|m| m.attempts >= attempts && m.last_error.is_some()) {
            return messages[0].clone();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the sender made fewer than {attempts} attempts in 10 s");
}
