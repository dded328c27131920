//! An INVITE server transaction retransmits a non-2xx final on Timer G
//! (T1 doubling to T2) until the ACK, which is absorbed and not passed up;
//! Timer I then ends it (§17.2.1).

mod transaction_support;

use sip::Method;
use sip::transaction::Event;
use transaction_support::*;

fn rejected(d: &mut Driver) -> sip::Request {
    let inv = invite("z9hG4bKg1");
    d.recv_request(inv.clone(), udp());
    let Some(Event::Request { key, .. }) = d.take_events().pop() else { panic!() };
    d.layer.respond(d.now, &key, response(&inv, 486)).unwrap();
    d.drain();
    inv
}

#[test]
fn the_final_is_retransmitted_on_timer_g() {
    let mut d = Driver::new();
    rejected(&mut d);
    d.advance(ms(20_000));
    let sent = d.take_sent();
    assert!(statuses(&sent).iter().all(|s| *s == 486));
    assert_eq!(times_ms(&sent), [0, 500, 1500, 3500, 7500, 11_500, 15_500, 19_500]);
}

#[test]
fn the_ack_is_absorbed_and_stops_retransmission() {
    let mut d = Driver::new();
    let inv = rejected(&mut d);
    d.advance(ms(600));
    let mut ack = request(Method::Ack, "z9hG4bKg1");
    ack.headers.set(sip::HeaderName::To, "Bob <sip:bob@biloxi.example.com>;tag=a6c85cf");
    d.recv_request(ack.clone(), udp());
    d.recv_request(ack, udp());
    assert!(d.take_events().is_empty(), "the ACK for a non-2xx is not passed up");
    d.recv_request(inv, udp());
    d.advance(ms(4_999 - 600));
    assert_eq!(times_ms(&d.take_sent()), [0, 500], "no retransmission after the ACK");
    assert_eq!(d.layer.len(), 1, "Confirmed for T4");
    d.advance(ms(700));
    assert!(d.layer.is_empty(), "Timer I fired");
}

#[test]
fn an_invite_retransmission_in_completed_gets_the_final_again() {
    let mut d = Driver::new();
    let inv = rejected(&mut d);
    d.take_sent();
    d.recv_request(inv, udp());
    assert_eq!(statuses(&d.take_sent()), [486]);
    assert!(d.take_events().is_empty());
}
