//! G.711 decoder outputs at the segment ends of ITU-T G.711 Tables 1a/2a,
//! scaled to 16 bits (μ-law ×4 from 14 bits, A-law ×8 from 13 bits).

use rtp::g711::{alaw_decode, alaw_encode, ulaw_decode, ulaw_encode};

#[test]
fn mu_law_segment_values() {
    // (code, 14-bit decoder output): codes count down from 0xFF (+0).
    let table = [
        (0xff, 0),
        (0xfe, 2),
        (0xf0, 30),
        (0xef, 33),
        (0xdf, 99),
        (0xcf, 231),
        (0xbf, 495),
        (0xaf, 1023),
        (0x9f, 2079),
        (0x8f, 4191),
        (0x80, 8031),
    ];
    for (code, value) in table {
        assert_eq!(ulaw_decode(code), value * 4, "{code:#04x}");
        assert_eq!(ulaw_decode(code & 0x7f), -value * 4, "{:#04x}", code & 0x7f);
    }
}

#[test]
fn a_law_segment_values() {
    // (code after removing the even-bit inversion 0x55, 13-bit output).
    let table = [(0x80, 1), (0x8f, 31), (0x90, 33), (0xa0, 66), (0xb0, 132), (0xc0, 264), (0xf0, 2112), (0xff, 4032)];
    for (code, value) in table {
        assert_eq!(alaw_decode(code ^ 0x55), value * 8, "{code:#04x}");
        assert_eq!(alaw_decode((code & 0x7f) ^ 0x55), -value * 8, "{code:#04x}");
    }
}

#[test]
fn silence_and_extremes_encode_to_the_known_codes() {
    assert_eq!(ulaw_encode(0), 0xff);
    assert_eq!(alaw_encode(0), 0xd5);
    assert_eq!(ulaw_encode(i16::MAX), 0x80);
    assert_eq!(ulaw_encode(i16::MIN), 0x00);
    assert_eq!(alaw_encode(i16::MAX), 0xaa);
    assert_eq!(alaw_encode(i16::MIN), 0x2a);
}
