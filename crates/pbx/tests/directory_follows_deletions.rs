//! A customer deleted while the directory runs (`Store::delete_customer`,
//! issue 3 item 3) leaves it within a few refresh periods: its extensions
//! are gone, another customer's stay, and following goes on (a later
//! change still arrives).

use std::time::{Duration, Instant};

use model::{SipSecret, TenantId};
use pbx::Directory;
use store::{NewExtension, NewTenant, Store};

fn extension(customer: &TenantId, number: &str) -> NewExtension {
    NewExtension {
        customer: customer.clone(),
        number: number.into(),
        display_name: number.into(),
        realm: "shop.example".into(),
        secret: SipSecret { ha1_md5: "a".repeat(32), ha1_sha256: "a".repeat(64) },
    }
}

async fn customer(store: &Store, slug: &str) -> TenantId {
    let new = NewTenant {
        slug: slug.into(),
        name: slug.into(),
        parent: Some("r".into()),
        sip_domain: Some(format!("{slug}.example")),
        is_default: false,
    };
    store.upsert_customer(&new).await.unwrap().id
}

async fn until(what: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + Directory::REFRESH_EVERY * 5;
    while Instant::now() < deadline {
        if what() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

#[tokio::test]
async fn a_deleted_customers_extensions_leave_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let reseller = NewTenant { slug: "r".into(), name: "R".into(), parent: None, sip_domain: None, is_default: false };
    store.upsert_reseller(&reseller).await.unwrap();
    let (shop, other) = (customer(&store, "shop").await, customer(&store, "other").await);
    for number in ["100", "101"] {
        store.upsert_extension(&extension(&shop, number)).await.unwrap();
    }
    store.upsert_extension(&extension(&other, "100")).await.unwrap();

    let directory = Directory::start(store.clone()).await.unwrap();
    assert_eq!(directory.len(), 3);
    store.delete_customer(&shop, "operator").await.unwrap();
    let gone = until(|| directory.get(&shop, "100").is_none() && directory.get(&shop, "101").is_none());
    assert!(gone.await, "a deleted customer's extensions stayed in the directory");
    assert!(directory.get(&other, "100").is_some());

    store.upsert_extension(&extension(&other, "101")).await.unwrap();
    assert!(until(|| directory.get(&other, "101").is_some()).await, "following stopped after a deletion");
    assert_eq!(directory.len(), 2);
}
