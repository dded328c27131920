//! RTP and RTCP sharing a port are told apart by the second octet:
//! 200–204 is RTCP (RFC 5761 §4); anything not version 2 is neither.

use rtp::{PacketKind, classify, is_rtcp};

#[test]
fn rtcp_packet_types_200_to_204_are_rtcp() {
    for pt in 200..=204u8 {
        let report = [0x81, pt, 0, 1, 0, 0, 0, 9];
        assert_eq!(classify(&report), PacketKind::Rtcp, "{pt}");
        assert!(is_rtcp(&report));
    }
    assert_eq!(classify(&[0x81, 205, 0, 1, 0, 0, 0, 9, 0, 0, 0, 0]), PacketKind::Rtp);
    assert_eq!(classify(&[0x81, 199, 0, 1, 0, 0, 0, 9, 0, 0, 0, 0]), PacketKind::Rtp);
}

#[test]
fn rtp_with_marker_is_rtp_and_other_traffic_is_other() {
    let rtp = [0x80, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1];
    assert_eq!(classify(&rtp), PacketKind::Rtp);
    let stun = [0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42, 0, 0, 0, 0];
    assert_eq!(classify(&stun), PacketKind::Other);
    assert_eq!(classify(&[0x80, 200, 0]), PacketKind::Other);
    assert_eq!(classify(&[]), PacketKind::Other);
}
