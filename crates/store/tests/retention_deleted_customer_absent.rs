//! A deleted customer's tombstone row keeps a sealed name that no longer
//! opens; whole-store operations must treat the customer as absent rather
//! than fail on it (issue 3 item 3), also before the retention job purged
//! its CDRs, payment methods and media: lookups by its tombstone slug, the
//! list of tenants, the default customer, re-wrapping keys under a new KEK;
//! on SQLite also the anonymized export (which leaves the customer and
//! everything of it out) and a backup and its restore.

#[macro_use]
mod backends;
mod export_support;
mod retention_support;

use backends::DataDir;
use model::TenantId;
use retention_support::{call_ending, put};
use store::{Backend, BlobKind, Kek, NewTenant, Store};

/// Customers `a` (the default customer) and `b`, both with an extension,
/// a payment method, a CDR and a recording; then `a` is deleted.
async fn with_deleted_customer(store: &Store) -> (TenantId, TenantId) {
    let (a, b) = retention_support::two_customers(store).await;
    let default_a = NewTenant {
        slug: "a".into(),
        name: "A".into(),
        parent: Some("r".into()),
        sip_domain: Some("a.example".into()),
        is_default: true,
    };
    store.upsert_customer(&default_a).await.unwrap();
    for customer in [&a, &b] {
        retention_support::extension_and_payment(store, customer).await;
        store.insert_cdrs(&[call_ending(customer, model::now_unix_ms())]).await.unwrap();
        put(store, customer, BlobKind::Recording, 3000).await;
    }
    store.delete_customer(&a, "operator-7").await.unwrap();
    (a, b)
}

async fn lookups_skip_a_deleted_customer(dir: DataDir) {
    let store = dir.open().await;
    let (a, b) = with_deleted_customer(&store).await;
    assert!(store.tenant_by_slug(&format!("~deleted-{}", a.0)).await.unwrap().is_none());
    assert_eq!(store.tenant_slugs().await.unwrap(), ["platform", "r", "b"].map(String::from));
    assert!(store.default_customer().await.unwrap().is_none(), "the deleted default customer resolved");
    assert_eq!(store.tenant_by_slug("b").await.unwrap().unwrap().id, b);

    let new_kek = Kek::from_bytes(&[9; 32]);
    let rewrapped = store.rewrap_data_keys(&Kek::load(dir.path()).unwrap(), &new_kek).await.unwrap();
    assert_eq!(rewrapped, 3, "platform, reseller and b: the deleted customer has no key left");
}

async fn export_and_backup_skip_a_deleted_customer(dir: DataDir) {
    let store = dir.open().await;
    let (_, b) = with_deleted_customer(&store).await;
    let out = tempfile::tempdir().unwrap();
    let exported = out.path().join("export");
    let report = store.export_anonymized(&exported).await.unwrap();
    assert_eq!((report.tenants, report.extensions, report.payment_methods), (3, 1, 1));
    assert_eq!((report.cdrs, report.blobs), (1, 1), "the deleted customer's rows were copied");
    let kinds = export_support::query_strings(&exported, "SELECT kind FROM tenants ORDER BY path").await;
    assert_eq!(kinds, ["platform", "reseller", "customer"]);

    let backup = out.path().join("backup.tar");
    store.backup_to(&backup).await.unwrap();
    store.close().await;
    let restored = out.path().join("restored");
    Store::restore_from_with_kek(&backup, &restored, Kek::load(dir.path()).unwrap()).await.unwrap();
    let store = Store::open_with_kek(&restored, Kek::load(dir.path()).unwrap()).await.unwrap();
    assert_eq!(store.tenant_slugs().await.unwrap(), ["platform", "r", "b"].map(String::from));
    assert_eq!(store.payment_methods(&b).await.unwrap().len(), 1);
}

on_both_backends!(lookups_skip_a_deleted_customer);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn export_and_backup_on_sqlite() {
    backends::run(Backend::Sqlite, export_and_backup_skip_a_deleted_customer).await;
}
