//! Deleting a customer shreds it at once: its data key rows are gone, its
//! CDRs, payment methods and media no longer open (here, in the same store,
//! without a restart), nor does a copy of its extension's sealed name (its
//! extensions are deleted at once, so a registrar starting afresh loads
//! only the others), nothing new can be sealed for it, and it
//! no longer resolves by slug or domain (which a new customer may take);
//! the other customer is untouched. The next retention run removes its rows
//! and files whatever their age, reports it shredded, and an audit record
//! names the deletion.

#[macro_use]
mod backends;
mod cpni_support;
mod retention_support;

use backends::DataDir;
use retention_support::{call_ending, put};
use store::{Aad, BlobKind, Kek, NewTenant, RetentionOptions, StoreError};

async fn a_deleted_customer_is_unreadable_at_once(dir: DataDir) {
    let store = dir.open().await;
    let (a, b) = retention_support::two_customers(&store).await;
    for customer in [&a, &b] {
        retention_support::extension_and_payment(&store, customer).await;
        store.insert_cdrs(&[call_ending(customer, model::now_unix_ms())]).await.unwrap();
    }
    let (blob_a, _) = put(&store, &a, BlobKind::Recording, 70_000).await;
    let (blob_b, _) = put(&store, &b, BlobKind::Voicemail, 500).await;
    assert!(
        store.extensions(&a).await.is_ok() && store.open_blob(&cpni_support::operator(), &a, &blob_a).await.is_ok()
    );

    let raw = dir.raw().await;
    let name_sealed: Vec<u8> = sqlx::query_scalar("SELECT display_name_sealed FROM extensions WHERE tenant_id = $1")
        .bind(&a.0)
        .fetch_one(&raw)
        .await
        .unwrap();
    let name_aad_row = format!("{}/4711", a.0);
    let name_aad = Aad::new("extensions", "display_name", &name_aad_row);
    let keyring = store.keyring(Kek::load(dir.path()).unwrap());
    assert!(keyring.open(&a, &name_sealed, &name_aad).await.is_ok());

    let deletion = store.delete_customer(&a, "operator-7").await.unwrap();
    assert_eq!(deletion.data_keys_destroyed, 1);
    let keys: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM data_keys WHERE tenant_id = $1")
        .bind(&a.0)
        .fetch_one(&raw)
        .await
        .unwrap();
    assert_eq!(keys, 0);
    let fresh_keyring = store.keyring(Kek::load(dir.path()).unwrap());
    assert!(matches!(fresh_keyring.open(&a, &name_sealed, &name_aad).await, Err(StoreError::Unauthentic)));
    assert!(store.extensions(&a).await.unwrap().is_empty());
    let (loaded, _) = store.extensions_changed_since(0).await.unwrap();
    assert_eq!(loaded.iter().map(|e| &e.customer).collect::<Vec<_>>(), vec![&b]);
    assert!(matches!(store.cdrs_page(&cpni_support::operator(), &a, None, 10).await, Err(StoreError::Unauthentic)));
    assert!(matches!(store.payment_methods(&a).await, Err(StoreError::Unauthentic)));
    assert!(store.open_blob(&cpni_support::operator(), &a, &blob_a).await.is_err());
    assert!(store.insert_cdrs(&[call_ending(&a, 1)]).await.is_err(), "sealed for a deleted customer");
    assert!(store.tenant_by_slug("a").await.unwrap().is_none());
    assert!(store.customer_by_domain("a.example").await.unwrap().is_none());
    assert!(matches!(store.delete_customer(&a, "operator-7").await, Err(StoreError::CustomerDeleted)));

    assert_eq!(store.extensions(&b).await.unwrap().len(), 1);
    assert_eq!(store.cdrs_page(&cpni_support::operator(), &b, None, 10).await.unwrap().len(), 1);
    assert_eq!(store.payment_methods(&b).await.unwrap().len(), 1);
    assert_eq!(
        store.open_blob(&cpni_support::operator(), &b, &blob_b).await.unwrap().read_to_end().await.unwrap().len(),
        500
    );

    let report = store.run_retention(model::now_unix_ms(), &RetentionOptions::default()).await.unwrap();
    assert_eq!(report.shredded, vec![a.clone()]);
    assert_eq!(report.shredded_rows, 1, "one payment method");
    assert_eq!(store.count_cdrs(&a).await.unwrap(), 0);
    assert!(store.list_blobs(&a, BlobKind::Recording).await.unwrap().is_empty());
    assert!(!dir.path().join("blobs").join(&a.0).exists(), "the deleted customer's folder is left");
    assert_eq!(store.count_cdrs(&b).await.unwrap(), 1);
    let later = store.run_retention(model::now_unix_ms(), &RetentionOptions::default()).await.unwrap();
    assert!(later.shredded.is_empty(), "shredded twice: {later:?}");

    let actions: Vec<(String, String, String)> =
        sqlx::query_as("SELECT actor, action, target FROM audit_log ORDER BY seq").fetch_all(&raw).await.unwrap();
    assert!(actions.contains(&("operator-7".into(), "customer.delete".into(), a.0.clone())), "{actions:?}");

    let again = NewTenant {
        slug: "a".into(),
        name: "A again".into(),
        parent: Some("r".into()),
        sip_domain: Some("a.example".into()),
        is_default: false,
    };
    let new_a = store.upsert_customer(&again).await.unwrap();
    assert_ne!(new_a.id, a);
    assert!(store.extensions(&new_a.id).await.unwrap().is_empty());
}

on_both_backends!(a_deleted_customer_is_unreadable_at_once);
