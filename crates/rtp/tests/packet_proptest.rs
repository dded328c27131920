//! Every header the writer produces parses back to its fields, except the
//! marker/PT pairs that read as RTCP packet types 200–204 (RFC 5761 §4).

use proptest::prelude::*;
use rtp::{RtpError, RtpHeader, RtpPacket};

fn header() -> impl Strategy<Value = RtpHeader> {
    (any::<bool>(), 0..128u8, any::<u16>(), any::<u32>(), any::<u32>()).prop_map(
        |(marker, payload_type, sequence, timestamp, ssrc)| RtpHeader {
            marker,
            payload_type,
            sequence,
            timestamp,
            ssrc,
        },
    )
}

proptest! {
    #[test]
    fn written_packets_parse_back(header in header(), payload in proptest::collection::vec(any::<u8>(), 0..64)) {
        let bytes = header.to_packet(&payload);
        let second_octet = u8::from(header.marker) << 7 | header.payload_type;
        match RtpPacket::parse(&bytes) {
            Err(err) => {
                prop_assert_eq!(err, RtpError::Rtcp);
                prop_assert!((200..=204).contains(&second_octet));
            }
            Ok(packet) => {
                prop_assert!(!(200..=204).contains(&second_octet));
                prop_assert_eq!(packet.marker(), header.marker);
                prop_assert_eq!(packet.payload_type(), header.payload_type);
                prop_assert_eq!(packet.sequence(), header.sequence);
                prop_assert_eq!(packet.timestamp(), header.timestamp);
                prop_assert_eq!(packet.ssrc(), header.ssrc);
                prop_assert_eq!(packet.payload(), &payload[..]);
            }
        }
    }
}
