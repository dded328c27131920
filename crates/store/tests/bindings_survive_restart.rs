//! Registrations are kept in the database, so a restart keeps them.

#[macro_use]
mod backends;

use backends::DataDir;
use model::{Aor, Binding, SipSecret, SipTransport};
use store::{BindingChange, NewExtension, Store};

mod support;

async fn customer_aor(store: &Store) -> Aor {
    let customer = support::customer(store).await;
    let secret = SipSecret { ha1_md5: "a".repeat(32), ha1_sha256: "b".repeat(64) };
    let ext = NewExtension {
        customer: customer.clone(),
        number: "1001".into(),
        display_name: "Alice".into(),
        realm: "c.example".into(),
        secret,
    };
    store.upsert_extension(&ext).await.unwrap();
    Aor { customer, number: "1001".into() }
}

fn binding(aor: &Aor, contact: &str, expires_at_ms: i64) -> Binding {
    Binding {
        aor: aor.clone(),
        contact: contact.into(),
        expires_at_ms,
        call_id: "abc@host".into(),
        cseq: 7,
        q: Some(0.5),
        transport: SipTransport::Tcp,
        source: "127.0.0.1:40000".into(),
        user_agent: Some("Phone/1".into()),
    }
}

async fn bindings_written_before_close_are_read_after_reopen(dir: DataDir) {
    let store = dir.open().await;
    let aor = customer_aor(&store).await;
    let kept = binding(&aor, "<sip:1001@10.0.0.1:5060>", 10_000);
    let changes = [
        BindingChange::Upsert(kept.clone()),
        BindingChange::Upsert(binding(&aor, "<sip:1001@10.0.0.2>", 10_000)),
        BindingChange::Remove { aor: aor.clone(), contact: "<sip:1001@10.0.0.2>".into() },
    ];
    store.apply_binding_changes(&changes).await.unwrap();
    store.close().await;

    let reopened = dir.open().await;
    assert_eq!(reopened.live_bindings(5_000).await.unwrap(), vec![kept]);
}

async fn lapsed_bindings_are_not_live_and_are_purged(dir: DataDir) {
    let store = dir.open().await;
    let aor = customer_aor(&store).await;
    let changes = [
        BindingChange::Upsert(binding(&aor, "<sip:old@h>", 1_000)),
        BindingChange::Upsert(binding(&aor, "<sip:new@h>", 9_000)),
    ];
    store.apply_binding_changes(&changes).await.unwrap();
    let live = store.live_bindings(1_000).await.unwrap();
    assert_eq!(live.iter().map(|b| b.contact.as_str()).collect::<Vec<_>>(), ["<sip:new@h>"]);
    assert_eq!(store.purge_lapsed_bindings(1_000).await.unwrap(), 1);
}

async fn remove_all_clears_every_contact_of_one_aor_only(dir: DataDir) {
    let store = dir.open().await;
    let aor = customer_aor(&store).await;
    let other = Aor { number: "1002".into(), ..aor.clone() };
    let changes = [
        BindingChange::Upsert(binding(&aor, "<sip:a@h>", 9_000)),
        BindingChange::Upsert(binding(&aor, "<sip:b@h>", 9_000)),
        BindingChange::Upsert(binding(&other, "<sip:c@h>", 9_000)),
        BindingChange::RemoveAll(aor),
    ];
    store.apply_binding_changes(&changes).await.unwrap();
    let live = store.live_bindings(0).await.unwrap();
    assert_eq!(live.iter().map(|b| b.aor.number.as_str()).collect::<Vec<_>>(), ["1002"]);
}

on_both_backends!(
    bindings_written_before_close_are_read_after_reopen,
    lapsed_bindings_are_not_live_and_are_purged,
    remove_all_clears_every_contact_of_one_aor_only
);
