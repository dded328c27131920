//! telephone-event (RFC 4733 §7.1.1) is answered with the offerer's dynamic
//! payload type and its fmtp, and only the 8 kHz one is taken.

mod support;

#[test]
fn the_offered_number_is_echoed() {
    for (file, pt) in [("devices/polycom_vvx.sdp", 127), ("devices/yealink_t46.sdp", 101)] {
        let answer = sdp::answer(&support::parse(file), &support::local()).unwrap();
        let audio = support::answered_audio(&answer);
        assert_eq!(audio.formats.last().unwrap(), &pt.to_string(), "{file}");
        assert_eq!(audio.rtpmap(pt).unwrap().encoding, "telephone-event", "{file}");
    }
}

#[test]
fn only_the_8khz_event_type_is_taken_from_linphone() {
    let answer = sdp::answer(&support::parse("devices/linphone.sdp"), &support::local()).unwrap();
    let audio = support::answered_audio(&answer);
    assert_eq!(audio.formats, ["0", "8", "100"]);
}

#[test]
fn the_offered_fmtp_is_echoed_and_a_missing_one_defaults_to_0_15() {
    let answer = sdp::answer(&support::parse("devices/baresip.sdp"), &support::local()).unwrap();
    assert_eq!(support::answered_audio(&answer).fmtp(101).unwrap().params, "0-15");
    let answer = sdp::answer(&support::parse("devices/polycom_vvx.sdp"), &support::local()).unwrap();
    assert_eq!(support::answered_audio(&answer).fmtp(127).unwrap().params, "0-15");
    let offer = support::parse_text(
        "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 4000 RTP/AVP 0 96\n\
         a=rtpmap:96 telephone-event/8000\na=fmtp:96 0-11\n",
    );
    let answer = sdp::answer(&offer, &support::local()).unwrap();
    assert_eq!(support::answered_audio(&answer).fmtp(96).unwrap().params, "0-11");
}

#[test]
fn telephone_event_is_left_out_when_we_do_not_support_it() {
    let mut local = support::local();
    local.telephone_event = false;
    let answer = sdp::answer(&support::parse("devices/yealink_t46.sdp"), &local).unwrap();
    assert_eq!(support::answered_audio(&answer).formats, ["0", "8"]);
}
