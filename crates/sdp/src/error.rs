//! The one error type of the crate: parse failures (RFC 8866 §5 grammar and
//! field order, our size limits) and offer/answer failures (RFC 3264 §6).
//!
//! [`SdpError::status`] names the SIP reply a B2BUA sends for an offer that
//! fails: 488 Not Acceptable Here for a valid offer we cannot serve
//! (RFC 3261 §21.4.26), 400 for an unparseable body.

/// Why a description could not be parsed or answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SdpError {
    /// No bytes, or only blank lines.
    #[error("empty session description")]
    Empty,
    /// The description exceeds the configured size.
    #[error("session description exceeds {limit} bytes")]
    TooLarge {
        /// The configured maximum.
        limit: usize,
    },
    /// More lines than allowed.
    #[error("session description has more than {limit} lines")]
    TooManyLines {
        /// The configured maximum.
        limit: usize,
    },
    /// More `m=` sections than allowed.
    #[error("session description has more than {limit} media sections")]
    TooManyMedia {
        /// The configured maximum.
        limit: usize,
    },
    /// The text is not UTF-8 (RFC 8866 §5: the default charset).
    #[error("session description is not UTF-8")]
    NotUtf8,
    /// A line is not `<letter>=<value>` (RFC 8866 §5).
    #[error("line {line}: not of the form <type>=<value>")]
    BadLine {
        /// 1-based line number.
        line: usize,
    },
    /// A type letter RFC 8866 §5 does not define (§5: such descriptions
    /// are rejected).
    #[error("line {line}: unknown field type `{field}`")]
    UnknownType {
        /// 1-based line number.
        line: usize,
        /// The unknown letter.
        field: char,
    },
    /// `v=` is not `0` (RFC 8866 §5.1).
    #[error("line {line}: unsupported protocol version")]
    Version {
        /// 1-based line number.
        line: usize,
    },
    /// A field appears where the grammar does not allow it (RFC 8866 §5).
    #[error("line {line}: `{field}=` out of order")]
    OutOfOrder {
        /// 1-based line number.
        line: usize,
        /// The field's type letter.
        field: char,
    },
    /// A mandatory field is absent (`v=`, `o=`, `s=`).
    #[error("missing `{0}=` line")]
    Missing(char),
    /// A field's value has the wrong shape or a number out of range.
    #[error("line {line}: malformed `{field}=` value")]
    Malformed {
        /// 1-based line number.
        line: usize,
        /// The field's type letter.
        field: char,
    },
    /// The offer has no usable audio stream (RTP/AVP, port not 0).
    #[error("the offer has no audio stream we can answer")]
    NoAudio,
    /// The offer's audio streams share no codec with ours.
    #[error("no codec in common with the offer")]
    NoCommonCodec,
}

impl SdpError {
    /// The SIP status and reason a UAS answers an INVITE with when its offer
    /// fails with this error.
    pub fn status(&self) -> (u16, &'static str) {
        match self {
            Self::NoAudio | Self::NoCommonCodec => (488, "Not Acceptable Here"),
            _ => (400, "Malformed SDP"),
        }
    }
}
