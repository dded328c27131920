//! Over TCP and TLS nothing is retransmitted (Timers A, E, G are not set)
//! and Timers D, I, J, K are zero, so completed transactions end at once
//! (§17.1.1.2, §17.1.2.2, §17.2.1, §17.2.2).

mod transaction_support;

use sip::Method;
use sip::transaction::{Event, TransportKind};
use transaction_support::*;

#[test]
fn client_requests_are_sent_once() {
    for transport in [TransportKind::Tcp, TransportKind::Tls] {
        let mut d = Driver::new();
        d.layer.send_request(d.now, invite("z9hG4bKq1"), peer(transport)).unwrap();
        d.layer.send_request(d.now, request(Method::Options, "z9hG4bKq2"), peer(transport)).unwrap();
        d.drain();
        d.advance(ms(40_000));
        assert_eq!(times_ms(&d.take_sent()), [0, 0], "{transport:?}");
        assert!(d.layer.is_empty(), "B and F still fire");
    }
}

#[test]
fn a_non_invite_client_ends_on_its_final_response() {
    let mut d = Driver::new();
    let options = request(Method::Options, "z9hG4bKq3");
    d.layer.send_request(d.now, options.clone(), tcp()).unwrap();
    d.recv_response(response(&options, 200), tcp());
    assert!(d.layer.is_empty(), "K is zero");
    assert!(matches!(d.take_events().as_slice(), [Event::Response { .. }, Event::Terminated { .. }]));
}

#[test]
fn an_invite_client_acks_a_rejection_and_ends() {
    let mut d = Driver::new();
    let inv = invite("z9hG4bKq4");
    d.layer.send_request(d.now, inv.clone(), tcp()).unwrap();
    d.recv_response(response(&inv, 486), tcp());
    assert_eq!(methods(&d.take_sent()), [Method::Invite, Method::Ack]);
    assert!(d.layer.is_empty(), "D is zero");
}

#[test]
fn a_non_invite_server_ends_on_its_final_response() {
    let mut d = Driver::new();
    let options = request(Method::Options, "z9hG4bKq5");
    d.recv_request(options.clone(), tcp());
    let Some(Event::Request { key, .. }) = d.take_events().pop() else { panic!() };
    d.layer.respond(d.now, &key, response(&options, 200)).unwrap();
    assert!(d.layer.is_empty(), "J is zero");
}

#[test]
fn an_invite_server_sends_its_rejection_once_and_ends_on_the_ack() {
    let mut d = Driver::new();
    let inv = invite("z9hG4bKq6");
    d.recv_request(inv.clone(), tcp());
    let Some(Event::Request { key, .. }) = d.take_events().pop() else { panic!() };
    d.layer.respond(d.now, &key, response(&inv, 486)).unwrap();
    d.drain();
    d.advance(ms(10_000));
    assert_eq!(statuses(&d.take_sent()), [486]);
    d.recv_request(request(Method::Ack, "z9hG4bKq6"), tcp());
    assert!(d.layer.is_empty(), "I is zero");
}
