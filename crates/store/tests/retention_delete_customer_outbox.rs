//! Deleting a customer removes its queued notices (the `outbox`, migration
//! 30: sealed addresses of record and bodies) in the deletion's
//! transaction, and the retention job removes any queued after it by
//! another node whose keyring still held the customer's key; another
//! customer's notices stay.

#[macro_use]
mod backends;
mod retention_support;

use backends::DataDir;
use jiff::Timestamp;
use store::{Channel, NewMessage, RetentionOptions, Store};

on_both_backends!(a_deleted_customers_notices_go_and_others_stay);

async fn enqueue(store: &Store, tenant: &model::TenantId, recipient: &str) {
    let message = NewMessage {
        tenant,
        person: None,
        channel: Channel::Email,
        template: "change_notice",
        recipient,
        body: r#"{"change":"password"}"#,
    };
    store.enqueue_message(&message, Timestamp::now()).await.unwrap();
}

async fn rows(pool: &sqlx::AnyPool, tenant: &model::TenantId) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE tenant_id = $1")
        .bind(&tenant.0)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn a_deleted_customers_notices_go_and_others_stay(dir: DataDir) {
    let store = dir.open().await;
    let other_node = dir.open().await;
    let (a, b) = retention_support::two_customers(&store).await;
    for (n, tenant) in [&a, &a, &b, &b].into_iter().enumerate() {
        enqueue(&store, tenant, &format!("person{n}@example.com")).await;
    }
    enqueue(&other_node, &a, "cached@example.com").await;
    let raw = dir.raw().await;
    assert_eq!((rows(&raw, &a).await, rows(&raw, &b).await), (3, 2));

    store.delete_customer(&a, "operator-7").await.unwrap();
    assert_eq!((rows(&raw, &a).await, rows(&raw, &b).await), (0, 2), "the deletion removes them at once");

    enqueue(&other_node, &a, "late@example.com").await;
    assert_eq!(rows(&raw, &a).await, 1, "another node, its keyring still holding the key, queued one");
    let report = store.run_retention(model::now_unix_ms(), &RetentionOptions::default()).await.unwrap();
    assert!(report.complete && report.shredded == [a.clone()], "{report:?}");
    assert_eq!((rows(&raw, &a).await, rows(&raw, &b).await), (0, 2), "the retention job removes the late one");
    assert_eq!(store.undelivered_messages(None).await.unwrap().len(), 2);
    other_node.close().await;
    store.close().await;
}
