//! An offer we cannot serve fails with an error the B2BUA turns into
//! 488 Not Acceptable Here (RFC 3261 §21.4.26, RFC 3264 §6).

mod support;

use sdp::SdpError;

#[test]
fn g729_only_offer_has_no_common_codec() {
    let err = sdp::answer(&support::parse("devices/g729_only.sdp"), &support::local()).unwrap_err();
    assert_eq!(err, SdpError::NoCommonCodec);
    assert_eq!(err.status(), (488, "Not Acceptable Here"));
}

#[test]
fn telephone_event_alone_is_not_a_common_codec() {
    let offer = support::parse_text(
        "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 4000 RTP/AVP 101\n\
         a=rtpmap:101 telephone-event/8000\n",
    );
    assert_eq!(sdp::answer(&offer, &support::local()), Err(SdpError::NoCommonCodec));
}

#[test]
fn srtp_only_and_video_only_offers_have_no_audio() {
    let err = sdp::answer(&support::parse("devices/srtp_only.sdp"), &support::local()).unwrap_err();
    assert_eq!(err, SdpError::NoAudio);
    assert_eq!(err.status().0, 488);
    let video = support::parse_text("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\nm=video 4000 RTP/AVP 31\n");
    assert_eq!(sdp::answer(&video, &support::local()), Err(SdpError::NoAudio));
}

#[test]
fn pcmu_at_another_clock_rate_is_not_pcmu() {
    let offer = support::parse_text(
        "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 4000 RTP/AVP 96\n\
         a=rtpmap:96 PCMU/16000\n",
    );
    assert_eq!(sdp::answer(&offer, &support::local()), Err(SdpError::NoCommonCodec));
}
