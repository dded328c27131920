//! The head of a message: start line (RFC 3261 §7.1 Request-Line, §7.2
//! Status-Line) and header fields (§7.3), with line folding undone
//! (§7.3.1), compact names mapped (§7.3.3) and list headers split into one
//! entry per value.

use super::Limits;
use crate::error::{ParseError, SyntaxError};
use crate::header::scan::{is_token, is_wsp, split_top_level, trim_lws};
use crate::{HeaderName, Headers, Method, Uri};

/// A parsed start line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum StartLine {
    /// `Method SP Request-URI SP SIP/2.0`.
    Request { method: Method, uri: Uri },
    /// `SIP/2.0 SP code SP reason`.
    Response { status: u16, reason: String },
}

/// Parses the start line.
pub(super) fn start_line(line: &str) -> Result<StartLine, ParseError> {
    match line.get(..4) {
        Some(prefix) if prefix.eq_ignore_ascii_case("SIP/") => status_line(line),
        _ => request_line(line),
    }
}

/// `SIP/2.0 200 OK`; the reason may be empty (RFC 4475 §3.1.1.13).
fn status_line(line: &str) -> Result<StartLine, ParseError> {
    let (version, rest) = line.split_once(' ').ok_or(ParseError::StatusLine)?;
    let (code, reason) = rest.split_once(' ').unwrap_or((rest, ""));
    let status = match code.len() {
        3 => code.parse::<u16>().ok().filter(|c| (100..=699).contains(c)),
        _ => None,
    };
    match (is_sip_2(version), status) {
        (true, Some(status)) => Ok(StartLine::Response { status, reason: reason.to_owned() }),
        _ => Err(ParseError::StatusLine),
    }
}

/// `INVITE sip:bob@example.com SIP/2.0`: single spaces only (RFC 4475
/// §3.1.2.8–10 are rejected with 400).
fn request_line(line: &str) -> Result<StartLine, ParseError> {
    let (method, rest) = line.split_once(' ').ok_or(ParseError::Garbage)?;
    if !is_token(method) || !mentions_sip(rest) {
        return Err(ParseError::Garbage);
    }
    let (uri, version) = rest.rsplit_once(' ').ok_or(ParseError::RequestLine)?;
    check_version(version)?;
    if uri.is_empty() || uri.contains(' ') {
        return Err(ParseError::RequestLine);
    }
    Ok(StartLine::Request { method: Method::from_token(method), uri: request_uri(uri)? })
}

/// Whether a line's tail names a SIP version at all (else it is not SIP).
fn mentions_sip(rest: &str) -> bool {
    rest.to_ascii_uppercase().contains(" SIP/")
}

/// `SIP/2.0` passes; another `SIP/x.y` is 505; anything else is 400.
fn check_version(version: &str) -> Result<(), ParseError> {
    if is_sip_2(version) {
        return Ok(());
    }
    let numbers = version.get(4..).filter(|_| version[..4].eq_ignore_ascii_case("SIP/"));
    let well_formed = numbers.and_then(|n| n.split_once('.')).is_some_and(|(major, minor)| {
        [major, minor].iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    });
    match well_formed {
        true => Err(ParseError::Version),
        false => Err(ParseError::RequestLine),
    }
}

/// `SIP/2.0`, the literal compared case-insensitively (RFC 5234 strings).
fn is_sip_2(version: &str) -> bool {
    version.eq_ignore_ascii_case("SIP/2.0")
}

/// The Request-URI: a `sip`/`sips` URI without headers (§19.1.1 table).
fn request_uri(text: &str) -> Result<Uri, ParseError> {
    let uri: Uri = text.parse().map_err(|err| match err {
        SyntaxError::UnsupportedScheme => ParseError::UnsupportedScheme,
        other => ParseError::RequestUri(other),
    })?;
    match uri.headers.is_empty() {
        true => Ok(uri),
        false => Err(ParseError::RequestUri(SyntaxError::UriHeaders)),
    }
}

