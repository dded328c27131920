//! A batch of binding changes is applied in order, however it is split
//! into statements.

#[macro_use]
mod backends;

use backends::DataDir;

mod support;

use model::{Aor, TenantId};
use store::BindingChange;

fn upsert(customer: &TenantId, number: usize, contact: &str, expires_at_ms: i64) -> BindingChange {
    let aor = Aor { customer: customer.clone(), number: number.to_string() };
    BindingChange::Upsert(support::binding(&aor, contact, expires_at_ms, &format!("call-{number}")))
}

async fn a_large_batch_lands_whole_and_later_changes_win(dir: DataDir) {
    let store = dir.open().await;
    let c = support::customer(&store).await;
    let mut changes: Vec<_> = (0..1_200).map(|n| upsert(&c, n, "<sip:a@h>", 1_000)).collect();
    changes.push(upsert(&c, 7, "<sip:a@h>", 9_000)); // same row again: the later one wins
    changes.push(BindingChange::RemoveAll(Aor { customer: c.clone(), number: "8".into() }));
    changes.push(upsert(&c, 9, "<sip:a@h>", 2_000));
    changes.push(BindingChange::Remove {
        aor: Aor { customer: c.clone(), number: "9".into() },
        contact: "<sip:a@h>".into(),
    });
    store.apply_binding_changes(&changes).await.unwrap();

    let live = store.live_bindings(0).await.unwrap();
    assert_eq!(live.len(), 1_198, "1,200 bound, 8 and 9 removed");
    let seven = live.iter().find(|b| b.aor.number == "7").unwrap();
    assert_eq!(seven.expires_at_ms, 9_000);
    assert!(live.iter().all(|b| b.aor.number != "8" && b.aor.number != "9"));
}

on_both_backends!(a_large_batch_lands_whole_and_later_changes_win);
