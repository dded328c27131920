//! Personal data never reaches the logs (ARCHITECTURE.md "Logs", `model::Pii`):
//! the demo, logging everything (`CALLVAULT_LOG=trace`), serves two phones
//! that register and call each other; the captured log holds none of their
//! numbers, SIP URIs or addresses, while it does hold the trace of the
//! registrar's database writes and the shutdown (so the search looked at a
//! real, complete log).

mod common;

use std::time::Duration;

use common::Demo;
use common::phone::{Phone, sdp};
use sip::{Message, Method};

const DOMAIN: &str = "demo.callvault.test";
const WAIT: Duration = Duration::from_secs(5);

#[test]
fn a_register_and_a_call_leave_no_number_or_address_in_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("callvault.log");
    let mut demo = Demo::start_logging(&dir.path().join("data"), "trace", &log);
    let mut alice = Phone::new(demo.addr("udp"), "1001", DOMAIN, &demo.password("1001"));
    let mut bob = Phone::new(demo.addr("udp"), "1002", DOMAIN, &demo.password("1002"));
    assert_eq!((alice.register(), bob.register()), (200, 200));
    call_and_hang_up(&mut alice, &mut bob);
    assert!(demo.stop(), "the demo exits cleanly");

    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("INSERT INTO registrations"), "control: the log traces the REGISTER's writes:\n{text}");
    assert!(text.contains("shutting down"), "control: the log runs to the end:\n{text}");
    let personal = [
        "sip:1001".to_owned(),
        "sip:1002".to_owned(),
        "1001@".to_owned(),
        "1002@".to_owned(),
        alice.local.to_string(),
        bob.local.to_string(),
        format!("{}:{}", alice.local.ip(), alice.local.port()),
    ];
    for value in &personal {
        assert!(!text.contains(value.as_str()), "{value:?} is in the log:\n{text}");
    }
}

/// Alice calls Bob, Bob answers, Alice hangs up.
fn call_and_hang_up(alice: &mut Phone, bob: &mut Phone) {
    let mut caller = std::thread::scope(|scope| {
        let calling = scope.spawn(|| alice.call("1002", DOMAIN, &[], &sdp(40000)));
        let invite = bob.request_of(&Method::Invite, WAIT).expect("leg B's INVITE");
        bob.respond(&invite, 200, "bobtag", Some(&sdp(40002)));
        let (caller, response) = calling.join().unwrap();
        assert_eq!(response.status, 200, "the call is answered");
        caller
    });
    let ack = alice.in_dialog(&mut caller, Method::Ack);
    alice.send(&Message::Request(ack));
    let bye = alice.in_dialog(&mut caller, Method::Bye);
    alice.send(&Message::Request(bye));
    let relayed = bob.request_of(&Method::Bye, WAIT).expect("the BYE reaches Bob");
    bob.respond(&relayed, 200, "bobtag", None);
    assert_eq!(alice.final_response(&caller.call_id, &Method::Bye, WAIT).map(|r| r.status), Some(200));
}
