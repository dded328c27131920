//! A customer's payment methods are its own: another customer neither sees
//! them nor removes them.

mod payment_support;
mod support;

use store::{NewTenant, Store};

#[tokio::test]
async fn another_customer_neither_lists_nor_removes_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let owner = support::customer(&store).await;
    let other = NewTenant {
        slug: "d".into(),
        name: "D".into(),
        parent: Some("r".into()),
        sip_domain: Some("d.example".into()),
        is_default: false,
    };
    let other = store.upsert_customer(&other).await.unwrap().id;
    let id = store.add_payment_method(&owner, &payment_support::dwolla(), "Checking ending 6789").await.unwrap();

    assert!(store.payment_methods(&other).await.unwrap().is_empty());
    assert!(!store.remove_payment_method(&other, &id).await.unwrap());
    let left: Vec<_> = store.payment_methods(&owner).await.unwrap().into_iter().map(|m| m.id).collect();
    assert_eq!(left, vec![id]);
}
