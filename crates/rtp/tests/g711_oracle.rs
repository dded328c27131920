//! Exhaustive check against an independent G.711 implementation
//! (audio-codec-algorithms): all 65,536 samples encode and all 256 codes
//! decode the same way.

use rtp::g711;

#[test]
fn encoders_agree_on_every_sample() {
    for sample in i16::MIN..=i16::MAX {
        assert_eq!(g711::ulaw_encode(sample), audio_codec_algorithms::encode_ulaw(sample), "{sample}");
        assert_eq!(g711::alaw_encode(sample), audio_codec_algorithms::encode_alaw(sample), "{sample}");
    }
}

#[test]
fn decoders_agree_on_every_code() {
    for code in 0..=255u8 {
        assert_eq!(g711::ulaw_decode(code), audio_codec_algorithms::decode_ulaw(code), "{code:#04x}");
        assert_eq!(g711::alaw_decode(code), audio_codec_algorithms::decode_alaw(code), "{code:#04x}");
    }
}
