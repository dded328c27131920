//! Fixtures shared by the store's tests.

#![allow(dead_code, unreachable_pub)]

use model::{Aor, Binding, SipTransport, TenantId};
use store::{NewTenant, Store};

/// A reseller `r` with one customer `c` (domain `c.example`); returns the customer.
pub async fn customer(store: &Store) -> TenantId {
    let reseller = NewTenant { slug: "r".into(), name: "R".into(), parent: None, sip_domain: None, is_default: false };
    store.upsert_reseller(&reseller).await.unwrap();
    let customer = NewTenant {
        slug: "c".into(),
        name: "C".into(),
        parent: Some("r".into()),
        sip_domain: Some("c.example".into()),
        is_default: true,
    };
    store.upsert_customer(&customer).await.unwrap().id
}

/// A UDP binding of `contact` to `aor` made by CSeq 1 of `call_id`.
pub fn binding(aor: &Aor, contact: &str, expires_at_ms: i64, call_id: &str) -> Binding {
    Binding {
        aor: aor.clone(),
        contact: contact.into(),
        expires_at_ms,
        call_id: call_id.into(),
        cseq: 1,
        q: None,
        transport: SipTransport::Udp,
        source: "127.0.0.1:5060".into(),
        user_agent: None,
    }
}
