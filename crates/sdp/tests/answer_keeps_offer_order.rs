//! The answer lists the common codecs in the offerer's order, with the
//! offerer's payload type numbers (RFC 3264 §6.1), whatever order our
//! codec list is in.

mod support;

use sdp::Codec;

#[test]
fn pcma_first_offer_gets_pcma_first_answer() {
    let offer = support::parse("devices/baresip.sdp");
    let mut local = support::local();
    local.codecs = vec![Codec::Pcmu, Codec::Pcma];
    let answer = sdp::answer(&offer, &local).unwrap();
    assert_eq!(support::answered_audio(&answer).formats, ["8", "0", "101"]);
}

#[test]
fn unsupported_codecs_are_left_out_without_reordering_the_rest() {
    let offer = support::parse("devices/polycom_vvx.sdp");
    let answer = sdp::answer(&offer, &support::local()).unwrap();
    let audio = support::answered_audio(&answer);
    assert_eq!(audio.formats, ["0", "8", "127"]);
    let maps: Vec<_> = audio.attribute_values("rtpmap").collect();
    assert_eq!(maps, ["0 PCMU/8000", "8 PCMA/8000", "127 telephone-event/8000"]);
}

#[test]
fn a_codec_we_do_not_offer_is_not_answered() {
    let offer = support::parse("devices/yealink_t46.sdp");
    let mut local = support::local();
    local.codecs = vec![Codec::Pcma];
    local.telephone_event = false;
    let answer = sdp::answer(&offer, &local).unwrap();
    assert_eq!(support::answered_audio(&answer).formats, ["8"]);
}

#[test]
fn the_answer_carries_our_address_port_and_the_offers_timing() {
    let offer = support::parse("devices/yealink_t46.sdp");
    let answer = sdp::answer(&offer, &support::local()).unwrap();
    assert_eq!(answer.connection.as_ref().unwrap().address, "192.0.2.99");
    assert_eq!(answer.origin.address, "192.0.2.99");
    assert_eq!(answer.origin.session_id, "42");
    assert_eq!(answer.timing, offer.timing);
    assert_eq!(support::answered_audio(&answer).port, 30000);
    assert_eq!(support::answered_audio(&answer).ptime(), Some(20));
    let reparsed = sdp::parse(&answer.to_bytes(), &sdp::Limits::default()).unwrap();
    assert_eq!(reparsed, answer);
}

#[test]
fn format_tokens_media_kind_and_proto_are_echoed_as_written() {
    let offer = support::parse_text(
        "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=AUDIO 4000 rtp/avp 08 0\n",
    );
    let answer = sdp::answer(&offer, &support::local()).unwrap();
    let audio = support::answered_audio(&answer);
    assert_eq!((audio.kind.as_str(), audio.proto.as_str()), ("AUDIO", "rtp/avp"));
    assert_eq!(audio.formats, ["08", "0"]);
}
