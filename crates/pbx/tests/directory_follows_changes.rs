//! The in-memory directory sees extensions created or changed after it
//! started, within a few refresh periods.

use std::time::{Duration, Instant};

use model::SipSecret;
use pbx::Directory;
use store::{NewExtension, NewTenant, Store};

fn extension(customer: &model::TenantId, number: &str, ha1: char) -> NewExtension {
    NewExtension {
        customer: customer.clone(),
        number: number.into(),
        display_name: number.into(),
        realm: "shop.example".into(),
        secret: SipSecret { ha1_md5: ha1.to_string().repeat(32), ha1_sha256: ha1.to_string().repeat(64) },
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
async fn new_and_changed_extensions_appear_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let reseller = NewTenant { slug: "r".into(), name: "R".into(), parent: None, sip_domain: None, is_default: false };
    store.upsert_reseller(&reseller).await.unwrap();
    let shop = NewTenant {
        slug: "shop".into(),
        name: "Shop".into(),
        parent: Some("r".into()),
        sip_domain: Some("shop.example".into()),
        is_default: true,
    };
    let shop = store.upsert_customer(&shop).await.unwrap();
    store.upsert_extension(&extension(&shop.id, "100", 'a')).await.unwrap();

    let directory = Directory::start(store.clone()).await.unwrap();
    assert_eq!(directory.get(&shop.id, "100").map(|e| e.secret.ha1_md5.clone()), Some("a".repeat(32)));
    assert!(directory.get(&shop.id, "101").is_none());

    store.upsert_extension(&extension(&shop.id, "101", 'a')).await.unwrap();
    store.upsert_extension(&extension(&shop.id, "100", 'b')).await.unwrap();
    assert!(until(|| directory.get(&shop.id, "101").is_some()).await, "a new extension never appeared");
    let changed = until(|| directory.get(&shop.id, "100").is_some_and(|e| e.secret.ha1_md5 == "b".repeat(32)));
    assert!(changed.await, "a changed password never reached the directory");
    assert_eq!(directory.len(), 2);
}
