//! Lexical helpers for header values (RFC 3261 §25.1: token, LWS,
//! quoted-string, quoted-pair) and for splitting comma-separated values
//! (§7.3.1).
//!
//! Values reach these helpers already unfolded (no CR or LF), so LWS is just
//! runs of SP and HTAB.

use crate::error::SyntaxError;

/// `token` characters (RFC 3261 §25.1).
pub(crate) fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-.!%*_+`'~".contains(c)
}

/// SP or HTAB.
pub(crate) fn is_wsp(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// `s` without leading SP/HTAB.
pub(crate) fn skip_lws(s: &str) -> &str {
    s.trim_start_matches(is_wsp)
}

/// `s` without leading or trailing SP/HTAB.
pub(crate) fn trim_lws(s: &str) -> &str {
    s.trim_matches(is_wsp)
}

/// Whether `s` is a non-empty token.
pub(crate) fn is_token(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_token_char)
}

/// Splits `s` after its leading token.
pub(crate) fn take_token(s: &str) -> (&str, &str) {
    let end = s.find(|c| !is_token_char(c)).unwrap_or(s.len());
    s.split_at(end)
}

/// Skips LWS, requires `sep`, skips LWS again (the `SLASH`, `EQUAL`, `SEMI`
/// productions of §25.1).
pub(crate) fn expect_sep(s: &str, sep: char) -> Option<&str> {
    skip_lws(s).strip_prefix(sep).map(skip_lws)
}

/// Reads the quoted-string `s` starts with and returns its unescaped content
/// and the rest.
pub(crate) fn take_quoted(s: &str) -> Result<(String, &str), SyntaxError> {
    let end = quoted_len(s)?;
    let mut out = String::with_capacity(end);
    let mut chars = s[1..end - 1].chars();
    while let Some(c) = chars.next() {
        out.push(if c == '\\' { chars.next().unwrap_or(c) } else { c });
    }
    Ok((out, &s[end..]))
}

/// The byte length of the quoted-string `s` starts with, quotes included.
pub(crate) fn quoted_len(s: &str) -> Result<usize, SyntaxError> {
    let bytes = s.as_bytes();
    if bytes.first() != Some(&b'"') {
        return Err(SyntaxError::Quote);
    }
    let mut at = 1;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => return Ok(at + 1),
            b'\\' => at += 2,
            _ => at += 1,
        }
    }
    Err(SyntaxError::Quote)
}

/// Splits `s` at every `sep` outside quoted strings and `<...>`, trimming
/// LWS around each piece (§7.3.1: `field: a, b` is `field: a` + `field: b`).
pub(crate) fn split_top_level(s: &str, sep: u8) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut state = Nesting::Top;
    let mut start = 0;
    for (at, &byte) in s.as_bytes().iter().enumerate() {
        if state == Nesting::Top && byte == sep {
            pieces.push(trim_lws(&s[start..at]));
            start = at + 1;
        } else {
            state = state.next(byte);
        }
    }
    pieces.push(trim_lws(&s[start..]));
    pieces
}

/// Where a byte sits while splitting at top-level separators.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Nesting {
    Top,
    Quoted,
    Escaped,
    Angle,
}

impl Nesting {
    /// The state after `byte`.
    fn next(self, byte: u8) -> Self {
        match (self, byte) {
            (Self::Top, b'"') => Self::Quoted,
            (Self::Top, b'<') => Self::Angle,
            (Self::Quoted, b'\\') => Self::Escaped,
            (Self::Quoted, b'"') | (Self::Angle, b'>') => Self::Top,
            (Self::Escaped, _) => Self::Quoted,
            (state, _) => state,
        }
    }
}

/// Parses a decimal number of digits only (no sign, no LWS).
pub(crate) fn parse_number<T: std::str::FromStr>(s: &str) -> Result<T, SyntaxError> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SyntaxError::Number);
    }
    s.parse().map_err(|_| SyntaxError::Number)
}

/// Writes `s` as a quoted-string, escaping `"`, `\` and control characters.
pub(crate) fn write_quoted(f: &mut std::fmt::Formatter<'_>, s: &str) -> std::fmt::Result {
    use std::fmt::Write;
    f.write_char('"')?;
    for c in s.chars().filter(|c| *c != '\r' && *c != '\n') {
        if c == '"' || c == '\\' || (c.is_ascii_control() && c != '\t') {
            f.write_char('\\')?;
        }
        f.write_char(c)?;
    }
    f.write_char('"')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_string_unescapes_pairs() {
        let (text, rest) = take_quoted(r#""J Rosenberg \\\"" <x>"#).unwrap();
        assert_eq!(text, r#"J Rosenberg \""#);
        assert_eq!(rest, " <x>");
    }

    #[test]
    fn unterminated_quote_is_an_error() {
        assert_eq!(take_quoted(r#""abc\""#), Err(SyntaxError::Quote));
    }

    #[test]
    fn split_ignores_commas_in_quotes_and_angles() {
        let parts = split_top_level(r#""a, b" <sip:x;p=1,2>, sip:y , "\",""#, b',');
        assert_eq!(parts, [r#""a, b" <sip:x;p=1,2>"#, "sip:y", r#""\",""#]);
    }

    #[test]
    fn numbers_reject_signs_and_overflow() {
        assert_eq!(parse_number::<u32>("0068"), Ok(68));
        assert!(parse_number::<u32>("-1").is_err());
        assert!(parse_number::<u32>("+1").is_err());
        assert!(parse_number::<u32>("4294967296").is_err());
    }
}
