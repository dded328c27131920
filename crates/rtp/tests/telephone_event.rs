//! RFC 4733 §2.3 event payloads: event code, end bit, volume, duration,
//! and the §3.2 DTMF digits.

use rtp::{RtpError, TelephoneEvent};

#[test]
fn fields_are_read_from_the_four_octets() {
    // Event 5, E=1, R=1 (ignored), volume 10, duration 800.
    let event = TelephoneEvent::parse(&[0x05, 0xca, 0x03, 0x20]).unwrap();
    assert_eq!(event, TelephoneEvent { event: 5, end: true, volume: 10, duration: 800 });
    assert_eq!(event.digit(), Some('5'));
    assert_eq!(event.to_bytes(), [0x05, 0x8a, 0x03, 0x20]);
}

#[test]
fn a_start_packet_has_no_end_bit() {
    let event = TelephoneEvent { event: 11, end: false, volume: 63, duration: 160 };
    let parsed = TelephoneEvent::parse(&event.to_bytes()).unwrap();
    assert_eq!(parsed, event);
    assert_eq!(parsed.digit(), Some('#'));
}

#[test]
fn dtmf_digits_map_both_ways() {
    for (code, digit) in "0123456789*#ABCD".chars().enumerate() {
        assert_eq!(TelephoneEvent::event_of(digit), Some(code as u8));
        assert_eq!(TelephoneEvent { event: code as u8, end: false, volume: 0, duration: 0 }.digit(), Some(digit));
    }
    assert_eq!(TelephoneEvent::event_of('a'), Some(12));
    assert_eq!(TelephoneEvent::event_of('x'), None);
    assert_eq!(TelephoneEvent { event: 16, end: false, volume: 0, duration: 0 }.digit(), None);
}

#[test]
fn short_payloads_are_refused_and_redundant_blocks_ignored() {
    assert_eq!(TelephoneEvent::parse(&[1, 2, 3]), Err(RtpError::TooShort { len: 3 }));
    let event = TelephoneEvent::parse(&[0x01, 0x0a, 0x00, 0xa0, 0x02, 0x8a, 0x01, 0x40]).unwrap();
    assert_eq!(event.event, 1);
}
