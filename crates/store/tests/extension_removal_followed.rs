//! Deleting one extension (the JSON API's DELETE) removes it and its
//! registrations, and the change feed the PBX directory follows reports the
//! removal under a new version, unless the extension was created again
//! after it; another customer's extension of the same number stays. On
//! both backends.

#[macro_use]
mod backends;

mod support;

use backends::DataDir;
use model::{Aor, Binding, SipSecret, SipTransport, TenantId};
use store::{BindingChange, NewExtension, NewTenant};

fn extension(customer: &TenantId, number: &str) -> NewExtension {
    NewExtension {
        customer: customer.clone(),
        number: number.into(),
        display_name: "Desk".into(),
        realm: "c.example".into(),
        secret: SipSecret { ha1_md5: "a".repeat(32), ha1_sha256: "b".repeat(64) },
    }
}

fn binding(customer: &TenantId, number: &str) -> BindingChange {
    BindingChange::Upsert(Binding {
        aor: Aor { customer: customer.clone(), number: number.into() },
        contact: format!("sip:{number}@192.0.2.1"),
        expires_at_ms: i64::MAX / 2,
        call_id: "c".into(),
        cseq: 1,
        q: None,
        transport: SipTransport::Udp,
        source: "192.0.2.1:5060".into(),
        user_agent: None,
    })
}

async fn removal_reaches_the_feed(dir: DataDir) {
    let store = dir.open().await;
    let customer = support::customer(&store).await;
    let other_new = NewTenant {
        slug: "d".into(),
        name: "D".into(),
        parent: Some("r".into()),
        sip_domain: Some("d.example".into()),
        is_default: false,
    };
    let other = store.upsert_customer(&other_new).await.unwrap().id;
    for (tenant, number) in [(&customer, "1001"), (&customer, "1002"), (&other, "1001")] {
        store.upsert_extension(&extension(tenant, number)).await.unwrap();
    }
    store.apply_binding_changes(&[binding(&customer, "1001"), binding(&other, "1001")]).await.unwrap();
    let before = store.extension_changes_since(0).await.unwrap().latest;

    assert!(store.delete_extension(&customer, "1001").await.unwrap());
    assert!(!store.delete_extension(&customer, "1001").await.unwrap(), "gone already");
    assert!(store.extension(&customer, "1001").await.unwrap().is_none());
    assert!(store.extension(&other, "1001").await.unwrap().is_some(), "the other customer's stays");
    let live = store.live_bindings(0).await.unwrap();
    assert_eq!(live.len(), 1);
    assert_eq!(live[0].aor.customer, other);

    let changes = store.extension_changes_since(before).await.unwrap();
    assert_eq!(changes.removed, [(customer.clone(), "1001".to_owned())]);
    assert!(changes.latest > before);

    store.upsert_extension(&extension(&customer, "1001")).await.unwrap();
    let from_start = store.extension_changes_since(0).await.unwrap();
    assert!(from_start.removed.is_empty(), "created again after its removal");
    assert!(from_start.changed.iter().any(|e| e.customer == customer && e.number == "1001"));
}

on_both_backends!(removal_reaches_the_feed);
