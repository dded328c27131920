//! A non-INVITE server transaction absorbs request retransmissions and
//! re-sends its last response (§17.2.2); Timer J ends it.

mod transaction_support;

use sip::Method;
use sip::transaction::Event;
use transaction_support::*;

#[test]
fn retransmissions_are_absorbed_and_answered_with_the_last_response() {
    let mut d = Driver::new();
    let register = request(Method::Register, "z9hG4bKs1");
    d.recv_request(register.clone(), udp());
    let events = d.take_events();
    let [Event::Request { key, .. }] = events.as_slice() else { panic!("{events:?}") };

    d.recv_request(register.clone(), udp());
    assert!(d.take_events().is_empty(), "a retransmission is not a new request");
    assert!(d.take_sent().is_empty(), "nothing to re-send in Trying");

    d.layer.respond(d.now, key, response(&register, 100)).unwrap();
    d.drain();
    d.recv_request(register.clone(), udp());
    assert_eq!(statuses(&d.take_sent()), [100, 100]);

    d.layer.respond(d.now, key, response(&register, 200)).unwrap();
    d.drain();
    d.recv_request(register.clone(), udp());
    d.recv_request(register, udp());
    assert_eq!(statuses(&d.take_sent()), [200, 200, 200]);
    assert!(d.take_events().is_empty());
}

#[test]
fn timer_j_ends_the_transaction_and_a_late_copy_is_new() {
    let mut d = Driver::new();
    let options = request(Method::Options, "z9hG4bKs2");
    d.recv_request(options.clone(), udp());
    let Some(Event::Request { key, .. }) = d.take_events().pop() else { panic!() };
    d.layer.respond(d.now, &key, response(&options, 200)).unwrap();
    d.drain();
    d.advance(ms(31_999));
    assert_eq!(d.layer.len(), 1);
    d.advance(ms(1));
    assert!(d.layer.is_empty());
    d.take_events();
    d.recv_request(options, udp());
    assert!(matches!(d.take_events().as_slice(), [Event::Request { .. }]));
}

#[test]
fn responses_go_back_where_the_request_came_from() {
    let mut d = Driver::new();
    let options = request(Method::Options, "z9hG4bKs3");
    let from = sip::transaction::Peer { addr: "198.51.100.7:40123".parse().unwrap(), ..udp() };
    d.recv_request(options.clone(), from);
    let Some(Event::Request { key, from: seen, .. }) = d.take_events().pop() else { panic!() };
    assert_eq!(seen, from);
    d.layer.respond(d.now, &key, response(&options, 200)).unwrap();
    d.drain();
    assert_eq!(d.take_sent()[0].1.to, from);
}
