//! RFC 6026 Accepted state: after a 2xx the INVITE server transaction
//! absorbs INVITE retransmissions, passes ACKs up and ends on Timer L; the
//! INVITE client passes every 2xx up until Timer M (RFC 6026 §7, §8.4, §8.7).

mod transaction_support;

use sip::Method;
use sip::transaction::Event;
use transaction_support::*;

#[test]
fn the_server_absorbs_invite_copies_and_passes_the_ack_up() {
    let mut d = Driver::new();
    let inv = invite("z9hG4bKo1");
    d.recv_request(inv.clone(), udp());
    let Some(Event::Request { key, .. }) = d.take_events().pop() else { panic!() };
    d.layer.respond(d.now, &key, response(&inv, 200)).unwrap();
    d.layer.respond(d.now, &key, response(&inv, 200)).unwrap(); // the TU's 2xx retransmission
    d.drain();
    d.recv_request(inv, udp());
    assert_eq!(statuses(&d.take_sent()), [200, 200], "INVITE copy absorbed");
    assert!(d.take_events().is_empty());
    d.recv_request(request(Method::Ack, "z9hG4bKo1"), udp());
    assert!(matches!(d.take_events().as_slice(), [Event::Ack { .. }]));
    d.advance(ms(32_000));
    assert!(d.layer.is_empty(), "Timer L");
}

#[test]
fn a_2xx_ack_with_a_new_branch_reaches_the_tu_outside_any_transaction() {
    let mut d = Driver::new();
    d.recv_request(request(Method::Ack, "z9hG4bKnew"), udp());
    assert!(matches!(d.take_events().as_slice(), [Event::Ack { .. }]));
    assert!(d.layer.is_empty());
    assert!(d.take_sent().is_empty(), "an ACK is never answered");
}

#[test]
fn the_client_passes_every_2xx_up_until_timer_m_then_they_are_stray() {
    let mut d = Driver::new();
    let inv = invite("z9hG4bKo2");
    d.layer.send_request(d.now, inv.clone(), udp()).unwrap();
    d.recv_response(response(&inv, 200), udp());
    d.recv_response(response(&inv, 200), udp());
    let responses = d.take_events().into_iter().filter(|e| matches!(e, Event::Response { .. })).count();
    assert_eq!(responses, 2);
    assert_eq!(methods(&d.take_sent()), [Method::Invite], "the layer never ACKs a 2xx");
    d.advance(ms(32_000));
    assert!(d.layer.is_empty());
    d.take_events();
    d.recv_response(response(&inv, 200), udp());
    assert!(matches!(d.take_events().as_slice(), [Event::StrayResponse { .. }]));
    let ack = request(Method::Ack, "z9hG4bKo2");
    d.layer.send_ack(ack, udp()).unwrap();
    d.drain();
    assert_eq!(methods(&d.take_sent()), [Method::Ack]);
}

#[test]
fn the_ack_for_a_rejection_follows_17_1_1_3() {
    let mut d = Driver::new();
    let inv = invite("z9hG4bKo3");
    d.layer.send_request(d.now, inv.clone(), udp()).unwrap();
    let rejection = response(&inv, 404);
    d.recv_response(rejection.clone(), udp());
    let sent = d.take_sent();
    let sip::Message::Request(ack) = &sent[1].1.message else { panic!() };
    use sip::HeaderName::*;
    assert_eq!(ack.method, Method::Ack);
    assert_eq!(ack.uri, inv.uri);
    assert_eq!(ack.headers.get_all(&Via).collect::<Vec<_>>(), [inv.headers.get(&Via).unwrap()]);
    assert_eq!(ack.headers.get(&To), rejection.headers.get(&To), "To carries the response's tag");
    assert_eq!(ack.headers.get(&CSeq), Some("314159 ACK"));
    assert_eq!(ack.headers.get(&CallId), inv.headers.get(&CallId));
    d.recv_response(rejection, udp());
    assert_eq!(methods(&d.take_sent()), [Method::Ack], "a retransmitted final is ACKed again");
    assert_eq!(d.take_events().iter().filter(|e| matches!(e, Event::Response { .. })).count(), 1);
}
