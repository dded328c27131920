//! Checks a parsed head must pass before it becomes a message: the
//! mandatory headers of RFC 3261 §8.1.1 (Via, From, To, Call-ID, CSeq), one
//! value for single-valued headers (RFC 4475 §3.3.8, §3.3.9), CSeq method =
//! request method (§8.1.1.5, RFC 4475 §3.1.2.17), Max-Forwards 0–255
//! (§20.22, RFC 4475 §3.1.2.4), a numeric Content-Length (§20.14).
//!
//! Max-Forwards itself is optional here: RFC 3261 §8.1.1.6 makes it a MUST
//! for senders, but RFC 2543 peers omit it and a registrar can cope.
//! From/To/Contact/Route accept any URI scheme at this layer (RFC 4475
//! §3.3.4); the typed accessors demand `sip`/`sips`.

use crate::error::{HeaderError, ParseError, SyntaxError};
use crate::header::RawNameAddr;
use crate::header::scan::trim_lws;
use crate::{HeaderName, Headers, Method};

/// Checks a request's headers against its method.
pub(super) fn request(method: &Method, headers: &Headers) -> Result<(), ParseError> {
    common(headers)?;
    if headers.cseq()?.method != *method {
        return Err(ParseError::CSeqMismatch);
    }
    match headers.max_forwards()? {
        Some(hops) if hops > 255 => Err(malformed(HeaderName::MaxForwards, SyntaxError::Number)),
        _ => Ok(()),
    }
}

/// Checks shared by requests and responses.
pub(super) fn common(headers: &Headers) -> Result<(), ParseError> {
    no_duplicates(headers)?;
    headers.vias()?;
    address(headers, HeaderName::From)?;
    address(headers, HeaderName::To)?;
    headers.call_id()?;
    headers.cseq()?;
    headers.content_length()?;
    contacts(headers)?;
    for name in [HeaderName::Route, HeaderName::RecordRoute] {
        addresses(headers, &name)?;
    }
    Ok(())
}

/// Fails on the first single-valued header that appears twice.
fn no_duplicates(headers: &Headers) -> Result<(), ParseError> {
    let mut seen: Vec<&HeaderName> = Vec::new();
    for (name, _) in headers.iter().filter(|(name, _)| name.is_single()) {
        if seen.contains(&name) {
            return Err(ParseError::Duplicate(name.clone()));
        }
        seen.push(name);
    }
    Ok(())
}

/// A required name-addr header, any scheme.
fn address(headers: &Headers, name: HeaderName) -> Result<(), ParseError> {
    let value = headers.get(&name).ok_or(HeaderError::Missing(name.clone()))?;
    RawNameAddr::parse(value).map_err(|reason| malformed(name, reason))?;
    Ok(())
}

/// Every value of an optional name-addr list header.
fn addresses(headers: &Headers, name: &HeaderName) -> Result<(), ParseError> {
    for value in headers.get_all(name) {
        RawNameAddr::parse(value).map_err(|reason| malformed(name.clone(), reason))?;
    }
    Ok(())
}

/// Contact: `*` alone (§10.2.2), or name-addrs.
fn contacts(headers: &Headers) -> Result<(), ParseError> {
    let values = headers.get_all(&HeaderName::Contact).map(trim_lws);
    let (stars, others) = values.fold((0, 0), |(s, o), v| if v == "*" { (s + 1, o) } else { (s, o + 1) });
    if stars > 1 || (stars == 1 && others > 0) {
        return Err(malformed(HeaderName::Contact, SyntaxError::Star));
    }
    addresses_except_star(headers)
}

/// Every non-`*` Contact value parses as a name-addr.
fn addresses_except_star(headers: &Headers) -> Result<(), ParseError> {
    let values = headers.get_all(&HeaderName::Contact).filter(|v| trim_lws(v) != "*");
    for value in values {
        RawNameAddr::parse(value).map_err(|reason| malformed(HeaderName::Contact, reason))?;
    }
    Ok(())
}

/// Shorthand for a malformed-header parse error.
fn malformed(name: HeaderName, reason: SyntaxError) -> ParseError {
    ParseError::Header(HeaderError::malformed(name, reason))
}
