//! Silence of the same length as a media blob (issue 3 item 4: "media
//! files replaced by silence of equal length").
//!
//! If the plaintext is a RIFF/WAVE file (the RIFF layout of Microsoft's
//! "Multimedia Programming Interface and Data Specifications 1.0"), the
//! header up to the `data` chunk's samples is kept byte for byte — `RIFF`,
//! `WAVE`, `fmt ` and the chunk sizes, so the format and length stay —
//! except that every other chunk's contents are zeroed and its id becomes
//! `JUNK` (a LIST/INFO chunk can carry names); every sample is then the
//! format's silence: 0xFF for G.711 μ-law (format 7), 0xD5 for A-law
//! (format 6), 0x80 for 8-bit PCM, 0 for wider PCM (format 1) and anything
//! else. Any other plaintext becomes μ-law silence (0xFF) throughout. The
//! store parses the header itself: it does not depend on the `rtp` crate.

use tokio::io::{AsyncRead, AsyncReadExt};

const MULAW_SILENCE: u8 = 0xFF;
const ALAW_SILENCE: u8 = 0xD5;

/// Silence of `length` bytes shaped like the media that starts with `head`.
pub(super) fn silence(head: &[u8], length: u64) -> impl AsyncRead + Unpin + use<> {
    let (header, fill) = wave_header(head).unwrap_or((Vec::new(), MULAW_SILENCE));
    let header_len = header.len() as u64;
    let header = if header_len <= length { header } else { Vec::new() };
    let rest = length - header.len() as u64;
    std::io::Cursor::new(header).chain(tokio::io::repeat(fill).take(rest))
}

/// The cleaned header up to the samples, and the silence byte, if `head`
/// holds a whole RIFF/WAVE header with a `fmt ` chunk before `data`.
fn wave_header(head: &[u8]) -> Option<(Vec<u8>, u8)> {
    if head.get(0..4)? != b"RIFF" || head.get(8..12)? != b"WAVE" {
        return None;
    }
    let mut header = head.get(..12)?.to_vec();
    let mut fill = None;
    let mut at = 12;
    loop {
        let (id, size) = chunk_at(head, at)?;
        let body = head.get(at + 8..at.checked_add(8 + size)?);
        if id == b"data" {
            header.extend_from_slice(&head[at..at + 8]);
            return Some((header, fill?));
        }
        let body = body?;
        if id == b"fmt " {
            fill = Some(silence_byte(body)?);
            header.extend_from_slice(&head[at..at + 8 + size]);
        } else {
            header.extend_from_slice(b"JUNK");
            header.extend_from_slice(&head[at + 4..at + 8]);
            header.resize(header.len() + size, 0);
        }
        let padded = size + size % 2;
        header.extend_from_slice(head.get(at + 8 + size..at + 8 + padded)?);
        at += 8 + padded;
    }
}

/// The chunk id and size at `at`.
fn chunk_at(head: &[u8], at: usize) -> Option<(&[u8], usize)> {
    let id = head.get(at..at + 4)?;
    let size = u32::from_le_bytes(head.get(at + 4..at + 8)?.try_into().ok()?);
    Some((id, usize::try_from(size).ok()?))
}

/// The silent sample byte of the format a `fmt ` chunk body names.
fn silence_byte(fmt: &[u8]) -> Option<u8> {
    let format = u16::from_le_bytes(fmt.get(0..2)?.try_into().ok()?);
    let bits = u16::from_le_bytes(fmt.get(14..16)?.try_into().ok()?);
    Some(match (format, bits) {
        (7, _) => MULAW_SILENCE,
        (6, _) => ALAW_SILENCE,
        (1, 8) => 0x80,
        _ => 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wave(format: u16, bits: u16, samples: &[u8]) -> Vec<u8> {
        let mut out = b"RIFF".to_vec();
        out.extend_from_slice(&(36 + 12 + samples.len() as u32).to_le_bytes());
        out.extend_from_slice(b"WAVEfmt ");
        out.extend_from_slice(&16u32.to_le_bytes());
        for field in [format, 1] {
            out.extend_from_slice(&field.to_le_bytes());
        }
        out.extend_from_slice(&8000u32.to_le_bytes());
        out.extend_from_slice(&8000u32.to_le_bytes());
        out.extend_from_slice(&1u16.to_le_bytes());
        out.extend_from_slice(&bits.to_le_bytes());
        out.extend_from_slice(b"LIST\x04\x00\x00\x00Bob!");
        out.extend_from_slice(b"data");
        out.extend_from_slice(&(samples.len() as u32).to_le_bytes());
        out.extend_from_slice(samples);
        out
    }

    async fn read_all(head: &[u8], length: u64) -> Vec<u8> {
        let mut out = Vec::new();
        silence(head, length).read_to_end(&mut out).await.unwrap();
        out
    }

    #[tokio::test]
    async fn a_mulaw_wave_keeps_its_header_and_loses_its_samples_and_names() {
        let original = wave(7, 8, &[0x12, 0x34, 0x56, 0x78, 0x9a]);
        let quiet = read_all(&original, original.len() as u64).await;
        assert_eq!(quiet.len(), original.len());
        assert_eq!(&quiet[..36], &original[..36], "RIFF, WAVE and fmt kept");
        assert_eq!(&quiet[36..48], b"JUNK\x04\x00\x00\x00\0\0\0\0");
        assert_eq!(&quiet[48..56], &original[48..56], "the data chunk header kept");
        assert!(quiet[56..].iter().all(|&b| b == 0xFF));
    }

    #[tokio::test]
    async fn alaw_and_pcm_get_their_own_silence() {
        let alaw = wave(6, 8, &[1, 2, 3]);
        assert!(read_all(&alaw, alaw.len() as u64).await[56..].iter().all(|&b| b == 0xD5));
        let pcm = wave(1, 16, &[1, 2, 3, 4]);
        assert!(read_all(&pcm, pcm.len() as u64).await[56..].iter().all(|&b| b == 0));
    }

    #[tokio::test]
    async fn anything_else_is_mulaw_silence_of_the_same_length() {
        let quiet = read_all(b"not a wave file", 100_000).await;
        assert_eq!(quiet.len(), 100_000);
        assert!(quiet.iter().all(|&b| b == 0xFF));
    }
}
