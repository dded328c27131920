//! The callee puts the call on hold: its re-INVITE reaches the caller
//! inside leg A's dialog with the SDP pointed at the relay, the caller's
//! answer goes back, and the callee's ACK crosses to the caller (RFC 3261
//! §14, RFC 3264 §8.4).

mod common;

use std::time::Duration;

use common::Demo;
use common::phone::{Phone, sdp};
use sip::{HeaderName, Message, Method};

const DOMAIN: &str = "demo.callvault.test";
const WAIT: Duration = Duration::from_secs(5);

fn registered(demo: &Demo, number: &str) -> Phone {
    let mut phone = Phone::new(demo.addr("udp"), number, DOMAIN, &demo.password(number));
    assert_eq!(phone.register(), 200, "{number} registers");
    phone
}

fn audio_port(body: &[u8]) -> u16 {
    sdp::parse(body, &sdp::Limits::default()).expect("SDP").audio().expect("audio").port
}

#[test]
fn a_hold_from_the_callee_reaches_the_caller() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(&dir.path().join("data"));
    let (mut alice, mut bob) = (registered(&demo, "1001"), registered(&demo, "1002"));
    let (mut caller, mut callee) = std::thread::scope(|scope| {
        let calling = scope.spawn(|| alice.call("1002", DOMAIN, &[], &sdp(40000)));
        let invite = bob.request_of(&Method::Invite, WAIT).expect("leg B's INVITE");
        bob.respond(&invite, 200, "bobtag", Some(&sdp(40002)));
        let (caller, answer) = calling.join().unwrap();
        assert_eq!(answer.status, 200);
        (caller, bob.dialog_as_callee(&invite, "bobtag"))
    });
    alice.send(&Message::Request(alice.in_dialog(&mut caller, Method::Ack)));
    assert!(bob.request_of(&Method::Ack, WAIT).is_some());

    let mut hold = bob.in_dialog(&mut callee, Method::Invite);
    hold.headers.push(HeaderName::ContentType, "application/sdp");
    hold.body = sdp(40002).replace("a=sendrecv", "a=sendonly").into_bytes();
    bob.send(&Message::Request(hold));
    let reinvite = alice.request_of(&Method::Invite, WAIT).expect("the hold reaches the caller");
    assert_eq!(reinvite.headers.call_id().unwrap(), caller.call_id, "inside leg A's dialog");
    assert!(String::from_utf8_lossy(&reinvite.body).contains("a=sendonly"));
    assert!((16384..=17407).contains(&audio_port(&reinvite.body)), "pointed at the relay");
    alice.respond(&reinvite, 200, "unused", Some(&sdp(40000).replace("a=sendrecv", "a=recvonly")));
    let answered = bob.final_response(&callee.call_id, &Method::Invite, WAIT).expect("the callee gets the answer");
    assert_eq!(answered.status, 200);
    assert!((16384..=17407).contains(&audio_port(&answered.body)), "the answer points at the relay too");
    bob.send(&Message::Request(bob.in_dialog(&mut callee, Method::Ack)));
    assert!(alice.request_of(&Method::Ack, WAIT).is_some(), "the ACK crosses to the caller");
}