/// Splits the head into its start line and its unfolded header fields.
pub(super) fn split_lines(head: &str) -> Result<(&str, Vec<String>), ParseError> {
    let mut lines = head.lines();
    let start = lines.next().ok_or(ParseError::Garbage)?;
    if start.contains('\r') {
        return Err(ParseError::Garbage);
    }
    let mut fields: Vec<String> = Vec::new();
    for line in lines {
        if line.contains('\r') {
            return Err(ParseError::HeaderLine);
        }
        match (line.starts_with(is_wsp), fields.last_mut()) {
            (true, Some(field)) => field.push_str(line),
            (true, None) => return Err(ParseError::HeaderLine),
            (false, _) => fields.push(line.to_owned()),
        }
    }
    Ok((start, fields))
}

/// Turns unfolded fields into [`Headers`], one entry per list value.
pub(super) fn headers(fields: &[String], limits: &Limits) -> Result<Headers, ParseError> {
    let mut headers = Headers::new();
    for field in fields {
        let (name, value) = name_value(field)?;
        push_values(&mut headers, name, value);
        if headers.len() > limits.max_headers {
            return Err(ParseError::TooManyHeaders { limit: limits.max_headers });
        }
    }
    Ok(headers)
}

/// `name LWS ":" LWS value` (§7.3.1).
pub(super) fn name_value(field: &str) -> Result<(HeaderName, &str), ParseError> {
    let (name, value) = field.split_once(':').ok_or(ParseError::HeaderLine)?;
    let name = name.trim_end_matches(is_wsp);
    match is_token(name) {
        true => Ok((HeaderName::from_wire(name), trim_lws(value))),
        false => Err(ParseError::HeaderLine),
    }
}

/// Appends a field's value, split at top-level commas for list headers.
fn push_values(headers: &mut Headers, name: HeaderName, value: &str) {
    if !name.is_split_list() {
        return headers.push(name, value);
    }
    for piece in split_top_level(value, b',') {
        headers.push(name.clone(), piece);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_request_and_status_lines() {
        let StartLine::Request { method, uri } = start_line("INVITE sip:a@b SIP/2.0").unwrap() else {
            panic!("request");
        };
        assert_eq!((method, uri.to_string()), (Method::Invite, "sip:a@b".to_owned()));
        let status = start_line("SIP/2.0 100 ").unwrap();
        assert_eq!(status, StartLine::Response { status: 100, reason: String::new() });
    }

    #[test]
    fn classifies_bad_start_lines() {
        assert_eq!(start_line("OPTIONS sip:t.watson@example.org SIP/7.0"), Err(ParseError::Version));
        assert_eq!(
            start_line("INVITE <sip:user@example.com> SIP/2.0"),
            Err(ParseError::RequestUri(SyntaxError::Scheme))
        );
        assert_eq!(start_line("INVITE sip:user@example.com; lr SIP/2.0"), Err(ParseError::RequestLine));
        assert_eq!(start_line("OPTIONS sip:a@b SIP/2.0  "), Err(ParseError::RequestLine));
        assert_eq!(start_line("OPTIONS nobodyknows:this SIP/2.0"), Err(ParseError::UnsupportedScheme));
        assert_eq!(start_line("GET / HTTP/1.1"), Err(ParseError::Garbage));
        assert_eq!(start_line("SIP/2.0 4294967301 better not break"), Err(ParseError::StatusLine));
    }

    #[test]
    fn unfolds_and_splits_fields() {
        let (start, fields) = split_lines("X a SIP/2.0\r\nVia: a,\r\n b\nTo :\r\n\tsip:x\r\n").unwrap();
        assert_eq!(start, "X a SIP/2.0");
        assert_eq!(fields, ["Via: a, b", "To :\tsip:x"]);
        let limits = Limits::default();
        let headers = headers(&fields, &limits).unwrap();
        assert_eq!(headers.get_all(&HeaderName::Via).collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(headers.get(&HeaderName::To), Some("sip:x"));
    }

    #[test]
    fn rejects_bad_header_lines() {
        assert_eq!(split_lines("X\r\n folded-start\r\n"), Err(ParseError::HeaderLine));
        assert_eq!(split_lines("SIP/2.0 200 O\rK\r\n"), Err(ParseError::Garbage));
        assert_eq!(split_lines("X\r\nA: b\rc\r\n"), Err(ParseError::HeaderLine));
        assert_eq!(name_value("no colon here"), Err(ParseError::HeaderLine));
        assert_eq!(name_value("Bad Name: x"), Err(ParseError::HeaderLine));
    }
}
