//! Parsing SIP messages from bytes (RFC 3261 §7, §18.3, §20; RFC 4475
//! torture cases; RFC 5118 IPv6).
//!
//! Two entry points, by transport (§18.3):
//!
//! - [`parse_datagram`]: one message per UDP datagram. The body is
//!   Content-Length bytes when the header is present (extra bytes are
//!   discarded; fewer is an error), else the rest of the datagram.
//! - [`parse_stream`]: TCP/TLS. Content-Length is mandatory; `Ok(None)` means
//!   "read more" and is returned for every valid prefix, but a prefix that
//!   already breaks a [`Limits`] bound is an error, never a wait.
//!
//! Errors carry the reply RFC 3261 names ([`ParseError::status`]);
//! [`error_response`] builds that reply from whatever headers survive.
//! The parser never recurses, never panics on input, and enforces every
//! limit before allocating for it.

mod frame;
mod head;
mod reply;
mod validate;

pub use reply::error_response;

use crate::error::ParseError;
use crate::{Message, Request, Response};
use frame::{Frame, find_head, leading_crlf};
use head::StartLine;

/// Size bounds applied while parsing; exceeding any is an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Start line + headers + body.
    pub max_message_bytes: usize,
    /// Header field values (after splitting lists), and header lines.
    pub max_headers: usize,
    /// One physical line.
    pub max_line_bytes: usize,
}

impl Default for Limits {
    /// 64 KiB messages (the UDP maximum), 128 headers, 8 KiB lines.
    fn default() -> Self {
        Self { max_message_bytes: 64 * 1024, max_headers: 128, max_line_bytes: 8 * 1024 }
    }
}

/// Parses the one message of a datagram (§18.3).
pub fn parse_datagram(buf: &[u8], limits: &Limits) -> Result<Message, ParseError> {
    let start = leading_crlf(buf);
    datagram(buf, start, limits).map_err(|err| in_context(&buf[start..], err))
}

/// Parses the first message of a stream buffer. `Ok(Some((message, used)))`
/// consumed `used` bytes (leading CRLFs included); `Ok(None)` needs more.
pub fn parse_stream(buf: &[u8], limits: &Limits) -> Result<Option<(Message, usize)>, ParseError> {
    let start = leading_crlf(buf);
    stream(buf, start, limits).map_err(|err| in_context(&buf[start..], err))
}

/// The number of leading CR/LF bytes: keep-alives (RFC 5626 §3.5.1) that a
/// stream reader may drop when no message follows yet.
pub fn skip_keepalive(buf: &[u8]) -> usize {
    leading_crlf(buf)
}

/// The datagram parse proper.
fn datagram(buf: &[u8], start: usize, limits: &Limits) -> Result<Message, ParseError> {
    if buf.len() > limits.max_message_bytes {
        return Err(ParseError::TooLarge { limit: limits.max_message_bytes });
    }
    if start == buf.len() {
        return Err(ParseError::Empty);
    }
    let frame = find_head(buf, start, limits)?.ok_or(ParseError::Incomplete)?;
    let (start_line, headers) = parse_head(buf, frame, limits)?;
    let available = buf.len() - frame.body_start;
    let body_len = match headers.content_length()? {
        Some(declared) if declared > available => {
            return Err(ParseError::Truncated { declared, actual: available });
        }
        Some(declared) => declared,
        None => available,
    };
    let body = buf[frame.body_start..frame.body_start + body_len].to_vec();
    Ok(message(start_line, headers, body))
}

/// The stream parse proper.
fn stream(buf: &[u8], start: usize, limits: &Limits) -> Result<Option<(Message, usize)>, ParseError> {
    if start == buf.len() {
        return Ok(None);
    }
    let Some(frame) = find_head(buf, start, limits)? else {
        return Ok(None);
    };
    let (start_line, headers) = parse_head(buf, frame, limits)?;
    let declared = headers.content_length()?.ok_or(ParseError::MissingContentLength)?;
    let head_bytes = frame.body_start - start;
    if declared > limits.max_message_bytes.saturating_sub(head_bytes) {
        return Err(ParseError::BodyTooLarge { declared, limit: limits.max_message_bytes });
    }
    let end = frame.body_start + declared;
    if buf.len() < end {
        return Ok(None);
    }
    let body = buf[frame.body_start..end].to_vec();
    Ok(Some((message(start_line, headers, body), end)))
}

/// Parses and validates the start line and headers of a framed head.
fn parse_head(buf: &[u8], frame: Frame, limits: &Limits) -> Result<(StartLine, crate::Headers), ParseError> {
    let text = std::str::from_utf8(&buf[frame.start..frame.head_end]).map_err(|_| ParseError::NotUtf8)?;
    let (first, fields) = head::split_lines(text)?;
    let start_line = head::start_line(first)?;
    let headers = head::headers(&fields, limits)?;
    match &start_line {
        StartLine::Request { method, .. } => validate::request(method, &headers)?,
        StartLine::Response { .. } => validate::common(&headers)?,
    }
    Ok((start_line, headers))
}

/// Assembles the message.
fn message(start_line: StartLine, headers: crate::Headers, body: Vec<u8>) -> Message {
    match start_line {
        StartLine::Request { method, uri } => Message::Request(Request { method, uri, headers, body }),
        StartLine::Response { status, reason } => Message::Response(Response { status, reason, headers, body }),
    }
}

/// Marks errors in what looks like a response, which are never answered.
fn in_context(message: &[u8], err: ParseError) -> ParseError {
    let is_response = message.get(..4).is_some_and(|p| p.eq_ignore_ascii_case(b"SIP/"));
    match err {
        ParseError::Empty | ParseError::Garbage | ParseError::Response(_) => err,
        err if is_response => ParseError::Response(Box::new(err)),
        err => err,
    }
}
