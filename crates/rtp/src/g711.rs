//! G.711 μ-law and A-law (ITU-T G.711; RFC 3551 §4.5.14 PCMU and PCMA),
//! between 8-bit codes and 16-bit linear samples.
//!
//! The decoders return the G.711 decoder output values scaled to 16 bits
//! (μ-law: ×4 from 14 bits, max 32124; A-law: ×8 from 13 bits, max 32256).
//! The encoders truncate as G.711's decision tables do and, as the ITU-T
//! G.191 reference code does, take negative samples by one's complement
//! (so a sample on a decision value falls in the interval nearer zero), so
//! `encode(decode(code)) == code` for every code but μ-law's negative
//! zero (0x7F), which decodes to 0 and encodes as positive zero (0xFF).

/// μ-law bias (0x84 = 33 × 4).
const ULAW_BIAS: i32 = 0x84;
/// Largest magnitude the μ-law encoder takes before the bias.
const ULAW_CLIP: i32 = 32635;

/// Encodes one linear sample as μ-law.
pub fn ulaw_encode(sample: i16) -> u8 {
    let value = i32::from(sample);
    let sign = if value < 0 { 0x80 } else { 0 };
    let magnitude = if value < 0 { !value } else { value }.min(ULAW_CLIP) + ULAW_BIAS;
    let exponent = (0..8).rev().find(|e| magnitude & (0x80 << e) != 0).unwrap_or(0);
    let mantissa = (magnitude >> (exponent + 3)) & 0x0f;
    !(sign | (exponent << 4) as u8 | mantissa as u8)
}

/// Decodes one μ-law code.
pub fn ulaw_decode(code: u8) -> i16 {
    let code = !code;
    let exponent = (code >> 4) & 0x07;
    let magnitude = (((i32::from(code & 0x0f) << 3) + ULAW_BIAS) << exponent) - ULAW_BIAS;
    (if code & 0x80 != 0 { -magnitude } else { magnitude }) as i16
}

/// Encodes one linear sample as A-law.
pub fn alaw_encode(sample: i16) -> u8 {
    let value = i32::from(sample) >> 3;
    let (magnitude, mask) = if value >= 0 { (value, 0xd5) } else { (-value - 1, 0x55) };
    let segment = (0..8).find(|s| magnitude < (0x20 << s)).unwrap_or(8);
    let code = match segment {
        8 => 0x7f,
        0 | 1 => (segment << 4) as u8 | ((magnitude >> 1) & 0x0f) as u8,
        _ => (segment << 4) as u8 | ((magnitude >> segment) & 0x0f) as u8,
    };
    code ^ mask
}

/// Decodes one A-law code.
pub fn alaw_decode(code: u8) -> i16 {
    let code = code ^ 0x55;
    let segment = (code & 0x70) >> 4;
    let step = i32::from(code & 0x0f) << 4;
    let magnitude = match segment {
        0 => step + 8,
        _ => (step + 0x108) << (segment - 1),
    };
    (if code & 0x80 != 0 { magnitude } else { -magnitude }) as i16
}

/// Encodes samples as μ-law.
pub fn ulaw_encode_all(samples: &[i16]) -> Vec<u8> {
    samples.iter().copied().map(ulaw_encode).collect()
}

/// Decodes μ-law codes.
pub fn ulaw_decode_all(codes: &[u8]) -> Vec<i16> {
    codes.iter().copied().map(ulaw_decode).collect()
}

/// Encodes samples as A-law.
pub fn alaw_encode_all(samples: &[i16]) -> Vec<u8> {
    samples.iter().copied().map(alaw_encode).collect()
}

/// Decodes A-law codes.
pub fn alaw_decode_all(codes: &[u8]) -> Vec<i16> {
    codes.iter().copied().map(alaw_decode).collect()
}
