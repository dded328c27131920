//! WAV files written by this crate read back to the same format and data,
//! with the canonical 44-byte PCM header; unknown chunks are skipped and
//! malformed files refused.

use rtp::RtpError;
use rtp::g711::ulaw_encode_all;
use rtp::wav::{Wav, WavFormat};

fn tone() -> Vec<i16> {
    (0..800).map(|i| ((f64::from(i) * 0.3).sin() * 12000.0) as i16).collect()
}

#[test]
fn pcm16_has_the_canonical_header_and_reads_back() {
    let wav = Wav::pcm16(8000, 1, &tone());
    let bytes = wav.to_bytes();
    assert_eq!(bytes.len(), 44 + 1600);
    assert_eq!(&bytes[..4], b"RIFF");
    assert_eq!(u32::from_le_bytes(bytes[4..8].try_into().unwrap()), 36 + 1600);
    assert_eq!(&bytes[8..16], b"WAVEfmt ");
    assert_eq!(&bytes[20..24], &[1, 0, 1, 0]); // PCM, mono
    assert_eq!(u32::from_le_bytes(bytes[28..32].try_into().unwrap()), 16000); // byte rate
    assert_eq!(&bytes[36..40], b"data");
    assert_eq!(Wav::parse(&bytes).unwrap(), wav);
    assert_eq!(Wav::parse(&bytes).unwrap().samples(), tone());
}

#[test]
fn mu_law_reads_back_and_decodes() {
    let codes = ulaw_encode_all(&tone());
    let wav = Wav::mulaw(8000, 1, &codes);
    let bytes = wav.to_bytes();
    let read = Wav::parse(&bytes).unwrap();
    assert_eq!(read.format, WavFormat::MuLaw);
    assert_eq!(read.data, codes);
    let error: i32 =
        read.samples().iter().zip(tone()).map(|(a, b)| (i32::from(*a) - i32::from(b)).abs()).max().unwrap();
    assert!(error < 12000 / 16, "max error {error}");
    let alaw = Wav::alaw(8000, 2, &[0xd5, 0xd5, 0x55]);
    assert_eq!(Wav::parse(&alaw.to_bytes()).unwrap(), alaw);
}

#[test]
fn unknown_chunks_are_skipped() {
    let bytes = Wav::pcm16(16000, 2, &[1, -1]).to_bytes();
    let mut with_list = bytes[..36].to_vec();
    with_list.extend_from_slice(b"LIST\x03\x00\x00\x00abc\x00");
    with_list.extend_from_slice(&bytes[36..]);
    let read = Wav::parse(&with_list).unwrap();
    assert_eq!((read.sample_rate, read.channels, read.samples()), (16000, 2, vec![1, -1]));
}

#[test]
fn malformed_files_are_refused() {
    let good = Wav::pcm16(8000, 1, &[0; 4]).to_bytes();
    assert_eq!(Wav::parse(b"RIFX\0\0\0\0WAVE"), Err(RtpError::NotWave));
    assert_eq!(Wav::parse(&good[..good.len() - 1]), Err(RtpError::WavTruncated));
    assert_eq!(Wav::parse(&good[..36]), Err(RtpError::WavMissingChunk));
    let mut eight_bit = good.clone();
    eight_bit[34] = 8;
    assert_eq!(Wav::parse(&eight_bit), Err(RtpError::WavUnsupported { format_tag: 1, bits: 8 }));
}
