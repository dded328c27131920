//! An extension deleted while the directory runs (`Store::delete_extension`,
//! the JSON API's DELETE) leaves it within a few refresh periods, so its
//! phones no longer register; the customer's other extensions stay, and the
//! same number created again comes back.

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
async fn a_deleted_extension_leaves_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let reseller = NewTenant { slug: "r".into(), name: "R".into(), parent: None, sip_domain: None, is_default: false };
    store.upsert_reseller(&reseller).await.unwrap();
    let new = NewTenant {
        slug: "shop".into(),
        name: "shop".into(),
        parent: Some("r".into()),
        sip_domain: Some("shop.example".into()),
        is_default: false,
    };
    let shop = store.upsert_customer(&new).await.unwrap().id;
    for number in ["100", "101"] {
        store.upsert_extension(&extension(&shop, number)).await.unwrap();
    }
    let directory = Directory::start(store.clone()).await.unwrap();
    assert_eq!(directory.len(), 2);

    assert!(store.delete_extension(&shop, "100").await.unwrap());
    assert!(until(|| directory.get(&shop, "100").is_none()).await, "the deleted extension stayed");
    assert!(directory.get(&shop, "101").is_some());

    store.upsert_extension(&extension(&shop, "100")).await.unwrap();
    assert!(until(|| directory.get(&shop, "100").is_some()).await, "created again, it came back");
}
