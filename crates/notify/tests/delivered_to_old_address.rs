//! A change notice reaches a real SMTP server (aiosmtpd on loopback) within
//! 60 s (47 CFR 64.2010(f)(1) "immediately"), addressed to the *old* e-mail
//! address of record, with a body that does not reveal the new one; the
//! phone notice of the same change stays queued (no gateway).

#[path = "../../store/tests/accounts_support/mod.rs"]
mod accounts_support;
#[macro_use]
#[path = "../../store/tests/backends/mod.rs"]
mod backends;
mod sender_support;
mod smtp_support;

use std::time::Duration;

use access::Role;
use accounts_support::{customer, person};
use backends::DataDir;
use jiff::Timestamp;
use smtp_support::{SmtpSink, free_port};
use store::Channel;

on_both_backends!(notice_reaches_the_old_address);

const OLD: &str = "otto.old@example.com";
const NEW: &str = "nora.new@example.net";

async fn notice_reaches_the_old_address(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    let id = person(&store, &tenant, Role::User, "otto@example.com").await;
    store.set_email_of_record(&id, OLD, "test", Timestamp::now()).await.unwrap();
    store.set_phone_of_record(&id, "+12025550199", "test", Timestamp::now()).await.unwrap();
    store.complete_set_up(&id, "test", Timestamp::now()).await.unwrap();
    let sink = tokio::task::spawn_blocking(|| SmtpSink::start(free_port())).await.unwrap();
    let sender = sender_support::start(&store, sink.port());

    store.set_email_of_record(&id, NEW, "self", Timestamp::now()).await.unwrap();
    let (received, waited) = tokio::task::spawn_blocking(move || {
        let got = sink.wait_for(1, Duration::from_secs(60));
        drop(sink);
        got
    })
    .await
    .unwrap();
    let delivered = wait_until_recorded(&store, &id).await;
    sender.stop();

    assert_eq!(received.len(), 1, "no notice within 60 s");
    assert!(waited < Duration::from_secs(60), "took {waited:?}");
    let notice = &received[0];
    assert_eq!(notice.rcpt_tos, vec![OLD.to_owned()]);
    assert_eq!(notice.mail_from, "notices@callvault.test");
    assert!(notice.data.contains("e-mail address of record of your callvault account was changed"), "{}", notice.data);
    assert!(!notice.data.contains(NEW) && !notice.data.contains("nora"), "the notice reveals the new address");

    assert!(delivered, "the server took the notice but the outbox never recorded it");
    let messages = store.messages_about(&id).await.unwrap();
    let phone = messages.iter().find(|m| m.channel == Channel::Phone).unwrap();
    assert!(phone.delivered.is_none() && phone.failed.is_none(), "{phone:?}");
    assert_eq!(store.undelivered_messages(Some(Channel::Phone)).await.unwrap().len(), 1);
}

/// Whether the outbox records the e-mail notice delivered within 10 s (the
/// server's reply reaches the sender just after the message is on disk).
async fn wait_until_recorded(store: &store::Store, id: &access::PersonId) -> bool {
    for _ in 0..200 {
        let messages = store.messages_about(id).await.unwrap();
        if messages.iter().any(|m| m.channel == Channel::Email && m.delivered.is_some()) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}
