//! Fuzzes the RTP-side parsers: the RTP view (RFC 3550 §5.1), RTCP
//! classification (RFC 5761 §4), RFC 4733 event payloads, WAV files and
//! the G.711 codecs. None may panic; a valid RTP packet's payload lies
//! inside it, a plain one re-serialises byte for byte, an event and a WAV
//! file print back to what they parsed from; the relay accepts a datagram
//! only if it is RTP or RTCP.
#![no_main]

use std::time::Instant;

use libfuzzer_sys::fuzz_target;
use rtp::wav::Wav;
use rtp::{PacketKind, RtpHeader, RtpPacket, TelephoneEvent, Verdict, classify, g711};

fuzz_target!(|data: &[u8]| {
    check_rtp(data);
    check_event(data);
    check_wav(data);
    check_g711(data);
    check_relay(data);
});

fn check_rtp(data: &[u8]) {
    let Ok(packet) = RtpPacket::parse(data) else { return };
    assert_eq!(classify(data), PacketKind::Rtp);
    assert!(packet.payload().len() <= data.len() - 12);
    assert_eq!(packet.csrcs().count(), usize::from(packet.csrc_count()));
    if !packet.has_padding() && !packet.has_extension() && packet.csrc_count() == 0 {
        let header = RtpHeader {
            marker: packet.marker(),
            payload_type: packet.payload_type(),
            sequence: packet.sequence(),
            timestamp: packet.timestamp(),
            ssrc: packet.ssrc(),
        };
        assert_eq!(header.to_packet(packet.payload()), data);
    }
}

fn check_event(data: &[u8]) {
    let Ok(event) = TelephoneEvent::parse(data) else { return };
    assert_eq!(event.to_bytes(), [data[0], data[1] & 0xbf, data[2], data[3]]);
    assert!(event.volume < 64);
}

fn check_wav(data: &[u8]) {
    let Ok(wav) = Wav::parse(data) else { return };
    assert_eq!(Wav::parse(&wav.to_bytes()).as_ref(), Ok(&wav));
    let _ = wav.samples();
}

fn check_g711(data: &[u8]) {
    for &code in data.iter().take(64) {
        assert_eq!(g711::alaw_encode(g711::alaw_decode(code)), code);
        let expected = if code == 0x7f { 0xff } else { code };
        assert_eq!(g711::ulaw_encode(g711::ulaw_decode(code)), expected);
    }
}

fn check_relay(data: &[u8]) {
    let mut side = rtp::RelaySide::new(Instant::now(), rtp::RelayConfig::default());
    let verdict = side.handle_packet(Instant::now(), "192.0.2.1:4000".parse().unwrap(), data);
    let valid = RtpPacket::parse(data).is_ok();
    assert_eq!(verdict == Verdict::Accepted, valid);
}
