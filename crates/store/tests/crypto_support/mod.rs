//! Fixtures shared by the store's encryption tests.

#![allow(dead_code, unreachable_pub)]

use model::TenantId;
use store::{Kek, NewTenant, Store};

/// A KEK whose 32 bytes are all `byte`.
pub fn kek(byte: u8) -> Kek {
    Kek::from_bytes(&[byte; 32])
}

/// Two distinct tenants: a reseller `r` and its customer `c`.
pub async fn two_tenants(store: &Store) -> (TenantId, TenantId) {
    let reseller = NewTenant { slug: "r".into(), name: "R".into(), parent: None, sip_domain: None, is_default: false };
    let reseller = store.upsert_reseller(&reseller).await.unwrap().id;
    let customer = NewTenant {
        slug: "c".into(),
        name: "C".into(),
        parent: Some("r".into()),
        sip_domain: Some("c.example".into()),
        is_default: false,
    };
    (reseller, store.upsert_customer(&customer).await.unwrap().id)
}

/// Whether `needle` occurs anywhere in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}
