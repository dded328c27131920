//! With every relay port pair of the configured range in use, a new call
//! gets 503 (never a port outside the range), and once a call ends its
//! ports serve the next call.

mod common;

use std::time::Duration;

use common::phone::{Dialog, Phone, sdp};
use common::shop::Shop;
use sip::{Message, Method};

const WAIT: Duration = Duration::from_secs(5);

fn phone(shop: &Shop, number: &str) -> Phone {
    let mut phone = Phone::new(shop.addr, number, "shop.example", &format!("shop-secret-{number}"));
    assert_eq!(phone.register(), 200, "{number} registers");
    phone
}

/// Calls 101 from `caller`; `callee` answers if it rings. Returns the status and dialog.
fn call(caller: &mut Phone, callee: &mut Phone) -> (u16, Dialog) {
    std::thread::scope(|scope| {
        let calling = scope.spawn(|| caller.call("101", "shop.example", &[], &sdp(40000)));
        if let Some(invite) = callee.request_of(&Method::Invite, Duration::from_secs(2)) {
            callee.respond(&invite, 200, &common::ua::random_hex(), Some(&sdp(40002)));
        }
        let (dialog, response) = calling.join().unwrap();
        (response.status, dialog)
    })
}

#[test]
fn a_call_beyond_the_port_range_gets_503() {
    let dir = tempfile::tempdir().unwrap();
    // Two even/odd pairs: one call's worth (a pair per leg).
    let shop = Shop::serve(dir.path(), "[rtp]\nport_min = 30700\nport_max = 30703\n");
    let (mut caller, mut other, mut callee) = (phone(&shop, "100"), phone(&shop, "102"), phone(&shop, "101"));
    let (status, mut first) = call(&mut caller, &mut callee);
    assert_eq!(status, 200, "the first call gets the range's two pairs");
    caller.send(&Message::Request(caller.in_dialog(&mut first, Method::Ack)));
    assert_eq!(call(&mut other, &mut callee).0, 503, "no pair left for a second call");
    caller.send(&Message::Request(caller.in_dialog(&mut first, Method::Bye)));
    assert_eq!(caller.final_response(&first.call_id, &Method::Bye, WAIT).map(|r| r.status), Some(200));
    let bye = callee.request_of(&Method::Bye, WAIT).expect("leg B hung up");
    callee.respond(&bye, 200, "x", None);
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(call(&mut other, &mut callee).0, 200, "the released ports serve the next call");
}
