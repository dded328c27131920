//! The RTP view reads every field of the RFC 3550 §5.1 header, the CSRC
//! list, the §5.3.1 extension and strips padding from the payload.

use rtp::{RtpHeader, RtpPacket};

#[test]
fn fixed_header_fields() {
    // V=2 P=0 X=0 CC=0 | M=1 PT=8 | seq 0x1234 | ts 0xdeadbeef | ssrc 0x01020304
    let bytes = [0x80, 0x88, 0x12, 0x34, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 0xd5, 0xd5];
    let packet = RtpPacket::parse(&bytes).unwrap();
    assert_eq!(packet.version(), 2);
    assert!(packet.marker());
    assert!(!packet.has_padding() && !packet.has_extension());
    assert_eq!(packet.payload_type(), 8);
    assert_eq!(packet.sequence(), 0x1234);
    assert_eq!(packet.timestamp(), 0xdead_beef);
    assert_eq!(packet.ssrc(), 0x0102_0304);
    assert_eq!(packet.payload(), [0xd5, 0xd5]);
    assert_eq!(packet.extension(), None);
}

#[test]
fn csrcs_extension_and_padding() {
    let mut bytes = vec![0xb2, 0x00, 0, 1, 0, 0, 0, 160, 0, 0, 0, 9];
    bytes.extend_from_slice(&[0, 0, 0, 10, 0, 0, 0, 11]); // two CSRCs
    bytes.extend_from_slice(&[0xbe, 0xde, 0, 1, 0x10, 0xaa, 0, 0]); // one-word extension
    bytes.extend_from_slice(&[0xff, 0xfe, 0, 0, 3]); // payload + 3 bytes of padding
    let packet = RtpPacket::parse(&bytes).unwrap();
    assert_eq!(packet.csrc_count(), 2);
    assert_eq!(packet.csrcs().collect::<Vec<_>>(), [10, 11]);
    assert_eq!(packet.extension(), Some((0xbede, &[0x10, 0xaa, 0, 0][..])));
    assert!(packet.has_padding());
    assert_eq!(packet.payload(), [0xff, 0xfe]);
}

#[test]
fn written_headers_parse_back() {
    let header = RtpHeader { marker: true, payload_type: 101, sequence: 65535, timestamp: 8000, ssrc: 0xcafe };
    let bytes = header.to_packet(b"abc");
    let packet = RtpPacket::parse(&bytes).unwrap();
    let read = RtpHeader {
        marker: packet.marker(),
        payload_type: packet.payload_type(),
        sequence: packet.sequence(),
        timestamp: packet.timestamp(),
        ssrc: packet.ssrc(),
    };
    assert_eq!(read, header);
    assert_eq!(packet.payload(), b"abc");
    assert_eq!(packet.as_bytes(), &bytes[..]);
}
