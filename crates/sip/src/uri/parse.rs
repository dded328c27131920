//! Parsing SIP-URI / SIPS-URI (RFC 3261 §19.1.1, §25.1) and hosts
//! (RFC 3261 §25.1 hostport, RFC 5118 §4 bracketed IPv6 references).
//!
//! `sip:user:password@host:port;uri-parameters?headers`. The user part may
//! itself hold `;`, `?` and `/` (RFC 4475 §3.1.1.9), so the userinfo ends at
//! the first `@`, which no later component may contain unescaped.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use super::escape::unescape;
use super::{Host, Scheme, Uri};
use crate::error::SyntaxError;
use crate::header::scan::parse_number;

impl FromStr for Uri {
    type Err = SyntaxError;

    fn from_str(s: &str) -> Result<Self, SyntaxError> {
        let (scheme, rest) = split_scheme(s)?;
        let scheme = sip_scheme(scheme)?;
        if !rest.bytes().all(is_uri_byte) {
            return Err(SyntaxError::Char);
        }
        let (userinfo, rest) = match rest.split_once('@') {
            Some((userinfo, rest)) => (Some(userinfo), rest),
            None => (None, rest),
        };
        let (user, password) = parse_userinfo(userinfo)?;
        let (rest, headers) = rest.split_once('?').unwrap_or((rest, ""));
        let (hostport, params) = rest.split_once(';').map_or((rest, None), |(h, p)| (h, Some(p)));
        let (host, port) = Host::parse_with_port(hostport)?;
        Ok(Self {
            scheme,
            user,
            password,
            host,
            port,
            params: params.map_or(Ok(Vec::new()), parse_params)?,
            headers: parse_headers(headers)?,
        })
    }
}

/// Splits `scheme:rest`, checking the scheme syntax of §25.1
/// (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`).
pub(crate) fn split_scheme(s: &str) -> Result<(&str, &str), SyntaxError> {
    let (scheme, rest) = s.split_once(':').ok_or(SyntaxError::Scheme)?;
    let mut chars = scheme.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    match first_ok && rest_ok {
        true => Ok((scheme, rest)),
        false => Err(SyntaxError::Scheme),
    }
}

/// `sip` or `sips`, case-insensitively (§19.1.4).
fn sip_scheme(scheme: &str) -> Result<Scheme, SyntaxError> {
    if scheme.eq_ignore_ascii_case("sip") {
        Ok(Scheme::Sip)
    } else if scheme.eq_ignore_ascii_case("sips") {
        Ok(Scheme::Sips)
    } else {
        Err(SyntaxError::UnsupportedScheme)
    }
}

/// Printable ASCII other than the delimiters that never appear in a URI.
fn is_uri_byte(b: u8) -> bool {
    b.is_ascii_graphic() && !b"<>\"".contains(&b)
}

/// `user [":" password]`, with the user's escapes decoded.
fn parse_userinfo(userinfo: Option<&str>) -> Result<(Option<String>, Option<String>), SyntaxError> {
    let Some(userinfo) = userinfo else {
        return Ok((None, None));
    };
    let (user, password) = match userinfo.split_once(':') {
        Some((user, password)) => (user, Some(password.to_owned())),
        None => (userinfo, None),
    };
    if user.is_empty() {
        return Err(SyntaxError::Empty);
    }
    Ok((Some(unescape(user)?), password))
}

/// `name[=value]` pairs separated by `;`; names lower-cased (§19.1.4).
fn parse_params(s: &str) -> Result<Vec<(String, Option<String>)>, SyntaxError> {
    s.split(';').map(parse_param).collect()
}

/// One URI parameter.
fn parse_param(s: &str) -> Result<(String, Option<String>), SyntaxError> {
    let (name, value) = s.split_once('=').map_or((s, None), |(n, v)| (n, Some(v)));
    if name.is_empty() || value == Some("") {
        return Err(SyntaxError::Param);
    }
    let value = value.map(unescape).transpose()?;
    Ok((unescape(name)?.to_ascii_lowercase(), value))
}

/// `name=value` pairs separated by `&`.
fn parse_headers(s: &str) -> Result<Vec<(String, String)>, SyntaxError> {
    if s.is_empty() {
        return Ok(Vec::new());
    }
    s.split('&').map(parse_header).collect()
}

/// One URI header.
fn parse_header(s: &str) -> Result<(String, String), SyntaxError> {
    match s.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((unescape(name)?, unescape(value)?)),
        _ => Err(SyntaxError::Param),
    }
}

impl Host {
    /// Parses `host [":" port]`; IPv6 references must be bracketed
    /// (RFC 5118 §4.1).
    pub fn parse_with_port(s: &str) -> Result<(Host, Option<u16>), SyntaxError> {
        let (host, port) = split_port(s)?;
        let port = port.map(parse_number::<u16>).transpose().map_err(|_| SyntaxError::Port)?;
        Ok((host.parse()?, port))
    }
}

