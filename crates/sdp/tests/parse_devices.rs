//! Offers in the shape Polycom, Yealink, baresip and Linphone send parse
//! into the typed views the B2BUA reads (RFC 8866 §5, §6; RFC 3605).

mod support;

use sdp::{Direction, Fmtp, Rtcp, RtpMap};

#[test]
fn polycom_offer_has_its_codecs_and_session_level_direction() {
    let offer = support::parse("devices/polycom_vvx.sdp");
    assert_eq!(offer.session_name, "Polycom IP Phone");
    assert_eq!(offer.direction(), Some(Direction::SendRecv));
    let audio = offer.audio().unwrap();
    assert_eq!(audio.port, 2222);
    assert_eq!(audio.payload_types(), [9, 102, 0, 8, 18, 127]);
    assert_eq!(audio.rtpmap(127).unwrap().encoding, "telephone-event");
    assert_eq!(audio.fmtp(102), Some(Fmtp { payload_type: 102, params: "bitrate=32000".into() }));
    assert_eq!(offer.other[0].value, "AS:512");
}

#[test]
fn yealink_offer_has_ptime_and_fmtp_before_rtpmap() {
    let offer = support::parse("devices/yealink_t46.sdp");
    let audio = offer.audio().unwrap();
    assert_eq!(audio.ptime(), Some(20));
    assert_eq!(audio.fmtp(101).unwrap().params, "0-15");
    assert_eq!(audio.direction(), Some(Direction::SendRecv));
    assert_eq!(offer.connection_of(audio).unwrap().ip(), Some("10.0.0.23".parse().unwrap()));
}

#[test]
fn baresip_offer_has_rtcp_and_opus_with_channels() {
    let offer = support::parse("devices/baresip.sdp");
    let audio = offer.audio().unwrap();
    let rtcp = audio.rtcp().unwrap();
    assert_eq!(rtcp, Rtcp { port: 10075, connection: offer.connection.clone() });
    let opus = RtpMap { payload_type: 96, encoding: "opus".into(), clock_rate: 48000, channels: Some(2) };
    assert_eq!(audio.rtpmap(96), Some(opus));
    assert_eq!(audio.attribute("ssrc"), Some("3402115926 cname:0b3f9c2e-5d1a-4c4e-9a55-2f7d4e1b0c11"));
}

#[test]
fn linphone_offer_uses_static_types_without_rtpmap_and_has_video() {
    let offer = support::parse("devices/linphone.sdp");
    assert_eq!(offer.media.len(), 2);
    let audio = &offer.media[0];
    assert_eq!(audio.rtpmap(0), None);
    assert_eq!(audio.encoding(0).unwrap().encoding, "PCMU");
    assert_eq!(audio.encoding(8).unwrap().encoding, "PCMA");
    assert_eq!(audio.rtpmap(100).unwrap().clock_rate, 8000);
    assert_eq!(offer.media[1].kind, "video");
    assert_eq!(offer.attributes[1].name, "record");
}

#[test]
fn hold_offers_read_as_hold() {
    assert!(support::parse("devices/polycom_vvx_hold.sdp").is_hold());
    assert!(support::parse("devices/yealink_legacy_hold.sdp").is_hold());
    assert!(!support::parse("devices/yealink_t46.sdp").is_hold());
    assert!(support::parse("rfc4317/3_1_answer.sdp").is_hold(), "RFC 4317 §3.1: Bob answers on hold");
    assert!(!support::parse("rfc4317/3_1_second_offer.sdp").is_hold(), "§3.1: and resumes");
    assert!(support::parse("rfc4317/5_2_offer.sdp").is_hold(), "§5.2: c=0.0.0.0");
}
