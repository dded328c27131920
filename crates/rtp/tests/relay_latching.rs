//! A side latches onto the source of the first valid RTP packet, not the
//! SDP address (symmetric RTP, RFC 7362 §4), and forwards there; before
//! any packet it forwards to the signalled address.

mod relay_support;

use relay_support::*;
use rtp::{Event, Forward, Leg, Relay, RelayConfig};

#[test]
fn the_first_packets_source_is_latched_and_used_as_destination() {
    let t0 = start();
    let mut relay = Relay::new(t0, RelayConfig::default());
    relay.side_mut(Leg::A).set_signalled(addr("10.0.0.23:11780"));
    relay.side_mut(Leg::B).set_signalled(addr("192.0.2.10:10074"));
    let nat = addr("198.51.100.7:61000");
    let forward = relay.handle_packet(t0, Leg::A, nat, &rtp(1));
    assert_eq!(forward, Some(Forward { leg: Leg::B, to: addr("192.0.2.10:10074") }));
    assert_eq!(relay.poll_event(), Some((Leg::A, Event::Latched(nat))));
    assert_eq!(relay.poll_event(), None);
    assert_eq!(relay.side(Leg::A).destination(), Some(nat));
    let back = relay.handle_packet(t0, Leg::B, addr("192.0.2.10:10074"), &rtp(1));
    assert_eq!(back, Some(Forward { leg: Leg::A, to: nat }));
}

#[test]
fn nothing_is_forwarded_while_the_other_party_is_unknown() {
    let t0 = start();
    let mut relay = Relay::new(t0, RelayConfig::default());
    assert_eq!(relay.handle_packet(t0, Leg::A, addr("198.51.100.7:61000"), &rtp(1)), None);
    assert_eq!(relay.side(Leg::A).stats().rtp_packets, 1);
}

#[test]
fn garbage_and_rtcp_do_not_latch() {
    let t0 = start();
    let mut relay = Relay::new(t0, RelayConfig::default());
    relay.side_mut(Leg::B).set_signalled(addr("192.0.2.10:10074"));
    let from = addr("198.51.100.7:61000");
    assert_eq!(relay.handle_packet(t0, Leg::A, from, b"hello, relay"), None);
    assert_eq!(relay.handle_packet(t0, Leg::A, from, &rtcp()), None);
    assert_eq!(relay.side(Leg::A).latched(), None);
    assert_eq!(relay.side(Leg::A).stats().dropped, 2);
    assert_eq!(relay.poll_event(), None);
}
