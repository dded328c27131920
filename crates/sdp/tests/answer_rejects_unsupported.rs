//! Every offered m-line gets an answer line in the same place (RFC 3264
//! §6); the ones we do not take are answered with port 0 and the offered
//! formats: video, a second audio stream, SRTP, and streams the offer
//! itself disabled.

mod support;

#[test]
fn rfc4317_2_1_video_is_rejected_and_audio_kept() {
    let offer = support::parse("rfc4317/2_1_offer.sdp");
    let answer = sdp::answer(&offer, &support::local()).unwrap();
    let bob = support::parse("rfc4317/2_1_answer.sdp");
    assert_eq!(answer.media.len(), bob.media.len());
    assert_eq!(answer.media[0].formats, ["0", "8"]);
    assert_eq!(bob.media[0].formats, ["0"]);
    assert_eq!((answer.media[1].kind.as_str(), answer.media[1].port), ("video", 0));
    assert_eq!(answer.media[1].formats, ["31", "32"]);
    assert!(answer.media[1].attributes.is_empty());
}

#[test]
fn rfc4317_2_4_second_audio_stream_is_rejected() {
    let answer = sdp::answer(&support::parse("rfc4317/2_4_offer.sdp"), &support::local()).unwrap();
    assert_eq!(answer.media.iter().map(|m| m.port).collect::<Vec<_>>(), [30000, 0]);
    assert_eq!(answer.media[1].formats, ["98"]);
}

/// RFC 4317 §2.6: Bob took the iLBC + telephone-event stream and declined
/// PCMU; callvault (no iLBC) does the opposite, each line in its place.
#[test]
fn rfc4317_2_6_the_stream_with_a_shared_codec_is_taken() {
    let answer = sdp::answer(&support::parse("rfc4317/2_6_offer.sdp"), &support::local()).unwrap();
    let bob = support::parse("rfc4317/2_6_answer.sdp");
    assert_eq!(answer.media.len(), bob.media.len());
    assert_eq!((bob.media[0].port, bob.media[1].port), (0, 49170));
    assert_ne!(answer.media[0].port, 0);
    assert_eq!(answer.media[0].formats, ["0"]);
    assert_eq!(
        (answer.media[1].port, answer.media[1].formats.as_slice()),
        (0, &["97".to_owned(), "101".to_owned()][..])
    );
}

#[test]
fn linphone_video_is_rejected_in_place() {
    let answer = sdp::answer(&support::parse("devices/linphone.sdp"), &support::local()).unwrap();
    assert_eq!(answer.media[1].port, 0);
    assert_eq!(answer.media[1].proto, "RTP/AVP");
}

#[test]
fn a_disabled_offered_stream_stays_disabled_and_the_next_one_is_taken() {
    let offer = support::parse_text(
        "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 0 RTP/AVP 0\nm=audio 5000 RTP/AVP 8\n",
    );
    let answer = sdp::answer(&offer, &support::local()).unwrap();
    assert_eq!(answer.media.iter().map(|m| m.port).collect::<Vec<_>>(), [0, 30000]);
    assert_eq!(answer.media[1].formats, ["8"]);
}
