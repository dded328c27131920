//! `/api/v1/registrations` and `/api/v1/cdrs` over real HTTPS: live
//! bindings of the caller's customer only; CDRs newest first, filtered,
//! paged by cursor without gaps or repeats, read through the CPNI gate
//! (audited), and nothing of another customer's calls.

mod api_common;
mod common;

use access::Role;
use api_common::{admin_of, assert_error, caller, json, other_customer, send};
use common::world::World;
use jiff::Timestamp;
use model::{Aor, Binding, CallDirection, Cdr, CdrId, Disposition, HangupSide, SipTransport, TenantId};
use store::BindingChange;

fn binding(customer: &TenantId, number: &str, contact: &str, expires_at_ms: i64) -> BindingChange {
    BindingChange::Upsert(Binding {
        aor: Aor { customer: customer.clone(), number: number.into() },
        contact: contact.into(),
        expires_at_ms,
        call_id: "call-1".into(),
        cseq: 1,
        q: None,
        transport: SipTransport::Udp,
        source: "192.0.2.1:5060".into(),
        user_agent: Some("Desk phone".into()),
    })
}

fn cdr(customer: &TenantId, n: i64, direction: CallDirection, disposition: Disposition) -> Cdr {
    let start_ms = 1_780_000_000_000 + n * 60_000;
    Cdr {
        id: CdrId(format!("cdr-{n:04}")),
        customer: customer.clone(),
        caller: "+15555550111".into(),
        callee: format!("10{n:02}"),
        direction,
        trunk: None,
        did: None,
        start_ms,
        answer_ms: (disposition == Disposition::Answered).then_some(start_ms + 2_000),
        end_ms: start_ms + 30_000,
        disposition,
        hangup: HangupSide::Caller,
        sip_status: if disposition == Disposition::Answered { 200 } else { 486 },
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn registrations_are_the_customers_live_bindings() {
    let world = World::start().await;
    let (_, auth) = caller(&world, Role::CustomerAdmin, "admin@acme.example").await;
    let other = other_customer(&world).await;
    let soon = Timestamp::now().as_millisecond() + 3_600_000;
    let changes = [
        binding(&world.customer, "1001", "sip:1001@192.0.2.1:5060", soon),
        binding(&world.customer, "1002", "sip:1002@192.0.2.2:5060", soon),
        binding(&world.customer, "1003", "sip:1003@192.0.2.3:5060", 1_000),
        binding(&other.id, "1001", "sip:other@198.51.100.9:5060", soon),
    ];
    world.store.apply_binding_changes(&changes).await.unwrap();
    let page = json(&send(&world, "GET", "/api/v1/registrations", &auth, "").await);
    let contacts: Vec<&str> =
        page["items"].as_array().unwrap().iter().map(|r| r["contact"].as_str().unwrap()).collect();
    assert_eq!(contacts, ["sip:1001@192.0.2.1:5060", "sip:1002@192.0.2.2:5060"], "live and own only");
    let one = json(&send(&world, "GET", "/api/v1/registrations?extension=1002", &auth, "").await);
    assert_eq!(one["items"].as_array().unwrap().len(), 1);
    assert_eq!(one["items"][0]["transport"], "udp");

    let stranger = admin_of(&world, &other.id, "admin@other.example").await;
    let theirs = send(&world, "GET", "/api/v1/registrations", &stranger, "").await;
    assert!(!theirs.body.contains("192.0.2."), "{}", theirs.body);
    assert_error(&send(&world, "GET", "/api/v1/registrations?customer=acme", &stranger, "").await, 404, "not_found");
    assert_error(&send(&world, "GET", "/api/v1/registrations?extension=a%20b", &auth, "").await, 400, "bad_request");
}

#[tokio::test(flavor = "multi_thread")]
async fn cdrs_page_filter_and_go_through_the_gate() {
    let world = World::start().await;
    let (_, auth) = caller(&world, Role::CustomerAdmin, "admin@acme.example").await;
    let other = other_customer(&world).await;
    let mut cdrs: Vec<Cdr> = (0..25)
        .map(|n| {
            let direction = if n % 2 == 0 { CallDirection::Inbound } else { CallDirection::Outbound };
            let disposition = if n % 5 == 0 { Disposition::Busy } else { Disposition::Answered };
            cdr(&world.customer, n, direction, disposition)
        })
        .collect();
    cdrs.push(Cdr {
        id: CdrId("cdr-same-ms".into()),
        ..cdr(&world.customer, 24, CallDirection::Internal, Disposition::Answered)
    });
    cdrs.push(Cdr {
        id: CdrId("other-0001".into()),
        ..cdr(&other.id, 3, CallDirection::Inbound, Disposition::Answered)
    });
    world.store.insert_cdrs(&cdrs).await.unwrap();

    world.store.flush_audit().await.unwrap();
    let audited_before = world.store.verify_audit().await.unwrap().records;
    let mut seen = Vec::new();
    let mut path = "/api/v1/cdrs?limit=4".to_owned();
    loop {
        let page = json(&send(&world, "GET", &path, &auth, "").await);
        for item in page["items"].as_array().unwrap() {
            seen.push(item["id"].as_str().unwrap().to_owned());
        }
        let Some(next) = page["next"].as_str() else { break };
        path = format!("/api/v1/cdrs?limit=4&cursor={next}");
    }
    assert_eq!(seen.len(), 26, "every CDR once: {seen:?}");
    assert_eq!(seen[..2], ["cdr-same-ms", "cdr-0024"], "newest first, ties by id");
    assert!(!seen.iter().any(|id| id.starts_with("other")));

    let busy_inbound = json(&send(&world, "GET", "/api/v1/cdrs?direction=inbound&disposition=busy", &auth, "").await);
    let ids: Vec<&str> = busy_inbound["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["cdr-0020", "cdr-0010", "cdr-0000"]);
    let from = Timestamp::from_millisecond(1_780_000_000_000 + 10 * 60_000).unwrap();
    let to = Timestamp::from_millisecond(1_780_000_000_000 + 12 * 60_000).unwrap();
    let window = json(&send(&world, "GET", &format!("/api/v1/cdrs?from={from}&to={to}"), &auth, "").await);
    let ids: Vec<&str> = window["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["cdr-0011", "cdr-0010"]);
    assert_eq!(window["items"][0]["caller"], "+15555550111");

    world.store.flush_audit().await.unwrap();
    let audit = world.store.verify_audit().await.unwrap();
    assert!(audit.is_ok() && audit.records >= audited_before + 9, "the gate audited every page read");
    for bad in ["from=yesterday", "direction=sideways", "limit=201", "cursor=00"] {
        assert_error(&send(&world, "GET", &format!("/api/v1/cdrs?{bad}"), &auth, "").await, 400, "bad_request");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn another_customer_and_an_undelegated_reseller_see_no_cdrs() {
    let world = World::start().await;
    world.store.insert_cdrs(&[cdr(&world.customer, 1, CallDirection::Inbound, Disposition::Answered)]).await.unwrap();
    let other = other_customer(&world).await;
    let stranger = admin_of(&world, &other.id, "admin@other.example").await;
    let own = json(&send(&world, "GET", "/api/v1/cdrs", &stranger, "").await);
    assert_eq!(own["items"], serde_json::json!([]));
    let refused = send(&world, "GET", "/api/v1/cdrs?customer=acme", &stranger, "").await;
    assert_error(&refused, 404, "not_found");
    let (_, reseller) = caller(&world, Role::ResellerAdmin, "reseller@example.com").await;
    let undelegated = send(&world, "GET", "/api/v1/cdrs?customer=acme", &reseller, "").await;
    assert_error(&undelegated, 404, "not_found");
    assert!(!undelegated.body.contains("+1555"));
}
