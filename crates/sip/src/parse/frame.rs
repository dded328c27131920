//! Framing: where the head of a message ends (RFC 3261 §7: the empty line),
//! with the size limits enforced while scanning, before anything is
//! allocated.
//!
//! Lines end in CRLF; a bare LF is accepted too (RFC 4475 §3.1.1 leniency).
//! CR/LF before the start line are skipped (§7.5).

use super::Limits;
use crate::error::ParseError;

/// Offsets of one message's head inside a buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Frame {
    /// First byte of the start line (after skipped CR/LF).
    pub(super) start: usize,
    /// End of the last header line's terminator.
    pub(super) head_end: usize,
    /// First body byte (after the empty line).
    pub(super) body_start: usize,
}

/// The number of CR/LF bytes before the start line.
pub(super) fn leading_crlf(buf: &[u8]) -> usize {
    buf.iter().take_while(|b| matches!(b, b'\r' | b'\n')).count()
}

/// Finds the empty line ending the head that begins at `start`.
/// `Ok(None)`: no empty line yet and no limit exceeded.
pub(super) fn find_head(buf: &[u8], start: usize, limits: &Limits) -> Result<Option<Frame>, ParseError> {
    let mut line_start = start;
    let mut fields = 0;
    while let Some(newline) = buf[line_start..].iter().position(|&b| b == b'\n') {
        let line_end = line_start + newline;
        let line = strip_cr(&buf[line_start..line_end]);
        if line.is_empty() {
            return Ok(Some(Frame { start, head_end: line_start, body_start: line_end + 1 }));
        }
        check_line(line.len(), line_start == start, limits)?;
        fields += usize::from(!matches!(line[0], b' ' | b'\t'));
        check_totals(fields, line_end + 1 - start, limits)?;
        line_start = line_end + 1;
    }
    check_line(buf.len() - line_start, line_start == start, limits)?;
    check_totals(fields, buf.len() - start, limits)?;
    Ok(None)
}

/// `line` without one trailing CR.
fn strip_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Enforces the line limit (a long first line is a long Request-URI, §21.4.12).
fn check_line(len: usize, is_start_line: bool, limits: &Limits) -> Result<(), ParseError> {
    let limit = limits.max_line_bytes;
    match (len > limit, is_start_line) {
        (false, _) => Ok(()),
        (true, true) => Err(ParseError::RequestLineTooLong { limit }),
        (true, false) => Err(ParseError::LineTooLong { limit }),
    }
}

/// Enforces the header-count (start line included) and size limits.
fn check_totals(fields: usize, bytes: usize, limits: &Limits) -> Result<(), ParseError> {
    if fields > limits.max_headers.saturating_add(1) {
        return Err(ParseError::TooManyHeaders { limit: limits.max_headers });
    }
    match bytes > limits.max_message_bytes {
        true => Err(ParseError::TooLarge { limit: limits.max_message_bytes }),
        false => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits { max_message_bytes: 64, max_headers: 2, max_line_bytes: 16 }
    }

    #[test]
    fn finds_crlf_and_bare_lf_heads() {
        let frame = find_head(b"\r\nA\r\nB: 1\r\n\r\nbody", 2, &limits()).unwrap().unwrap();
        assert_eq!(frame, Frame { start: 2, head_end: 11, body_start: 13 });
        let frame = find_head(b"A\nB: 1\n\nbody", 0, &limits()).unwrap().unwrap();
        assert_eq!(frame, Frame { start: 0, head_end: 7, body_start: 8 });
    }

    #[test]
    fn waits_for_the_empty_line() {
        assert_eq!(find_head(b"A\r\nB: 1\r\n\r", 0, &limits()), Ok(None));
    }

    #[test]
    fn enforces_limits_on_incomplete_input() {
        let long = [b'x'; 17];
        assert_eq!(find_head(&long, 0, &limits()), Err(ParseError::RequestLineTooLong { limit: 16 }));
        assert_eq!(
            find_head(b"A\r\nB: 1\r\nC: 2\r\nD: 3\r\n", 0, &limits()),
            Err(ParseError::TooManyHeaders { limit: 2 })
        );
        let folded = format!("A\r\nB: 1\r\n{}", " continued\r\n".repeat(6));
        assert_eq!(find_head(folded.as_bytes(), 0, &limits()), Err(ParseError::TooLarge { limit: 64 }));
    }
}
