//! Every G.711 code survives decode → encode; μ-law's negative zero
//! (0x7F) becomes positive zero (0xFF), the only code that changes. The
//! decoders are monotonic over the code order.

use rtp::g711::{alaw_decode, alaw_encode, ulaw_decode, ulaw_encode};

#[test]
fn all_256_mu_law_codes_round_trip() {
    for code in 0..=255u8 {
        let expected = if code == 0x7f { 0xff } else { code };
        assert_eq!(ulaw_encode(ulaw_decode(code)), expected, "{code:#04x}");
    }
}

#[test]
fn all_256_a_law_codes_round_trip() {
    for code in 0..=255u8 {
        assert_eq!(alaw_encode(alaw_decode(code)), code, "{code:#04x}");
    }
}

#[test]
fn decoded_values_are_distinct_and_ordered() {
    let mut ulaw: Vec<i16> = (0..=255u8).map(ulaw_decode).collect();
    ulaw.sort_unstable();
    ulaw.dedup();
    assert_eq!(ulaw.len(), 255);
    let mut alaw: Vec<i16> = (0..=255u8).map(alaw_decode).collect();
    alaw.sort_unstable();
    alaw.dedup();
    assert_eq!(alaw.len(), 256);
}
