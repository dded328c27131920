//! Two extensions of one customer call each other through callvault, a
//! B2BUA: leg B gets its own INVITE (Max-Forwards one lower), ringing and
//! the answer come back to the caller, the ACK is relayed end to end, and a
//! BYE from either side ends both legs.

mod common;

use std::time::Duration;

use common::Demo;
use common::phone::{Dialog, Phone, sdp};
use sip::{HeaderName, Message, Method};

const DOMAIN: &str = "demo.callvault.test";
const WAIT: Duration = Duration::from_secs(5);

fn registered(demo: &Demo, number: &str) -> Phone {
    let mut phone = Phone::new(demo.addr("udp"), number, DOMAIN, &demo.password(number));
    assert_eq!(phone.register(), 200, "{number} registers");
    phone
}

/// Places an answered call from `alice` to `bob`; returns (caller's, callee's) dialogs.
fn answered_call(alice: &mut Phone, bob: &mut Phone) -> (Dialog, Dialog) {
    let (mut caller, callee) = std::thread::scope(|scope| {
        let calling = scope.spawn(|| alice.call("1002", DOMAIN, &[], &sdp(40000)));
        let invite = bob.request_of(&Method::Invite, WAIT).expect("leg B's INVITE");
        assert_eq!(invite.headers.max_forwards().unwrap(), Some(69), "Max-Forwards decremented");
        assert_eq!(invite.headers.from().unwrap().uri.user.as_deref(), Some("1001"));
        assert!(invite.headers.get(&HeaderName::ProxyAuthorization).is_none(), "credentials stay on leg A");
        bob.respond(&invite, 180, "bobtag", None);
        bob.respond(&invite, 200, "bobtag", Some(&sdp(40002)));
        let callee = bob.dialog_as_callee(&invite, "bobtag");
        let (caller, response) = calling.join().unwrap();
        assert_eq!(response.status, 200, "the caller gets the answer");
        assert!(!response.body.is_empty(), "the answer carries SDP");
        (caller, callee)
    });
    let ack = alice.in_dialog(&mut caller, Method::Ack);
    alice.send(&Message::Request(ack));
    assert!(bob.request_of(&Method::Ack, WAIT).is_some(), "the ACK is relayed to leg B");
    (caller, callee)
}

/// `from` hangs up; the other phone gets the BYE and answers it.
fn hang_up(from: &mut Phone, dialog: &mut Dialog, other: &mut Phone) {
    let bye = from.in_dialog(dialog, Method::Bye);
    from.send(&Message::Request(bye));
    assert_eq!(from.final_response(&dialog.call_id, &Method::Bye, WAIT).map(|r| r.status), Some(200));
    let relayed = other.request_of(&Method::Bye, WAIT).expect("the BYE reaches the other leg");
    other.respond(&relayed, 200, "x", None);
}

#[test]
fn a_call_is_answered_and_the_caller_hangs_up() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(&dir.path().join("data"));
    let (mut alice, mut bob) = (registered(&demo, "1001"), registered(&demo, "1002"));
    let (mut caller, _) = answered_call(&mut alice, &mut bob);
    hang_up(&mut alice, &mut caller, &mut bob);
}

#[test]
fn a_call_is_answered_and_the_callee_hangs_up() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(&dir.path().join("data"));
    let (mut alice, mut bob) = (registered(&demo, "1001"), registered(&demo, "1002"));
    let (_, mut callee) = answered_call(&mut alice, &mut bob);
    hang_up(&mut bob, &mut callee, &mut alice);
}
