//! Packets failing the RFC 3550 App. A.1 checks are refused with the
//! reason: short, wrong version, CSRCs or extension past the end, bad
//! padding count, or an RTCP packet type (RFC 5761 §4).

use rtp::{RtpError, RtpPacket};

fn header(first: u8, second: u8) -> Vec<u8> {
    vec![first, second, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]
}

#[test]
fn each_check_has_its_error() {
    let mut padded_zero = header(0xa0, 0);
    padded_zero.push(0);
    let mut padded_long = header(0xa0, 0);
    padded_long.extend_from_slice(&[1, 2, 9]);
    let mut extension_long = header(0x90, 0);
    extension_long.extend_from_slice(&[0xbe, 0xde, 0, 2, 0, 0, 0, 0]);
    let cases = [
        (vec![0x80; 11], RtpError::TooShort { len: 11 }),
        (header(0x40, 0), RtpError::Version(1)),
        (header(0x00, 0), RtpError::Version(0)),
        (header(0x81, 0), RtpError::CsrcOverrun),
        (header(0x90, 0), RtpError::ExtensionOverrun),
        (extension_long, RtpError::ExtensionOverrun),
        (padded_zero, RtpError::BadPadding),
        (padded_long, RtpError::BadPadding),
        (header(0x80, 200), RtpError::Rtcp),
        (header(0x80, 0x80 | 76), RtpError::Rtcp),
    ];
    for (bytes, expected) in cases {
        assert_eq!(RtpPacket::parse(&bytes), Err(expected.clone()), "{bytes:02x?}");
    }
}

#[test]
fn padding_may_fill_the_whole_payload() {
    let mut bytes = header(0xa0, 0);
    bytes.extend_from_slice(&[0, 0, 3]);
    assert_eq!(RtpPacket::parse(&bytes).unwrap().payload(), b"");
}
