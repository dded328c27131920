//! The one error type of the crate: malformed RTP (RFC 3550 App. A.1
//! validity checks), RFC 4733 payloads and WAV files.

/// Why bytes could not be read as RTP, a telephone event or a WAV file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RtpError {
    /// Fewer bytes than the fixed part requires.
    #[error("{len} bytes is too short")]
    TooShort {
        /// The length received.
        len: usize,
    },
    /// A version other than 2 (RFC 3550 §5.1).
    #[error("RTP version {0} is not 2")]
    Version(u8),
    /// The CSRC list runs past the end (RFC 3550 §5.1, CC).
    #[error("CSRC list runs past the end of the packet")]
    CsrcOverrun,
    /// The header extension runs past the end (RFC 3550 §5.3.1).
    #[error("header extension runs past the end of the packet")]
    ExtensionOverrun,
    /// The padding count is 0 or larger than the payload (RFC 3550 §5.1, P).
    #[error("invalid padding count")]
    BadPadding,
    /// The packet type is an RTCP one, 200–204 (RFC 5761 §4).
    #[error("packet is RTCP, not RTP")]
    Rtcp,
    /// Not a RIFF/WAVE file.
    #[error("not a RIFF WAVE file")]
    NotWave,
    /// A WAV chunk runs past the end of the file.
    #[error("WAV chunk runs past the end of the file")]
    WavTruncated,
    /// No `fmt ` chunk before `data`, or no `data` chunk.
    #[error("WAV file lacks its fmt or data chunk")]
    WavMissingChunk,
    /// A WAV encoding other than PCM 16-bit, μ-law or A-law 8-bit.
    #[error("unsupported WAV encoding (format tag {format_tag}, {bits} bits)")]
    WavUnsupported {
        /// The `fmt ` chunk's format tag.
        format_tag: u16,
        /// Bits per sample.
        bits: u16,
    },
}
