//! Requests match server transactions by branch, sent-by and method, with
//! ACK matching its INVITE (§17.2.3); responses match client transactions by
//! branch and CSeq method (§17.1.3).

mod transaction_support;

use sip::transaction::{ClientKey, Event, ServerKey};
use sip::{HeaderName, Method};
use transaction_support::*;

#[test]
fn ack_keys_to_its_invite_and_cancel_does_not() {
    let inv = ServerKey::for_request(&invite("z9hG4bKm1")).unwrap();
    let ack = ServerKey::for_request(&request(Method::Ack, "z9hG4bKm1")).unwrap();
    let cancel = ServerKey::for_request(&request(Method::Cancel, "z9hG4bKm1")).unwrap();
    assert_eq!(ack, inv);
    assert_ne!(cancel, inv);
    assert_eq!(inv.branch(), "z9hG4bKm1");
    assert_eq!(inv.sent_by(), "pc33.atlanta.example.com");
}

#[test]
fn the_same_branch_from_another_sent_by_is_another_transaction() {
    let mut d = Driver::new();
    let first = request(Method::Options, "z9hG4bKm2");
    let mut second = first.clone();
    second.headers.set(HeaderName::Via, "SIP/2.0/UDP other.example.com;branch=z9hG4bKm2");
    d.recv_request(first, udp());
    d.recv_request(second, udp());
    assert_eq!(d.take_events().len(), 2);
    assert_eq!(d.layer.len(), 2);
}

#[test]
fn a_response_with_another_cseq_method_is_stray() {
    let mut d = Driver::new();
    let inv = invite("z9hG4bKm3");
    d.layer.send_request(d.now, inv.clone(), udp()).unwrap();
    let mut wrong = response(&inv, 200);
    wrong.headers.set(HeaderName::CSeq, "314159 BYE");
    d.recv_response(wrong, udp());
    assert!(matches!(d.take_events().as_slice(), [Event::StrayResponse { .. }]));
}

#[test]
fn responses_without_an_rfc_3261_branch_or_cseq_are_dropped() {
    let mut d = Driver::new();
    let mut old = response(&invite("1234"), 200);
    d.recv_response(old.clone(), udp());
    old.headers.remove(&HeaderName::Via);
    d.recv_response(old, udp());
    let mut no_cseq = response(&invite("z9hG4bKm4"), 200);
    no_cseq.headers.remove(&HeaderName::CSeq);
    d.recv_response(no_cseq, udp());
    assert!(d.take_events().is_empty());
    assert_eq!(ClientKey::for_response(&response(&invite("1234"), 200)), None);
}

#[test]
fn rfc_2543_requests_match_their_retransmissions_and_acks() {
    let mut d = Driver::new();
    let inv = invite("oldbranch");
    d.recv_request(inv.clone(), udp());
    let Some(Event::Request { key, .. }) = d.take_events().pop() else { panic!() };
    d.recv_request(inv.clone(), udp());
    assert!(d.take_events().is_empty());
    d.layer.respond(d.now, &key, response(&inv, 486)).unwrap();
    d.recv_request(request(Method::Ack, "oldbranch"), udp());
    assert!(d.take_events().is_empty(), "the ACK found the INVITE");
    assert_eq!(d.layer.len(), 1);
}

#[test]
fn requests_without_via_or_cseq_are_dropped() {
    let mut d = Driver::new();
    let mut no_via = invite("z9hG4bKm5");
    no_via.headers.remove(&HeaderName::Via);
    d.recv_request(no_via, udp());
    let mut bad_via = invite("z9hG4bKm6");
    bad_via.headers.set(HeaderName::Via, "garbage");
    d.recv_request(bad_via, udp());
    assert!(d.take_events().is_empty() && d.take_sent().is_empty());
    assert!(d.layer.is_empty());
}
