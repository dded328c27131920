//! The INVITE server transaction sends 100 Trying itself if the TU has not
//! answered within 200 ms (§17.2.1).

mod transaction_support;

use sip::HeaderName;
use sip::transaction::Event;
use transaction_support::*;

#[test]
fn a_slow_tu_gets_a_100_sent_for_it_at_200_ms() {
    let mut d = Driver::new();
    d.recv_request(invite("z9hG4bKy1"), udp());
    d.advance(ms(199));
    assert!(d.take_sent().is_empty());
    d.advance(ms(1));
    let sent = d.take_sent();
    assert_eq!(statuses(&sent), [100]);
    let sip::Message::Response(trying) = &sent[0].1.message else { panic!() };
    assert_eq!(trying.headers.get(&HeaderName::To), Some("Bob <sip:bob@biloxi.example.com>"), "no tag on 100");
    assert_eq!(trying.headers.get(&HeaderName::CSeq), Some("314159 INVITE"));
}

#[test]
fn a_prompt_tu_answer_suppresses_the_100() {
    let mut d = Driver::new();
    let inv = invite("z9hG4bKy2");
    d.recv_request(inv.clone(), udp());
    let Some(Event::Request { key, .. }) = d.take_events().pop() else { panic!() };
    d.advance(ms(50));
    d.layer.respond(d.now, &key, response(&inv, 180)).unwrap();
    d.drain();
    d.advance(ms(1_000));
    assert_eq!(statuses(&d.take_sent()), [180]);
}

#[test]
fn a_retransmitted_invite_gets_the_100_at_once() {
    let mut d = Driver::new();
    let inv = invite("z9hG4bKy3");
    d.recv_request(inv.clone(), udp());
    d.advance(ms(100));
    d.recv_request(inv, udp());
    d.advance(ms(1_000));
    assert_eq!(times_ms(&d.take_sent()), [100]);
}
