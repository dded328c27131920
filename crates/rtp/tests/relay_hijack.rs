//! While the latched source is sending, packets from any other source are
//! dropped and the latch stays put (RFC 7362 §5.1: latching hijack).

mod relay_support;

use relay_support::*;
use rtp::{Leg, Relay, RelayConfig, Verdict};

#[test]
fn another_source_is_ignored_while_the_latched_one_is_active() {
    let t0 = start();
    let mut relay = Relay::new(t0, RelayConfig::default());
    relay.side_mut(Leg::B).set_signalled(addr("192.0.2.10:10074"));
    let phone = addr("198.51.100.7:61000");
    let attacker = addr("203.0.113.66:4444");
    relay.handle_packet(t0, Leg::A, phone, &rtp(1));
    relay.poll_event();
    for step in 1..100u16 {
        let now = t0 + ms(20 * u64::from(step));
        assert!(relay.handle_packet(now, Leg::A, phone, &rtp(step + 1)).is_some());
        assert_eq!(relay.handle_packet(now, Leg::A, attacker, &rtp(step)), None);
    }
    assert_eq!(relay.side(Leg::A).latched(), Some(phone));
    assert_eq!(relay.side(Leg::A).stats().dropped, 99);
    assert_eq!(relay.poll_event(), None);
}

#[test]
fn a_side_judges_a_new_source_just_inside_the_window_as_wrong() {
    let t0 = start();
    let config = RelayConfig { relatch_after: ms(2000), ..RelayConfig::default() };
    let mut side = rtp::RelaySide::new(t0, config);
    side.handle_packet(t0, addr("198.51.100.7:61000"), &rtp(1));
    let verdict = side.handle_packet(t0 + ms(1999), addr("203.0.113.66:4444"), &rtp(2));
    assert_eq!(verdict, Verdict::WrongSource);
}
