//! Errors of the parser, the URI grammar and the typed header views.
//!
//! Every [`ParseError`] knows the reply RFC 3261 names for it (§8.2.2 and §21):
//! a request that fails to parse is answered with 400 and a reason phrase that
//! says what was wrong ("Missing Call-ID"), 416 for a Request-URI scheme we
//! cannot serve (§8.2.2.1, §21.4.14), 505 for another SIP version (§21.5.6),
//! 513 for an oversized message (§21.5.7), 413 for an oversized body
//! (§21.4.11) and 414 for an oversized Request-URI (§21.4.12). A malformed
//! *response* is never answered; it is discarded (§18.1.2, §18.3).

use crate::HeaderName;

/// Why a message could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// Only CR/LF bytes (a keep-alive, RFC 5626 §3.5.1) or nothing at all.
    #[error("no message")]
    Empty,
    /// The bytes do not begin with a SIP start line.
    #[error("not a SIP message")]
    Garbage,
    /// The message (or its declared body) exceeds the configured size.
    #[error("message exceeds {limit} bytes")]
    TooLarge {
        /// The configured maximum.
        limit: usize,
    },
    /// The declared Content-Length alone exceeds the configured size.
    #[error("declared body of {declared} bytes exceeds {limit} bytes")]
    BodyTooLarge {
        /// The Content-Length value.
        declared: usize,
        /// The configured maximum message size.
        limit: usize,
    },
    /// A header line is longer than allowed.
    #[error("a header line exceeds {limit} bytes")]
    LineTooLong {
        /// The configured maximum.
        limit: usize,
    },
    /// The Request-Line is longer than allowed (the Request-URI, in practice).
    #[error("the Request-Line exceeds {limit} bytes")]
    RequestLineTooLong {
        /// The configured maximum.
        limit: usize,
    },
    /// More header fields than allowed.
    #[error("more than {limit} header fields")]
    TooManyHeaders {
        /// The configured maximum.
        limit: usize,
    },
    /// The head is not UTF-8 (RFC 3261 §7: header text is UTF-8).
    #[error("message head is not UTF-8")]
    NotUtf8,
    /// The Request-Line is malformed (RFC 3261 §7.1, §25.1 Request-Line).
    #[error("malformed Request-Line")]
    RequestLine,
    /// The Status-Line is malformed or the code is out of range (§7.2).
    #[error("malformed Status-Line")]
    StatusLine,
    /// A SIP version other than 2.0 (§21.5.6: 505).
    #[error("SIP version not supported")]
    Version,
    /// The Request-URI does not parse.
    #[error("malformed Request-URI: {0}")]
    RequestUri(SyntaxError),
    /// The Request-URI scheme is not `sip` or `sips` (§8.2.2.1: 416).
    #[error("unsupported Request-URI scheme")]
    UnsupportedScheme,
    /// A header line has no name or colon, or folds the start line (§7.3.1).
    #[error("malformed header line")]
    HeaderLine,
    /// A mandatory header is missing or a header value is malformed.
    #[error(transparent)]
    Header(#[from] HeaderError),
    /// A header that may appear once appears again (§7.3.1, RFC 4475 §3.3.8).
    #[error("duplicate {0} header")]
    Duplicate(HeaderName),
    /// The CSeq method differs from the request method (§8.1.1.5).
    #[error("CSeq method does not match the request method")]
    CSeqMismatch,
    /// A stream message without Content-Length (§18.3, §20.14).
    #[error("Content-Length is required on stream transports")]
    MissingContentLength,
    /// The datagram ends before the empty line that closes the head (§7).
    #[error("message ends inside its head")]
    Incomplete,
    /// The datagram ends before the declared body does (§18.3).
    #[error("body of {actual} bytes is shorter than Content-Length {declared}")]
    Truncated {
        /// The Content-Length value.
        declared: usize,
        /// The bytes that followed the head.
        actual: usize,
    },
    /// A response failed to parse; it is discarded without reply (§18.1.2).
    #[error("malformed response: {0}")]
    Response(Box<ParseError>),
}

impl ParseError {
    /// The reply RFC 3261 names for this error, or `None` when the message
    /// must simply be dropped (responses, garbage, keep-alives).
    pub fn status(&self) -> Option<(u16, &'static str)> {
        match self {
            Self::Empty | Self::Garbage | Self::StatusLine | Self::Response(_) => None,
            Self::TooLarge { .. } | Self::TooManyHeaders { .. } | Self::LineTooLong { .. } => {
                Some((513, "Message Too Large"))
            }
            Self::BodyTooLarge { .. } => Some((413, "Request Entity Too Large")),
            Self::RequestLineTooLong { .. } => Some((414, "Request-URI Too Long")),
            Self::Version => Some((505, "Version Not Supported")),
            Self::UnsupportedScheme => Some((416, "Unsupported URI Scheme")),
            other => Some((400, other.bad_request_phrase())),
        }
    }