/// Splits off `:port`, leaving a bracketed IPv6 reference whole.
fn split_port(s: &str) -> Result<(&str, Option<&str>), SyntaxError> {
    if s.starts_with('[') {
        let end = s.find(']').ok_or(SyntaxError::Host)?;
        let (host, rest) = s.split_at(end + 1);
        return match rest {
            "" => Ok((host, None)),
            _ => rest.strip_prefix(':').map(|port| (host, Some(port))).ok_or(SyntaxError::Host),
        };
    }
    Ok(s.split_once(':').map_or((s, None), |(h, p)| (h, Some(p))))
}

impl FromStr for Host {
    type Err = SyntaxError;

    /// `[v6]`, a dotted IPv4 address, or a domain name (lower-cased).
    fn from_str(s: &str) -> Result<Self, SyntaxError> {
        if let Some(inner) = s.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            return parse_ipv6_reference(inner).map(Host::V6).ok_or(SyntaxError::Host);
        }
        if let Ok(v4) = s.parse::<Ipv4Addr>() {
            return Ok(Host::V4(v4));
        }
        match is_domain(s) {
            true => Ok(Host::Domain(s.to_ascii_lowercase())),
            false => Err(SyntaxError::Host),
        }
    }
}

/// An IPv6 address, also in the three-colon form RFC 3261's ABNF wrongly
/// allows before an embedded IPv4 address (`2001:db8:::192.0.2.1`), which
/// RFC 5118 §4.10 asks receivers to tolerate as the two-colon form.
fn parse_ipv6_reference(inner: &str) -> Option<Ipv6Addr> {
    if let Ok(addr) = inner.parse() {
        return Some(addr);
    }
    let (head, v4) = inner.split_once(":::")?;
    v4.parse::<Ipv4Addr>().ok()?;
    format!("{head}::{v4}").parse().ok()
}

/// `hostname` of §25.1, leniently allowing `_` (seen in the wild).
fn is_domain(s: &str) -> bool {
    let chars_ok = s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b));
    chars_ok && !s.is_empty() && !s.starts_with('.') && !s.contains("..")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(s: &str) -> Uri {
        s.parse().unwrap()
    }

    #[test]
    fn parses_every_component() {
        let u = uri("SIPS:alice:secret@Example.COM:5061;Transport=tls;lr?subject=hi&x=%41");
        assert_eq!(u.scheme, Scheme::Sips);
        assert_eq!(u.user.as_deref(), Some("alice"));
        assert_eq!(u.password.as_deref(), Some("secret"));
        assert_eq!(u.host, Host::Domain("example.com".into()));
        assert_eq!(u.port, Some(5061));
        assert_eq!(u.params, [("transport".into(), Some("tls".into())), ("lr".into(), None)]);
        assert_eq!(u.headers, [("subject".into(), "hi".into()), ("x".into(), "A".into())]);
    }

    #[test]
    fn user_part_may_hold_semicolons_and_escapes() {
        let u = uri("sip:user;par=u%40example.net@example.com");
        assert_eq!(u.user.as_deref(), Some("user;par=u@example.net"));
        assert_eq!(u.host, Host::Domain("example.com".into()));
        assert!(u.params.is_empty());
    }

    #[test]
    fn parses_ipv6_references() {
        let u = uri("sip:[2001:db8::10]:5070");
        assert_eq!(u.host, Host::V6("2001:db8::10".parse().unwrap()));
        assert_eq!(u.port, Some(5070));
        assert_eq!(uri("sip:[::1]").port, None);
    }

    #[test]
    fn rejects_malformed_uris() {
        assert_eq!("http://x".parse::<Uri>(), Err(SyntaxError::UnsupportedScheme));
        assert_eq!("<sip:x>".parse::<Uri>(), Err(SyntaxError::Scheme));
        assert_eq!("sip:a b".parse::<Uri>(), Err(SyntaxError::Char));
        assert_eq!("sip:2001:db8::1".parse::<Uri>(), Err(SyntaxError::Port));
        assert_eq!("sip:[2001:db8::1".parse::<Uri>(), Err(SyntaxError::Host));
        assert_eq!("sip:x:99999".parse::<Uri>(), Err(SyntaxError::Port));
        assert_eq!("sip:@x".parse::<Uri>(), Err(SyntaxError::Empty));
        assert_eq!("sip:x;;lr".parse::<Uri>(), Err(SyntaxError::Param));
        assert_eq!("sip:a@b@c".parse::<Uri>(), Err(SyntaxError::Host));
    }
}
