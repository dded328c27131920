//! RIFF WAVE files for call recordings and tests: 16-bit linear PCM
//! (format tag 1), A-law (6) and μ-law (7) at 8 bits, mono or stereo;
//! and mixing two linear streams.
//!
//! Layout (RIFF, Microsoft Multimedia Programming Interface, 1991):
//! `RIFF <size> WAVE`, then chunks `<id> <size LE> <data> [pad byte]`.
//! The writer emits `fmt ` (16 bytes for PCM, 18 with `cbSize = 0`
//! otherwise), a `fact` chunk with the sample count for the G.711
//! encodings, and `data`. The reader skips unknown chunks.

use crate::{RtpError, g711};

/// The sample encoding of a WAV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WavFormat {
    /// 16-bit signed little-endian linear PCM.
    Pcm16,
    /// 8-bit G.711 μ-law.
    MuLaw,
    /// 8-bit G.711 A-law.
    ALaw,
}

impl WavFormat {
    fn format_tag(self) -> u16 {
        match self {
            Self::Pcm16 => 1,
            Self::ALaw => 6,
            Self::MuLaw => 7,
        }
    }

    fn bits(self) -> u16 {
        if self == Self::Pcm16 { 16 } else { 8 }
    }

    fn from_tag(format_tag: u16, bits: u16) -> Result<Self, RtpError> {
        match (format_tag, bits) {
            (1, 16) => Ok(Self::Pcm16),
            (6, 8) => Ok(Self::ALaw),
            (7, 8) => Ok(Self::MuLaw),
            _ => Err(RtpError::WavUnsupported { format_tag, bits }),
        }
    }
}

/// A WAV file's format and sample data (interleaved when stereo).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wav {
    /// The encoding of `data`.
    pub format: WavFormat,
    /// Samples per second per channel.
    pub sample_rate: u32,
    /// 1 or 2.
    pub channels: u16,
    /// The `data` chunk's bytes.
    pub data: Vec<u8>,
}

impl Wav {
    /// 16-bit PCM from linear samples.
    pub fn pcm16(sample_rate: u32, channels: u16, samples: &[i16]) -> Self {
        let data = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
        Self { format: WavFormat::Pcm16, sample_rate, channels, data }
    }

    /// μ-law from G.711 codes (an RTP PCMU payload, for instance).
    pub fn mulaw(sample_rate: u32, channels: u16, codes: &[u8]) -> Self {
        Self { format: WavFormat::MuLaw, sample_rate, channels, data: codes.to_vec() }
    }

    /// A-law from G.711 codes.
    pub fn alaw(sample_rate: u32, channels: u16, codes: &[u8]) -> Self {
        Self { format: WavFormat::ALaw, sample_rate, channels, data: codes.to_vec() }
    }

    /// The data as linear samples, whatever the encoding.
    pub fn samples(&self) -> Vec<i16> {
        match self.format {
            WavFormat::Pcm16 => self.data.chunks_exact(2).map(|b| i16::from_le_bytes([b[0], b[1]])).collect(),
            WavFormat::MuLaw => g711::ulaw_decode_all(&self.data),
            WavFormat::ALaw => g711::alaw_decode_all(&self.data),
        }
    }

    /// The file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut chunks = chunk(b"fmt ", &self.fmt_chunk());
        if self.format != WavFormat::Pcm16 {
            let frames = self.data.len() as u32 / u32::from(self.channels.max(1));
            chunks.extend(chunk(b"fact", &frames.to_le_bytes()));
        }
        chunks.extend(chunk(b"data", &self.data));
        let mut out = b"RIFF".to_vec();
        out.extend_from_slice(&(4 + chunks.len() as u32).to_le_bytes());
        out.extend_from_slice(b"WAVE");
        out.extend(chunks);
        out
    }

    fn fmt_chunk(&self) -> Vec<u8> {
        let block_align = self.channels.saturating_mul(self.format.bits()) / 8;
        let mut fmt = Vec::with_capacity(18);
        fmt.extend_from_slice(&self.format.format_tag().to_le_bytes());
        fmt.extend_from_slice(&self.channels.to_le_bytes());
        fmt.extend_from_slice(&self.sample_rate.to_le_bytes());
        fmt.extend_from_slice(&self.sample_rate.saturating_mul(u32::from(block_align)).to_le_bytes());
        fmt.extend_from_slice(&block_align.to_le_bytes());
        fmt.extend_from_slice(&self.format.bits().to_le_bytes());
        if self.format != WavFormat::Pcm16 {
            fmt.extend_from_slice(&0u16.to_le_bytes());
        }
        fmt
    }

    /// Reads a WAV file.
    pub fn parse(bytes: &[u8]) -> Result<Self, RtpError> {
        if bytes.len() < 12 || &bytes[..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
            return Err(RtpError::NotWave);
        }
        let mut format = None;
        for (id, body) in Chunks(&bytes[12..]) {
            match (&id, format) {
                (b"fmt ", _) => format = Some(parse_fmt(body?)?),
                (b"data", Some((format, sample_rate, channels))) => {
                    return Ok(Self { format, sample_rate, channels, data: body?.to_vec() });
                }
                _ => {
                    body?;
                }
            }
        }
        Err(RtpError::WavMissingChunk)
    }
}

/// `<id> <size LE> <body> [pad]`.
fn chunk(id: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let mut out = id.to_vec();
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(body);
    if body.len() % 2 == 1 {
        out.push(0);
    }
    out
}

/// The format, sample rate and channels of a `fmt ` chunk.
fn parse_fmt(body: &[u8]) -> Result<(WavFormat, u32, u16), RtpError> {
    let field = |at: usize| body.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let (Some(tag), Some(channels), Some(bits)) = (field(0), field(2), field(14)) else {
        return Err(RtpError::WavTruncated);
    };
    let sample_rate = body.get(4..8).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).unwrap_or(0);
    if !(1..=2).contains(&channels) {
        return Err(RtpError::WavUnsupported { format_tag: tag, bits });
    }
    Ok((WavFormat::from_tag(tag, bits)?, sample_rate, channels))
}

/// Iterates the chunks after `WAVE`; a chunk that overruns yields an error.
struct Chunks<'a>(&'a [u8]);

impl<'a> Iterator for Chunks<'a> {
    type Item = ([u8; 4], Result<&'a [u8], RtpError>);

    fn next(&mut self) -> Option<Self::Item> {
        let header = self.0.get(..8)?;
        let id = [header[0], header[1], header[2], header[3]];
        let size = u32::from_le_bytes([header[4], header[5], header[6], header[7]]) as usize;
        let Some(body) = self.0.get(8..).and_then(|rest| rest.get(..size)) else {
            self.0 = &[];
            return Some((id, Err(RtpError::WavTruncated)));
        };
        self.0 = self.0.get(8 + size + size % 2..).unwrap_or(&[]);
        Some((id, Ok(body)))
    }
}

/// Mixes two linear streams sample by sample with saturation; the shorter
/// one is treated as silence past its end.
pub fn mix(a: &[i16], b: &[i16]) -> Vec<i16> {
    let at = |s: &[i16], i: usize| s.get(i).copied().unwrap_or(0);
    (0..a.len().max(b.len())).map(|i| at(a, i).saturating_add(at(b, i))).collect()
}
