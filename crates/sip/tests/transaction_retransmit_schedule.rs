//! Over UDP, a client retransmits: INVITE on Timer A, doubling from T1 with
//! no cap until Timer B (§17.1.1.2); non-INVITE on Timer E, doubling up to
//! T2, and every T2 once a provisional arrived (§17.1.2.2).

mod transaction_support;

use sip::Method;
use transaction_support::*;

#[test]
fn invite_is_retransmitted_at_t1_doubling_until_timer_b() {
    let mut d = Driver::new();
    d.layer.send_request(d.now, invite("z9hG4bKa1"), udp()).unwrap();
    d.drain();
    d.advance(ms(40_000));
    let sent = d.take_sent();
    assert!(methods(&sent).iter().all(|m| *m == Method::Invite));
    // 0.5, 1, 2, 4, 8, 16 s apart; the next (32 s) would land after B at 32 s.
    assert_eq!(times_ms(&sent), [0, 500, 1500, 3500, 7500, 15_500, 31_500]);
}

#[test]
fn non_invite_is_retransmitted_doubling_up_to_t2() {
    let mut d = Driver::new();
    d.layer.send_request(d.now, request(Method::Register, "z9hG4bKr1"), udp()).unwrap();
    d.drain();
    d.advance(ms(20_000));
    let times = times_ms(&d.take_sent());
    assert_eq!(times[..8], [0, 500, 1500, 3500, 7500, 11_500, 15_500, 19_500]);
}

#[test]
fn after_a_provisional_non_invite_retransmits_every_t2() {
    let mut d = Driver::new();
    let register = request(Method::Register, "z9hG4bKr2");
    d.layer.send_request(d.now, register.clone(), udp()).unwrap();
    d.drain();
    d.advance(ms(600)); // one retransmission at 500 ms; E now 1 s
    d.recv_response(response(&register, 100), udp());
    d.advance(ms(10_000));
    // E was set for 1500 ms before the 100; from then on it is T2.
    assert_eq!(times_ms(&d.take_sent()), [0, 500, 1500, 5500, 9500]);
}

#[test]
fn a_provisional_stops_invite_retransmission() {
    let mut d = Driver::new();
    let inv = invite("z9hG4bKa2");
    d.layer.send_request(d.now, inv.clone(), udp()).unwrap();
    d.drain();
    d.advance(ms(700));
    d.recv_response(response(&inv, 180), udp());
    d.advance(ms(60_000));
    assert_eq!(times_ms(&d.take_sent()), [0, 500]);
    assert_eq!(d.layer.len(), 1, "Proceeding waits for a final response");
}
