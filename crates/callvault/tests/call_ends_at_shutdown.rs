//! Stopping callvault (SIGTERM) hangs up the calls in progress — BYE to
//! both legs — and stores their CDRs before the process exits.

mod common;

use std::time::Duration;

use common::Demo;
use common::phone::{Phone, sdp};
use model::{Disposition, HangupSide};
use sip::{Message, Method};

const DOMAIN: &str = "demo.callvault.test";
const WAIT: Duration = Duration::from_secs(5);

fn registered(demo: &Demo, number: &str) -> Phone {
    let mut phone = Phone::new(demo.addr("udp"), number, DOMAIN, &demo.password(number));
    assert_eq!(phone.register(), 200, "{number} registers");
    phone
}

#[test]
fn a_call_in_progress_is_hung_up_and_recorded_at_shutdown() {
    let dir = tempfile::tempdir().unwrap();
    let mut demo = Demo::start(&dir.path().join("data"));
    let (mut alice, mut bob) = (registered(&demo, "1001"), registered(&demo, "1002"));
    let mut caller = std::thread::scope(|scope| {
        let calling = scope.spawn(|| alice.call("1002", DOMAIN, &[], &sdp(40000)));
        let invite = bob.request_of(&Method::Invite, WAIT).expect("leg B's INVITE");
        bob.respond(&invite, 200, "bobtag", Some(&sdp(40002)));
        let (caller, answer) = calling.join().unwrap();
        assert_eq!(answer.status, 200);
        caller
    });
    alice.send(&Message::Request(alice.in_dialog(&mut caller, Method::Ack)));
    assert!(bob.request_of(&Method::Ack, WAIT).is_some());
    let cdrs = std::thread::scope(|scope| {
        let stopping = scope.spawn(|| common::cdrs::of_stopped_demo(&mut demo));
        assert!(alice.request_of(&Method::Bye, WAIT).is_some(), "the caller's leg is hung up");
        assert!(bob.request_of(&Method::Bye, WAIT).is_some(), "the callee's leg is hung up");
        stopping.join().unwrap()
    });
    let summary: Vec<_> = cdrs.iter().map(|c| (c.disposition, c.hangup, c.answer_ms.is_some())).collect();
    assert_eq!(summary, [(Disposition::Answered, HangupSide::System, true)]);
}
