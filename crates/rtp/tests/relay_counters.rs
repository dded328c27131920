//! Each side counts the RTP and RTCP packets and bytes it accepts and the
//! datagrams it drops.

mod relay_support;

use relay_support::*;
use rtp::{Leg, Relay, RelayConfig, Stats};

#[test]
fn accepted_and_dropped_traffic_is_counted_per_side() {
    let t0 = start();
    let mut relay = Relay::new(t0, RelayConfig::default());
    relay.side_mut(Leg::B).set_signalled(addr("192.0.2.10:10074"));
    let phone = addr("198.51.100.7:61000");
    for seq in 0..50 {
        relay.handle_packet(t0 + ms(20 * u64::from(seq)), Leg::A, phone, &rtp(seq));
    }
    assert!(relay.handle_packet(t0 + ms(1000), Leg::A, phone, &rtcp()).is_some());
    relay.handle_packet(t0 + ms(1000), Leg::A, addr("203.0.113.66:4444"), &rtp(1));
    relay.handle_packet(t0 + ms(1000), Leg::A, phone, &[0u8; 3]);
    let expected = Stats { rtp_packets: 50, rtcp_packets: 1, bytes: 50 * 172 + 8, dropped: 2 };
    assert_eq!(relay.side(Leg::A).stats(), expected);
    assert_eq!(relay.side(Leg::B).stats(), Stats::default());
}
