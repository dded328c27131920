//! The outbox delivers at least once (47 CFR 64.2010(f); issue 5 item 6):
//! a claimed message is not handed out again during its lease, is handed
//! out again when its sender vanished without a verdict, waits after a
//! transient failure, is kept (listed) after a permanent one, survives
//! closing and reopening the store, and is sealed on disk.

mod accounts_support;
#[macro_use]
mod backends;

use accounts_support::{customer, later, t0};
use backends::DataDir;
use jiff::SignedDuration;
use sqlx::Row;
use store::{Channel, NewMessage};

on_both_backends!(claims_leases_and_retries, survives_reopening_and_is_sealed);

const RECIPIENT: &str = "rosa.recipient@example.com";
const LEASE: SignedDuration = SignedDuration::from_secs(60);

async fn claims_leases_and_retries(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    let message = NewMessage {
        tenant: &tenant,
        person: None,
        channel: Channel::Email,
        template: "change_notice",
        recipient: RECIPIENT,
        body: r#"{"change":"password"}"#,
    };
    let id = store.enqueue_message(&message, t0()).await.unwrap();
    assert!(store.claim_due_messages(Channel::Phone, t0(), LEASE, 10).await.unwrap().is_empty());

    let claimed = store.claim_due_messages(Channel::Email, t0(), LEASE, 10).await.unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(
        (claimed[0].id.as_str(), claimed[0].recipient.as_str(), claimed[0].attempts),
        (id.as_str(), RECIPIENT, 1)
    );
    assert!(store.claim_due_messages(Channel::Email, later(t0(), 59), LEASE, 10).await.unwrap().is_empty());

    // The sender died without a verdict: the lease ends and it is due again.
    let again = store.claim_due_messages(Channel::Email, later(t0(), 60), LEASE, 10).await.unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].attempts, 2);

    store.message_retry(&id, later(t0(), 100), "connection refused").await.unwrap();
    assert!(store.claim_due_messages(Channel::Email, later(t0(), 99), LEASE, 10).await.unwrap().is_empty());
    let third = store.claim_due_messages(Channel::Email, later(t0(), 100), LEASE, 10).await.unwrap();
    assert_eq!(third[0].last_error.as_deref(), Some("connection refused"));

    store.message_delivered(&id, later(t0(), 101)).await.unwrap();
    assert!(store.claim_due_messages(Channel::Email, later(t0(), 1_000), LEASE, 10).await.unwrap().is_empty());
    assert!(store.undelivered_messages(None).await.unwrap().is_empty());
    assert_eq!(store.message(&id).await.unwrap().delivered, Some(later(t0(), 101)));
}

async fn survives_reopening_and_is_sealed(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    let message = |channel| NewMessage {
        tenant: &tenant,
        person: None,
        channel,
        template: "change_notice",
        recipient: RECIPIENT,
        body: r#"{"change":"backup_answers"}"#,
    };
    let email = store.enqueue_message(&message(Channel::Email), t0()).await.unwrap();
    let phone = store.enqueue_message(&message(Channel::Phone), t0()).await.unwrap();
    let refused = store.enqueue_message(&message(Channel::Email), t0()).await.unwrap();
    store.claim_due_messages(Channel::Email, t0(), LEASE, 10).await.unwrap();
    store.message_failed(&refused, "smtp 550", later(t0(), 1)).await.unwrap();
    store.close().await;

    let store = dir.open().await;
    let listed = store.undelivered_messages(None).await.unwrap();
    let ids: Vec<&str> = listed.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
    for id in [&email, &phone, &refused] {
        assert!(ids.contains(&id.as_str()));
    }
    let phones = store.undelivered_messages(Some(Channel::Phone)).await.unwrap();
    assert_eq!(phones.len(), 1);
    assert_eq!(phones[0].id, phone);
    assert_eq!(store.message(&refused).await.unwrap().failed, Some(later(t0(), 1)));
    let due = store.claim_due_messages(Channel::Email, later(t0(), 61), LEASE, 10).await.unwrap();
    assert_eq!(due.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), vec![email.as_str()], "failed came back");

    let raw = dir.raw().await;
    for row in sqlx::query("SELECT recipient_sealed, body_sealed FROM outbox").fetch_all(&raw).await.unwrap() {
        for column in ["recipient_sealed", "body_sealed"] {
            let bytes: Vec<u8> = row.get(column);
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("rosa") && !text.contains("backup_answers"), "{column} holds plaintext");
        }
    }
}
