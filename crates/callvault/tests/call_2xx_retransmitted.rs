//! Over UDP callvault resends its 2xx to the caller until the ACK arrives
//! (RFC 3261 §13.3.1.4: T1, doubling), and stops once it has.

mod common;

use std::time::Duration;

use common::Demo;
use common::phone::{Phone, sdp};
use sip::{Message, Method};

const DOMAIN: &str = "demo.callvault.test";

fn registered(demo: &Demo, number: &str) -> Phone {
    let mut phone = Phone::new(demo.addr("udp"), number, DOMAIN, &demo.password(number));
    assert_eq!(phone.register(), 200, "{number} registers");
    phone
}

#[test]
fn the_answer_is_resent_until_acked() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(&dir.path().join("data"));
    let (mut alice, mut bob) = (registered(&demo, "1001"), registered(&demo, "1002"));
    let mut caller = std::thread::scope(|scope| {
        let calling = scope.spawn(|| alice.call("1002", DOMAIN, &[], &sdp(40000)));
        let invite = bob.request_of(&Method::Invite, Duration::from_secs(5)).expect("leg B's INVITE");
        bob.respond(&invite, 200, "bobtag", Some(&sdp(40002)));
        let (caller, answer) = calling.join().unwrap();
        assert_eq!(answer.status, 200);
        caller
    });
    let again = alice.final_response(&caller.call_id, &Method::Invite, Duration::from_secs(2));
    assert_eq!(again.map(|r| r.status), Some(200), "the 2xx came again without an ACK");
    alice.send(&Message::Request(alice.in_dialog(&mut caller, Method::Ack)));
    std::thread::sleep(Duration::from_millis(100));
    let drained = alice.final_response(&caller.call_id, &Method::Invite, Duration::from_millis(100));
    let later = alice.final_response(&caller.call_id, &Method::Invite, Duration::from_secs(3));
    assert!(later.is_none(), "the 2xx kept coming after the ACK (drained {:?})", drained.map(|r| r.status));
}
