//! Without an ACK, Timer H (64·T1) ends an INVITE server transaction that
//! sent a non-2xx final, and the TU is told (§17.2.1).

mod transaction_support;

use sip::transaction::{Event, TransactionKey};
use transaction_support::*;

#[test]
fn timer_h_fires_after_64_t1_without_an_ack() {
    let mut d = Driver::new();
    let inv = invite("z9hG4bKh1");
    d.recv_request(inv.clone(), udp());
    let Some(Event::Request { key, .. }) = d.take_events().pop() else { panic!() };
    d.layer.respond(d.now, &key, response(&inv, 603)).unwrap();
    d.drain();
    d.advance(ms(31_999));
    assert_eq!(d.layer.len(), 1);
    assert!(d.take_events().is_empty());
    d.advance(ms(1));
    let key = TransactionKey::Server(key);
    assert_eq!(d.take_events(), [Event::Timeout { key: key.clone() }, Event::Terminated { key }]);
    assert!(d.layer.is_empty());
    // 0 and then G at 0.5, 1.5, 3.5, 7.5, then every 4 s up to 31.5 s.
    let sent = d.take_sent();
    assert_eq!(times_ms(&sent).last(), Some(&31_500));
    assert_eq!(sent.len(), 11);
}
