//! Fixtures shared by the CDR tests.

#![allow(dead_code, unreachable_pub)]

use model::{CallDirection, Cdr, Disposition, HangupSide, SipSecret, TenantId};
use store::{NewExtension, NewTenant, Store};

/// A reseller `r` with customers `c1` and `c2`.
pub async fn two_customers(store: &Store) -> (TenantId, TenantId) {
    let reseller = NewTenant { slug: "r".into(), name: "R".into(), parent: None, sip_domain: None, is_default: false };
    store.upsert_reseller(&reseller).await.unwrap();
    let customer = |n: u8| NewTenant {
        slug: format!("c{n}"),
        name: format!("C{n}"),
        parent: Some("r".into()),
        sip_domain: Some(format!("c{n}.example")),
        is_default: false,
    };
    let c1 = store.upsert_customer(&customer(1)).await.unwrap().id;
    let c2 = store.upsert_customer(&customer(2)).await.unwrap().id;
    (c1, c2)
}

/// An answered internal call from `caller` to `callee` of `customer`,
/// starting at `start_ms` and lasting a minute.
pub fn call(customer: &TenantId, caller: &str, callee: &str, start_ms: i64) -> Cdr {
    Cdr {
        id: Store::new_cdr_id(),
        customer: customer.clone(),
        caller: caller.into(),
        callee: callee.into(),
        direction: CallDirection::Internal,
        trunk: None,
        did: None,
        start_ms,
        answer_ms: Some(start_ms + 3_000),
        end_ms: start_ms + 63_000,
        disposition: Disposition::Answered,
        hangup: HangupSide::Caller,
        sip_status: 200,
    }
}

/// `cdrs` sorted as the readers return them: newest first, then by id descending.
pub fn newest_first(mut cdrs: Vec<Cdr>) -> Vec<Cdr> {
    cdrs.sort_by(|a, b| (b.start_ms, &b.id).cmp(&(a.start_ms, &a.id)));
    cdrs
}

/// Extension `number` of `customer`, with a placeholder secret.
pub async fn extension(store: &Store, customer: &TenantId, number: &str) {
    let secret = SipSecret { ha1_md5: "0".repeat(32), ha1_sha256: "1".repeat(64) };
    let new = NewExtension {
        customer: customer.clone(),
        number: number.into(),
        display_name: format!("Desk {number}"),
        realm: "c1.example".into(),
        secret,
    };
    store.upsert_extension(&new).await.unwrap();
}