    /// The reason phrase of a 400 reply.
    fn bad_request_phrase(&self) -> &'static str {
        match self {
            Self::NotUtf8 => "Invalid UTF-8",
            Self::RequestLine => "Malformed Request-Line",
            Self::RequestUri(_) => "Bad Request-URI",
            Self::HeaderLine => "Malformed Header Line",
            Self::Header(err) => err.phrase(),
            Self::Duplicate(name) => duplicate_phrase(name),
            Self::CSeqMismatch => "CSeq Method Mismatch",
            Self::MissingContentLength => "Missing Content-Length",
            Self::Incomplete => "Incomplete Message",
            Self::Truncated { .. } => "Body Shorter Than Content-Length",
            _ => "Bad Request",
        }
    }
}

/// A required header is absent or its value does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HeaderError {
    /// The header is absent.
    #[error("missing {0} header")]
    Missing(HeaderName),
    /// The header is present but malformed.
    #[error("malformed {name} header: {reason}")]
    Malformed {
        /// Which header.
        name: HeaderName,
        /// What is wrong with it.
        reason: SyntaxError,
    },
}

impl HeaderError {
    /// Shorthand for [`HeaderError::Malformed`].
    pub(crate) fn malformed(name: HeaderName, reason: SyntaxError) -> Self {
        Self::Malformed { name, reason }
    }

    /// The reason phrase of the 400 this error earns a request.
    fn phrase(&self) -> &'static str {
        match self {
            Self::Missing(name) => missing_phrase(name),
            Self::Malformed { name, .. } => malformed_phrase(name),
        }
    }
}

/// "Missing X" phrases for the mandatory headers (§8.1.1).
fn missing_phrase(name: &HeaderName) -> &'static str {
    match name {
        HeaderName::Via => "Missing Via",
        HeaderName::From => "Missing From",
        HeaderName::To => "Missing To",
        HeaderName::CallId => "Missing Call-ID",
        HeaderName::CSeq => "Missing CSeq",
        _ => "Missing Header",
    }
}

/// "Bad X" phrases for the headers the parser checks.
fn malformed_phrase(name: &HeaderName) -> &'static str {
    match name {
        HeaderName::Via => "Bad Via",
        HeaderName::From => "Bad From",
        HeaderName::To => "Bad To",
        HeaderName::CallId => "Bad Call-ID",
        HeaderName::CSeq => "Bad CSeq",
        HeaderName::Contact => "Bad Contact",
        HeaderName::MaxForwards => "Bad Max-Forwards",
        HeaderName::ContentLength => "Bad Content-Length",
        HeaderName::Route => "Bad Route",
        HeaderName::RecordRoute => "Bad Record-Route",
        _ => "Bad Header",
    }
}

/// "Duplicate X" phrases for the single-valued headers.
fn duplicate_phrase(name: &HeaderName) -> &'static str {
    match name {
        HeaderName::From => "Duplicate From",
        HeaderName::To => "Duplicate To",
        HeaderName::CallId => "Duplicate Call-ID",
        HeaderName::CSeq => "Duplicate CSeq",
        HeaderName::MaxForwards => "Duplicate Max-Forwards",
        HeaderName::ContentLength => "Duplicate Content-Length",
        HeaderName::ContentType => "Duplicate Content-Type",
        _ => "Duplicate Header",
    }
}

/// A grammar violation inside a URI or a header value (RFC 3261 §25.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SyntaxError {
    /// Nothing where a value was required.
    #[error("empty value")]
    Empty,
    /// No `scheme:` prefix, or one with invalid characters.
    #[error("missing or malformed URI scheme")]
    Scheme,
    /// A well-formed scheme other than `sip`/`sips`.
    #[error("unsupported URI scheme")]
    UnsupportedScheme,
    /// A character that may not appear here (whitespace, control, `<>"`).
    #[error("invalid character")]
    Char,
    /// A `%` not followed by two hex digits, or escapes that are not UTF-8.
    #[error("invalid %-escape")]
    Escape,
    /// A malformed host (RFC 3261 §25.1 host, RFC 5118 for IPv6).
    #[error("malformed host")]
    Host,
    /// A port that is not a 16-bit number.
    #[error("malformed port")]
    Port,
    /// A `;name=value` parameter without a name or with a bad value.
    #[error("malformed parameter")]
    Param,
    /// URI headers (`?name=value`) where none are allowed (§19.1.1 table).
    #[error("URI headers not allowed here")]
    UriHeaders,
    /// An unterminated quoted string.
    #[error("unterminated quoted string")]
    Quote,
    /// A missing `>` or a `<` in the wrong place.
    #[error("unbalanced angle brackets")]
    Angle,
    /// An unquoted display name with non-token characters (RFC 4475 §3.1.2.15).
    #[error("display name must be a token list or a quoted string")]
    DisplayName,
    /// Something other than a token where a token was required.
    #[error("expected a token")]
    Token,
    /// A number with non-digits or out of range.
    #[error("malformed or out-of-range number")]
    Number,
    /// A Via protocol other than `SIP/2.0`, or a missing `/`.
    #[error("malformed sent-protocol")]
    Protocol,
    /// Characters left over after a complete value.
    #[error("trailing characters")]
    Trailing,
    /// A `*` Contact mixed with addresses (RFC 3261 §10.2.2).
    #[error("`*` must be the only Contact")]
    Star,
}
