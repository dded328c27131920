//! A burst of calls beyond the customer's calls per second: those beyond
//! the rate get 503 with Retry-After, the rest ring (and are cancelled),
//! and each refused attempt leaves a CDR with 503.

mod common;

use std::time::{Duration, Instant};

use common::carrier;
use common::phone::{Phone, sdp};
use common::shop::Shop;
use sip::{HeaderName, Method};

const RATE: usize = 3;
const BURST: usize = 10;

#[test]
fn a_burst_beyond_the_call_rate_gets_503() {
    let dir = tempfile::tempdir().unwrap();
    let limits = format!("calls_per_second = {RATE}");
    let shop = Shop::serve(dir.path(), &carrier::config(carrier::free_udp_port(), &limits));
    let mut callee = Phone::new(shop.addr, "102", "shop.example", "shop-secret-102");
    assert_eq!(callee.register(), 200);
    let mut caller = Phone::new(shop.addr, "100", "shop.example", "shop-secret-100");

    let started = Instant::now();
    let calls: Vec<(String, sip::Request)> =
        (0..BURST).map(|i| caller.invite_authenticated("102", "shop.example", &sdp(44000 + i as u16 * 2))).collect();
    let burst_took = started.elapsed();
    let mut refused = 0;
    for (call_id, invite) in &calls {
        let response = match caller.final_response(call_id, &Method::Invite, Duration::from_millis(300)) {
            Some(response) => response,
            None => {
                // Still ringing, or refused later than the wait on a loaded
                // machine: after the CANCEL the INVITE's final answer says which.
                caller.send(&sip::Message::Request(caller.cancel_for(invite)));
                caller.final_response(call_id, &Method::Invite, Duration::from_secs(5)).expect("a final answer")
            }
        };
        match response.status {
            503 => {
                assert_eq!(response.headers.get(&HeaderName::RetryAfter), Some("1"));
                refused += 1;
            }
            status => assert_eq!(status, 487, "a call within the rate rings until cancelled"),
        }
    }
    let windows = 1 + burst_took.as_secs() as usize + 1;
    assert!(refused >= BURST - RATE * windows, "{refused} of {BURST} refused in {burst_took:?}");
    assert!(refused < BURST, "calls within the rate ring");

    drop(shop);
    let cdrs = carrier::shop_cdrs(&dir.path().join("data"));
    assert_eq!(cdrs.iter().filter(|c| c.sip_status == 503).count(), refused, "a CDR per refused attempt");
    assert_eq!(cdrs.iter().filter(|c| c.sip_status == 487).count(), BURST - refused, "and per cancelled call");
}
