//! After the latched source has been silent for `relatch_after`, a valid
//! RTP packet from a new source moves the latch (a NAT rebinding or a
//! re-INVITE to a new port), and the side reports it.

mod relay_support;

use relay_support::*;
use rtp::{Event, Leg, Relay, RelayConfig};

#[test]
fn a_silent_source_gives_way_to_a_new_one() {
    let t0 = start();
    let config = RelayConfig { relatch_after: ms(2000), ..RelayConfig::default() };
    let mut relay = Relay::new(t0, config);
    relay.side_mut(Leg::B).set_signalled(addr("192.0.2.10:10074"));
    let old = addr("198.51.100.7:61000");
    let new = addr("198.51.100.7:62000");
    relay.handle_packet(t0, Leg::A, old, &rtp(1));
    relay.poll_event();
    assert!(relay.handle_packet(t0 + ms(2000), Leg::A, new, &rtp(2)).is_some());
    assert_eq!(relay.poll_event(), Some((Leg::A, Event::Relatched { from: old, to: new })));
    assert_eq!(relay.side(Leg::A).destination(), Some(new));
    assert_eq!(relay.handle_packet(t0 + ms(2100), Leg::A, old, &rtp(3)), None);
}

#[test]
fn rtcp_from_a_new_source_never_moves_the_latch() {
    let t0 = start();
    let mut relay = Relay::new(t0, RelayConfig::default());
    relay.side_mut(Leg::B).set_signalled(addr("192.0.2.10:10074"));
    let old = addr("198.51.100.7:61000");
    relay.handle_packet(t0, Leg::A, old, &rtp(1));
    assert_eq!(relay.handle_packet(t0 + ms(10_000), Leg::A, addr("203.0.113.66:4444"), &rtcp()), None);
    assert_eq!(relay.side(Leg::A).latched(), Some(old));
}
