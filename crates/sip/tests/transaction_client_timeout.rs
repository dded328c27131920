//! With no response at all, Timer B (INVITE) or F (non-INVITE) fires at
//! 64·T1 and the TU is told (§17.1.1.2, §17.1.2.2).

mod transaction_support;

use sip::Method;
use sip::transaction::{Event, TransactionKey};
use transaction_support::*;

fn times_out(method: Method) {
    let mut d = Driver::new();
    let key = d.layer.send_request(d.now, request(method, "z9hG4bKt1"), udp()).unwrap();
    d.drain();
    d.advance(ms(31_999));
    assert!(d.take_events().is_empty());
    assert_eq!(d.layer.len(), 1);
    d.advance(ms(1));
    let key = TransactionKey::Client(key);
    assert_eq!(d.take_events(), [Event::Timeout { key: key.clone() }, Event::Terminated { key }]);
    assert!(d.layer.is_empty());
    assert_eq!(d.layer.poll_timeout(), None);
}

#[test]
fn timer_b_times_out_an_invite() {
    times_out(Method::Invite);
}

#[test]
fn timer_f_times_out_a_non_invite() {
    times_out(Method::Options);
}

#[test]
fn t1_scales_the_timeout() {
    let config = sip::transaction::Config { t1: ms(100), ..Default::default() };
    let mut d = Driver::with(config);
    d.layer.send_request(d.now, invite("z9hG4bKt2"), udp()).unwrap();
    d.drain();
    d.advance(ms(6_399));
    assert_eq!(d.layer.len(), 1);
    d.advance(ms(1));
    assert!(d.layer.is_empty());
}
