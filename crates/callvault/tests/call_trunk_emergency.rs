//! 911 goes to the trunk as dialled, with the customer's caller ID, even
//! while the customer is at its concurrent-call limit (which refuses an
//! ordinary outbound call with 503 at the same moment).

mod common;

use std::time::Duration;

use common::carrier::{self, CALLER_ID};
use common::phone::{Phone, sdp};
use common::shop::Shop;
use model::{CallDirection, Disposition};
use sip::Method;

#[test]
fn emergency_calls_pass_the_concurrent_limit() {
    let dir = tempfile::tempdir().unwrap();
    let trunk_port = carrier::free_udp_port();
    let shop = Shop::serve(dir.path(), &carrier::config(trunk_port, "max_concurrent_calls = 1"));
    let mut callee = Phone::new(shop.addr, "102", "shop.example", "shop-secret-102");
    assert_eq!(callee.register(), 200);
    let mut busy = Phone::new(shop.addr, "101", "shop.example", "shop-secret-101");
    busy.invite_authenticated("102", "shop.example", &sdp(43000));
    callee.request_of(&Method::Invite, Duration::from_secs(5)).expect("the internal call rings: the limit is reached");

    let mut caller = Phone::new(shop.addr, "100", "shop.example", "shop-secret-100");
    let (_, refused) = caller.call("2125551234", "shop.example", &[], &sdp(43100));
    assert_eq!(refused.status, 503, "an ordinary call is beyond the limit");
    assert!(refused.headers.get(&sip::HeaderName::RetryAfter).is_some(), "with Retry-After");

    let trunk = carrier::start_uas("trunk_uas_emergency.xml", trunk_port, dir.path());
    std::thread::sleep(Duration::from_millis(300));
    let (mut dialog, answered) = caller.call("911", "shop.example", &[], &sdp(43200));
    assert_eq!(answered.status, 200, "911 reaches the trunk");
    let ack = caller.in_dialog(&mut dialog, Method::Ack);
    caller.send(&sip::Message::Request(ack));
    let bye = caller.in_dialog(&mut dialog, Method::Bye);
    caller.send(&sip::Message::Request(bye));
    assert!(caller.final_response(&dialog.call_id, &Method::Bye, Duration::from_secs(5)).is_some());
    assert!(carrier::succeeded(trunk), "the carrier got 911 as dialled with the customer's caller ID");

    drop(shop);
    let cdrs = carrier::shop_cdrs(&dir.path().join("data"));
    let emergency = cdrs.iter().find(|c| c.callee == "911").expect("a CDR for the 911 call");
    assert_eq!((emergency.direction, emergency.disposition), (CallDirection::Outbound, Disposition::Answered));
    assert_eq!((emergency.trunk.as_deref(), emergency.did.as_deref()), (Some("carrier"), Some(CALLER_ID)));
    let refused = cdrs.iter().find(|c| c.callee == "2125551234").expect("a CDR for the refused call");
    assert_eq!((refused.sip_status, refused.disposition), (503, Disposition::Failed));
}
