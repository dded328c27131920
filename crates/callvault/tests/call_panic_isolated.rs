//! A call task that panics ends that call only (ARCHITECTURE.md principle
//! 2): both of its legs get BYE from the supervisor, its relay ports go
//! back at once, its CDR says `failed` and keeps the time the call was
//! answered,
//! while the calls beside it carry on and end normally, and new calls still
//! go through.
//!
//! The panic is injected with the `X-Callvault-Fault: panic` header, which
//! only test builds (the `fault-injection` feature of `pbx`) honour.

mod common;

use std::time::Duration;

use common::Demo;
use common::phone::{Dialog, Phone, sdp};
use model::{Disposition, HangupSide};
use sip::{Message, Method};

const DOMAIN: &str = "demo.callvault.test";
const WAIT: Duration = Duration::from_secs(5);

fn registered(demo: &Demo, number: &str) -> Phone {
    let mut phone = Phone::new(demo.addr("udp"), number, DOMAIN, &demo.password(number));
    assert_eq!(phone.register(), 200, "{number} registers");
    phone
}

/// An answered, ACKed call; returns the caller's dialog and leg B's Call-ID.
fn call(alice: &mut Phone, bob: &mut Phone, extra: &[(&str, &str)]) -> (Dialog, Dialog) {
    let (mut caller, callee) = std::thread::scope(|scope| {
        let calling = scope.spawn(|| alice.call("1002", DOMAIN, extra, &sdp(40000)));
        let invite = bob.request_of(&Method::Invite, WAIT).expect("leg B's INVITE");
        bob.respond(&invite, 200, "bobtag", Some(&sdp(40002)));
        let callee = bob.dialog_as_callee(&invite, "bobtag");
        let (caller, response) = calling.join().unwrap();
        assert_eq!(response.status, 200);
        (caller, callee)
    });
    let ack = alice.in_dialog(&mut caller, Method::Ack);
    alice.send(&Message::Request(ack));
    (caller, callee)
}

/// The BYE `phone` receives for `call_id`, answered 200.
fn bye_for(phone: &mut Phone, call_id: &str) -> bool {
    let found = phone.wait(WAIT, |m| {
        matches!(m, Message::Request(r) if r.method == Method::Bye && r.headers.call_id().is_ok_and(|id| id == call_id))
    });
    let Some(Message::Request(bye)) = found else { return false };
    phone.respond(&bye, 200, "x", None);
    true
}

fn hang_up(alice: &mut Phone, bob: &mut Phone, caller: &mut Dialog, callee: &Dialog) {
    let bye = alice.in_dialog(caller, Method::Bye);
    alice.send(&Message::Request(bye));
    let answer = alice.final_response(&caller.call_id, &Method::Bye, WAIT).map(|r| r.status);
    assert_eq!(answer, Some(200), "a surviving call hangs up normally");
    assert!(bye_for(bob, &callee.call_id), "and its leg B gets the BYE");
}

#[test]
fn a_panicking_call_ends_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut demo = Demo::start(&dir.path().join("data"));
    let (mut alice, mut bob) = (registered(&demo, "1001"), registered(&demo, "1002"));
    let (mut first, first_b) = call(&mut alice, &mut bob, &[]);
    let (mut second, second_b) = call(&mut alice, &mut bob, &[]);
    let (doomed, doomed_b) = call(&mut alice, &mut bob, &[("X-Callvault-Fault", "panic")]);
    assert!(bye_for(&mut alice, &doomed.call_id), "the caller's leg of the failed call gets BYE");
    assert!(bye_for(&mut bob, &doomed_b.call_id), "the callee's leg of the failed call gets BYE");
    let live = 2 * PORTS_PER_CALL;
    assert!(rtp_ports_settle_at(&demo, live), "only the two live calls hold relay ports");
    hang_up(&mut alice, &mut bob, &mut second, &second_b);
    hang_up(&mut alice, &mut bob, &mut first, &first_b);
    let (mut later, later_b) = call(&mut alice, &mut bob, &[]);
    hang_up(&mut alice, &mut bob, &mut later, &later_b);
    assert!(rtp_ports_settle_at(&demo, 0), "every relay port is back");
    assert!(demo_is_alive(&demo));
    let cdrs = common::cdrs::of_stopped_demo(&mut demo);
    let failed: Vec<_> = cdrs.iter().filter(|c| c.disposition == Disposition::Failed).collect();
    assert_eq!(failed.len(), 1, "only the panicked call failed: {cdrs:?}");
    assert_eq!(failed[0].hangup, HangupSide::System);
    let answered_at = failed[0].answer_ms.expect("a call that failed after its answer keeps its answer time");
    assert!(failed[0].start_ms <= answered_at && answered_at <= failed[0].end_ms, "{:?}", failed[0]);
    assert_eq!(failed[0].sip_status, 200, "the INVITE had been answered 200");
    let answered = cdrs.iter().filter(|c| c.disposition == Disposition::Answered && c.hangup == HangupSide::Caller);
    assert_eq!(answered.count(), 3, "the other three calls ended normally: {cdrs:?}");
}

/// RTP and RTCP on each leg.
const PORTS_PER_CALL: usize = 4;

/// Whether the relay ports the demo holds come to `count` within 5 s.
fn rtp_ports_settle_at(demo: &Demo, count: usize) -> bool {
    (0..100).any(|_| {
        std::thread::sleep(Duration::from_millis(50));
        common::sockets::rtp_ports_held(demo.pid()) == count
    })
}

fn demo_is_alive(demo: &Demo) -> bool {
    std::path::Path::new(&format!("/proc/{}", demo.pid())).exists()
}
