//! %-escaping in SIP URIs (RFC 3261 §19.1.2, §25.1 `escaped`, `user`,
//! `password`, `paramchar`, `hname`/`hvalue`).
//!
//! Parsing decodes escapes; printing escapes every byte outside the set the
//! grammar allows in that component, so decode(print(x)) == x.

use std::fmt;

use crate::error::SyntaxError;

/// `unreserved` = alphanum / mark.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b)
}

/// Bytes allowed unescaped in the user part.
pub(super) fn is_user(b: u8) -> bool {
    is_unreserved(b) || b"&=+$,;?/".contains(&b)
}

/// Bytes allowed unescaped in a URI parameter name or value.
pub(super) fn is_param(b: u8) -> bool {
    is_unreserved(b) || b"[]/:&+$".contains(&b)
}

/// Bytes allowed unescaped in a URI header name or value.
pub(super) fn is_header(b: u8) -> bool {
    is_unreserved(b) || b"[]/?:+$".contains(&b)
}

/// Decodes `%XX` escapes; the result must be UTF-8.
pub(super) fn unescape(s: &str) -> Result<String, SyntaxError> {
    if !s.contains('%') {
        return Ok(s.to_owned());
    }
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        out.push(match b {
            b'%' => hex_pair(bytes.next(), bytes.next())?,
            other => other,
        });
    }
    String::from_utf8(out).map_err(|_| SyntaxError::Escape)
}

/// The byte two hex digits spell.
fn hex_pair(high: Option<u8>, low: Option<u8>) -> Result<u8, SyntaxError> {
    let digit = |b: Option<u8>| b.and_then(|b| (b as char).to_digit(16)).ok_or(SyntaxError::Escape);
    let value = digit(high)? * 16 + digit(low)?;
    u8::try_from(value).map_err(|_| SyntaxError::Escape)
}

/// Writes `s`, escaping every byte `allowed` rejects as `%XX`.
pub(super) fn write_escaped(f: &mut fmt::Formatter<'_>, s: &str, allowed: fn(u8) -> bool) -> fmt::Result {
    for b in s.bytes() {
        if allowed(b) {
            write!(f, "{}", b as char)?;
        } else {
            write!(f, "%{b:02X}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_escapes() {
        assert_eq!(unescape("sips%3Auser%40example.com").unwrap(), "sips:user@example.com");
        assert_eq!(unescape("null-%00-null").unwrap(), "null-\0-null");
    }

    #[test]
    fn rejects_bad_escapes() {
        assert_eq!(unescape("100%"), Err(SyntaxError::Escape));
        assert_eq!(unescape("%zz"), Err(SyntaxError::Escape));
        assert_eq!(unescape("%FF"), Err(SyntaxError::Escape));
    }
}
