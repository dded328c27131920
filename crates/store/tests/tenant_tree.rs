//! The tenant tree: paths, idempotent provisioning, one default customer.

#[macro_use]
mod backends;

use backends::DataDir;
use model::TenantKind;
use store::{NewTenant, StoreError};

fn reseller(slug: &str) -> NewTenant {
    NewTenant { slug: slug.into(), name: slug.into(), parent: None, sip_domain: None, is_default: false }
}

fn customer(slug: &str, parent: &str, domain: &str, is_default: bool) -> NewTenant {
    NewTenant {
        slug: slug.into(),
        name: slug.into(),
        parent: Some(parent.into()),
        sip_domain: Some(domain.into()),
        is_default,
    }
}

async fn customers_hang_below_their_reseller_with_the_full_path(dir: DataDir) {
    let store = dir.open().await;
    let acme = store.upsert_reseller(&reseller("acme")).await.unwrap();
    let shop = store.upsert_customer(&customer("shop", "acme", "Shop.Example", false)).await.unwrap();
    let platform = store.platform().await.unwrap();

    assert_eq!(shop.kind, TenantKind::Customer);
    assert_eq!(shop.parent.as_ref(), Some(&acme.id));
    assert_eq!(shop.path, format!("{}/{}/{}", platform.id, acme.id, shop.id));
    assert!(shop.is_within(&acme.id) && shop.is_within(&platform.id));
    assert!(!acme.is_within(&shop.id));
    assert_eq!(shop.sip_domain.as_deref(), Some("shop.example"));
}

async fn provisioning_twice_keeps_ids_and_updates_names(dir: DataDir) {
    let store = dir.open().await;
    let first = store.upsert_reseller(&reseller("acme")).await.unwrap();
    let renamed = NewTenant { name: "Acme Telecom".into(), ..reseller("acme") };
    let second = store.upsert_reseller(&renamed).await.unwrap();
    assert_eq!(first.id, second.id);
    assert_eq!(second.name, "Acme Telecom");
}

async fn domain_lookup_ignores_case_and_only_finds_customers(dir: DataDir) {
    let store = dir.open().await;
    store.upsert_reseller(&reseller("acme")).await.unwrap();
    let shop = store.upsert_customer(&customer("shop", "acme", "shop.example", false)).await.unwrap();
    let found = store.customer_by_domain("SHOP.example").await.unwrap();
    assert_eq!(found.map(|t| t.id), Some(shop.id));
    assert!(store.customer_by_domain("other.example").await.unwrap().is_none());
}

async fn a_new_default_customer_replaces_the_old_one(dir: DataDir) {
    let store = dir.open().await;
    store.upsert_reseller(&reseller("acme")).await.unwrap();
    store.upsert_customer(&customer("a", "acme", "a.example", true)).await.unwrap();
    let b = store.upsert_customer(&customer("b", "acme", "b.example", true)).await.unwrap();
    assert_eq!(store.default_customer().await.unwrap().map(|t| t.id), Some(b.id));
    assert!(!store.tenant_by_slug("a").await.unwrap().unwrap().is_default);
}

async fn a_customer_cannot_hang_below_a_customer_or_a_missing_reseller(dir: DataDir) {
    let store = dir.open().await;
    store.upsert_reseller(&reseller("acme")).await.unwrap();
    store.upsert_customer(&customer("shop", "acme", "shop.example", false)).await.unwrap();
    let nested = store.upsert_customer(&customer("sub", "shop", "sub.example", false)).await;
    assert!(matches!(nested, Err(StoreError::WrongKind { .. })), "{nested:?}");
    let orphan = store.upsert_customer(&customer("x", "nobody", "x.example", false)).await;
    assert!(matches!(orphan, Err(StoreError::UnknownTenant(_))), "{orphan:?}");
}

async fn a_slug_cannot_change_kind(dir: DataDir) {
    let store = dir.open().await;
    store.upsert_reseller(&reseller("acme")).await.unwrap();
    store.upsert_customer(&customer("shop", "acme", "shop.example", false)).await.unwrap();
    let clash = store.upsert_reseller(&reseller("shop")).await;
    assert!(matches!(clash, Err(StoreError::WrongKind { .. })), "{clash:?}");
    let shop = store.tenant_by_slug("shop").await.unwrap().unwrap();
    assert_eq!(shop.sip_domain.as_deref(), Some("shop.example"), "the failed upsert wrote");
}

async fn changed_extensions_are_found_by_their_change_version(dir: DataDir) {
    let store = dir.open().await;
    store.upsert_reseller(&reseller("acme")).await.unwrap();
    let shop = store.upsert_customer(&customer("shop", "acme", "shop.example", false)).await.unwrap();
    let ext = |number: &str, ha1: char| store::NewExtension {
        customer: shop.id.clone(),
        number: number.into(),
        display_name: number.into(),
        realm: "shop.example".into(),
        secret: model::SipSecret { ha1_md5: ha1.to_string().repeat(32), ha1_sha256: ha1.to_string().repeat(64) },
    };
    store.upsert_extension(&ext("100", 'a')).await.unwrap();
    store.upsert_extension(&ext("101", 'a')).await.unwrap();
    let (all, mark) = store.extensions_changed_since(0).await.unwrap();
    assert_eq!(all.len(), 2);
    assert!(store.extensions_changed_since(mark).await.unwrap().0.is_empty(), "nothing new");
    store.upsert_extension(&ext("101", 'b')).await.unwrap();
    let (changed, later) = store.extensions_changed_since(mark).await.unwrap();
    assert_eq!(changed.iter().map(|e| e.number.as_str()).collect::<Vec<_>>(), ["101"]);
    assert_eq!(changed[0].secret.ha1_md5, "b".repeat(32));
    assert!(later > mark);
}

on_both_backends!(
    customers_hang_below_their_reseller_with_the_full_path,
    provisioning_twice_keeps_ids_and_updates_names,
    domain_lookup_ignores_case_and_only_finds_customers,
    a_new_default_customer_replaces_the_old_one,
    a_customer_cannot_hang_below_a_customer_or_a_missing_reseller,
    a_slug_cannot_change_kind,
    changed_extensions_are_found_by_their_change_version
);
