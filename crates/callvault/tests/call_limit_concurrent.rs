//! The customer's concurrent-call limit: with two calls ringing, a third
//! gets 503 with Retry-After; once one ends, a new call rings again.

mod common;

use std::time::Duration;

use common::carrier;
use common::phone::{Phone, sdp};
use common::shop::Shop;
use sip::{HeaderName, Message, Method};

#[test]
fn calls_beyond_the_concurrent_limit_get_503() {
    let dir = tempfile::tempdir().unwrap();
    let shop = Shop::serve(dir.path(), &carrier::config(carrier::free_udp_port(), "max_concurrent_calls = 2"));
    let mut callee = Phone::new(shop.addr, "102", "shop.example", "shop-secret-102");
    assert_eq!(callee.register(), 200);
    let mut caller = Phone::new(shop.addr, "100", "shop.example", "shop-secret-100");

    let (first, first_invite) = caller.invite_authenticated("102", "shop.example", &sdp(45000));
    let (second, _) = caller.invite_authenticated("102", "shop.example", &sdp(45002));
    let (third, _) = caller.invite_authenticated("102", "shop.example", &sdp(45004));
    let refused = caller.final_response(&third, &Method::Invite, Duration::from_secs(2)).expect("a refusal");
    assert_eq!(refused.status, 503);
    assert_eq!(refused.headers.get(&HeaderName::RetryAfter), Some("5"));
    for ringing in [&first, &second] {
        assert!(caller.final_response(ringing, &Method::Invite, Duration::from_millis(200)).is_none(), "rings");
    }

    caller.send(&Message::Request(caller.cancel_for(&first_invite)));
    let cancelled = caller.final_response(&first, &Method::Invite, Duration::from_secs(5)).expect("487");
    assert_eq!(cancelled.status, 487);
    // The cancelled call's slot is freed when its task ends, a moment after
    // the 487: a new call may still meet 503 briefly, but rings within 3 s.
    let deadline = std::time::Instant::now() + Duration::from_secs(3);
    let mut port = 45006;
    loop {
        let (fourth, _) = caller.invite_authenticated("102", "shop.example", &sdp(port));
        match caller.final_response(&fourth, &Method::Invite, Duration::from_millis(500)) {
            None => break,
            Some(r) if r.status == 503 && std::time::Instant::now() < deadline => port += 2,
            Some(r) => panic!("a call after the cancel should ring, got {}", r.status),
        }
    }
}
