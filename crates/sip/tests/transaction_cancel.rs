//! CANCEL shares the INVITE's branch but is its own transaction (§9,
//! §17.2.3); a CANCEL for no INVITE is answered 481 by the layer (§9.2).

mod transaction_support;

use sip::transaction::{Event, cancel_for};
use sip::{HeaderName, Method};
use transaction_support::*;

#[test]
fn a_cancel_is_its_own_transaction_pointing_at_the_invite() {
    let mut d = Driver::new();
    let inv = invite("z9hG4bKc1");
    d.recv_request(inv.clone(), udp());
    let Some(Event::Request { key: invite_key, .. }) = d.take_events().pop() else { panic!() };

    d.recv_request(cancel_for(&inv), udp());
    let Some(Event::Request { key: cancel_key, request, .. }) = d.take_events().pop() else { panic!() };
    assert_eq!(request.method, Method::Cancel);
    assert_eq!(cancel_key.method(), &Method::Cancel);
    assert_eq!(cancel_key.cancelled_invite(), invite_key);
    assert_eq!(d.layer.len(), 2);

    d.layer.respond(d.now, &cancel_key, response(&request, 200)).unwrap();
    d.layer.respond(d.now, &invite_key, response(&inv, 487)).unwrap();
    d.drain();
    assert_eq!(statuses(&d.take_sent()), [200, 487]);
}

#[test]
fn a_cancel_for_no_invite_gets_481_without_the_tu() {
    let mut d = Driver::new();
    let cancel = cancel_for(&invite("z9hG4bKc2"));
    d.recv_request(cancel.clone(), udp());
    assert!(d.take_events().is_empty());
    assert_eq!(statuses(&d.take_sent()), [481]);
    d.recv_request(cancel, udp());
    assert_eq!(statuses(&d.take_sent()), [481], "the retransmission gets the same answer");
}

#[test]
fn cancel_for_copies_what_9_1_requires() {
    let inv = invite("z9hG4bKc3");
    let cancel = cancel_for(&inv);
    assert_eq!(cancel.uri, inv.uri);
    for name in [HeaderName::Via, HeaderName::From, HeaderName::To, HeaderName::CallId] {
        assert_eq!(cancel.headers.get(&name), inv.headers.get(&name), "{name}");
    }
    assert_eq!(cancel.headers.get(&HeaderName::CSeq), Some("314159 CANCEL"));
}

#[test]
fn client_responses_are_matched_by_cseq_method() {
    let mut d = Driver::new();
    let inv = invite("z9hG4bKc4");
    let invite_key = d.layer.send_request(d.now, inv.clone(), udp()).unwrap();
    d.recv_response(response(&inv, 180), udp());
    let cancel = cancel_for(&inv);
    let cancel_key = d.layer.send_request(d.now, cancel.clone(), udp()).unwrap();
    assert_ne!(cancel_key, invite_key);
    d.take_events();
    d.recv_response(response(&cancel, 200), udp());
    d.recv_response(response(&inv, 487), udp());
    let keys: Vec<_> = d
        .take_events()
        .into_iter()
        .filter_map(|e| match e {
            Event::Response { key, response } => Some((key, response.status)),
            _ => None,
        })
        .collect();
    assert_eq!(keys, [(cancel_key, 200), (invite_key, 487)]);
    assert_eq!(methods(&d.take_sent()).last(), Some(&Method::Ack));
}
