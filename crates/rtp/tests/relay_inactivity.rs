//! A side that receives nothing for `inactivity` reports `Inactive` once;
//! `poll_timeout` names the deadline, a packet re-arms it.

mod relay_support;

use relay_support::*;
use rtp::{Event, Leg, Relay, RelayConfig};

#[test]
fn silence_is_reported_once_at_the_deadline() {
    let t0 = start();
    let config = RelayConfig { inactivity: ms(5000), ..RelayConfig::default() };
    let mut relay = Relay::new(t0, config);
    let phone = addr("198.51.100.7:61000");
    relay.handle_packet(t0 + ms(1000), Leg::A, phone, &rtp(1));
    relay.poll_event();
    assert_eq!(relay.poll_timeout(), Some(t0 + ms(5000)));
    relay.handle_timeout(t0 + ms(4999));
    assert_eq!(relay.poll_event(), None);
    relay.handle_timeout(t0 + ms(5000));
    assert_eq!(relay.poll_event(), Some((Leg::B, Event::Inactive)));
    assert_eq!(relay.poll_event(), None);
    assert_eq!(relay.poll_timeout(), Some(t0 + ms(6000)));
    relay.handle_timeout(t0 + ms(6000));
    assert_eq!(relay.poll_event(), Some((Leg::A, Event::Inactive)));
    assert_eq!(relay.poll_timeout(), None);
    relay.handle_timeout(t0 + ms(60_000));
    assert_eq!(relay.poll_event(), None);
}

#[test]
fn a_packet_after_inactivity_rearms_the_timer() {
    let t0 = start();
    let config = RelayConfig { inactivity: ms(5000), ..RelayConfig::default() };
    let mut side = rtp::RelaySide::new(t0, config);
    side.handle_timeout(t0 + ms(5000));
    assert_eq!(side.poll_event(), Some(Event::Inactive));
    side.handle_packet(t0 + ms(7000), addr("198.51.100.7:61000"), &rtp(1));
    assert_eq!(side.poll_timeout(), Some(t0 + ms(12_000)));
    side.handle_timeout(t0 + ms(12_000));
    assert_eq!(side.poll_event(), Some(Event::Latched(addr("198.51.100.7:61000"))));
    assert_eq!(side.poll_event(), Some(Event::Inactive));
}
