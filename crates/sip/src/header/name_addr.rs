//! `name-addr` / `addr-spec` values with header parameters: From (§20.20),
//! To (§20.39), Contact (§20.10), Route (§20.34), Record-Route (§20.30).
//!
//! `"Display" <uri>;params`, `Display <uri>;params` or `uri;params`. In the
//! last form the parameters belong to the header, not to the URI, and the URI
//! may not contain `,`, `;` or `?` (§20, RFC 4475 §3.1.2.13).
//!
//! [`RawNameAddr`] checks the shape for any URI scheme; [`NameAddr`] further
//! requires a `sip`/`sips` URI. The parser uses the first, so a REGISTER with
//! `To: isbn:...` still parses (RFC 4475 §3.3.4) and is refused later.

use std::fmt;
use std::str::FromStr;

use super::Params;
use super::scan::{is_token_char, is_wsp, skip_lws, take_quoted, trim_lws, write_quoted};
use crate::Uri;
use crate::error::SyntaxError;
use crate::uri::split_scheme;

/// A name-addr with a SIP URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameAddr {
    /// The display name, unquoted and unescaped.
    pub display_name: Option<String>,
    /// The address.
    pub uri: Uri,
    /// Header parameters (`tag`, `expires`, `q`, ...).
    pub params: Params,
}

impl NameAddr {
    /// An address with no display name and no parameters.
    pub fn new(uri: Uri) -> Self {
        Self { display_name: None, uri, params: Params::new() }
    }

    /// The dialog tag (§19.3).
    pub fn tag(&self) -> Option<&str> {
        self.params.get("tag").flatten()
    }

    /// The `expires` Contact parameter (§20.10), if numeric.
    pub fn expires(&self) -> Option<u32> {
        self.params.get("expires").flatten()?.parse().ok()
    }

    /// The `q` Contact parameter (§20.10, qvalue of §25.1), if well-formed.
    pub fn q(&self) -> Option<f32> {
        let value = self.params.get("q").flatten()?;
        is_qvalue(value).then(|| value.parse().ok()).flatten()
    }
}

/// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`.
fn is_qvalue(s: &str) -> bool {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let frac_ok = frac.len() <= 3 && frac.bytes().all(|b| b.is_ascii_digit());
    match int {
        "0" => frac_ok,
        "1" => frac_ok && frac.bytes().all(|b| b == b'0'),
        _ => false,
    }
}

impl FromStr for NameAddr {
    type Err = SyntaxError;

    fn from_str(s: &str) -> Result<Self, SyntaxError> {
        let raw = RawNameAddr::parse(s)?;
        Ok(Self { display_name: raw.display_name, uri: raw.uri.parse()?, params: raw.params })
    }
}

impl fmt::Display for NameAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(name) = &self.display_name {
            write_quoted(f, name)?;
            f.write_str(" ")?;
        }
        write!(f, "<{}>{}", self.uri, self.params)
    }
}

/// A name-addr whose URI is kept as text, for any scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawNameAddr<'a> {
    pub(crate) display_name: Option<String>,
    pub(crate) uri: &'a str,
    pub(crate) params: Params,
}

impl<'a> RawNameAddr<'a> {
    /// Parses the shape; the URI only needs a valid scheme, and must parse
    /// fully when it is `sip`/`sips`.
    pub(crate) fn parse(s: &'a str) -> Result<Self, SyntaxError> {
        let s = skip_lws(s);
        let raw = if s.starts_with('"') {
            let (name, rest) = take_quoted(s)?;
            angle_form(Some(name), skip_lws(rest))?
        } else if let Some(open) = s.find('<') {
            angle_form(display_tokens(&s[..open])?, &s[open..])?
        } else {
            addr_spec_form(s)?
        };
        raw.check_uri()?;
        Ok(raw)
    }

    /// A non-SIP URI needs only a scheme and no whitespace; a SIP one must parse.
    fn check_uri(&self) -> Result<(), SyntaxError> {
        let (scheme, _) = split_scheme(self.uri)?;
        if self.uri.contains(|c: char| c.is_whitespace() || c.is_control()) {
            return Err(SyntaxError::Char);
        }
        let is_sip = scheme.eq_ignore_ascii_case("sip") || scheme.eq_ignore_ascii_case("sips");
        if is_sip {
            self.uri.parse::<Uri>()?;
        }
        Ok(())
    }
}

/// `<uri> *(;param)`.
fn angle_form(display_name: Option<String>, s: &str) -> Result<RawNameAddr<'_>, SyntaxError> {
    let inner = s.strip_prefix('<').ok_or(SyntaxError::Angle)?;
    let (uri, rest) = inner.split_once('>').ok_or(SyntaxError::Angle)?;
    Ok(RawNameAddr { display_name, uri, params: rest.parse()? })
}

/// `uri *(;param)` without brackets: the URI ends at `;` or LWS.
fn addr_spec_form(s: &str) -> Result<RawNameAddr<'_>, SyntaxError> {
    let end = s.find(|c| c == ';' || is_wsp(c)).unwrap_or(s.len());
    let (uri, rest) = s.split_at(end);
    if uri.is_empty() {
        return Err(SyntaxError::Empty);
    }
    if uri.contains(['?', ',', '>']) {
        return Err(SyntaxError::Angle);
    }
    Ok(RawNameAddr { display_name: None, uri, params: rest.parse()? })
}

/// An unquoted display name: tokens separated by LWS (RFC 4475 §3.1.2.15).
fn display_tokens(s: &str) -> Result<Option<String>, SyntaxError> {
    let name = trim_lws(s);
    if !name.chars().all(|c| is_token_char(c) || is_wsp(c)) {
        return Err(SyntaxError::DisplayName);
    }
    Ok((!name.is_empty()).then(|| name.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_quoted_display_name_with_escapes() {
        let addr: NameAddr = r#""J Rosenberg \\\""       <sip:jdrosen@example.com>  ;  tag = 98asjd8"#.parse().unwrap();
        assert_eq!(addr.display_name.as_deref(), Some(r#"J Rosenberg \""#));
        assert_eq!(addr.uri.to_string(), "sip:jdrosen@example.com");
        assert_eq!(addr.tag(), Some("98asjd8"));
    }

    #[test]
    fn parses_token_display_and_addr_spec_forms() {
        let addr: NameAddr = "caller<sip:caller@example.com>;tag=323".parse().unwrap();
        assert_eq!(addr.display_name.as_deref(), Some("caller"));
        let addr: NameAddr = "sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n".parse().unwrap();
        assert_eq!(addr.display_name, None);
        assert!(addr.uri.params.is_empty(), "addr-spec params belong to the header");
        assert_eq!(addr.tag(), Some("1918181833n"));
    }

    #[test]
    fn contact_helpers() {
        let addr: NameAddr = "<sip:a@b>;expires=60;q=0.7".parse().unwrap();
        assert_eq!(addr.expires(), Some(60));
        assert_eq!(addr.q(), Some(0.7));
        let addr: NameAddr = "<sip:a@b>;q=1.5".parse().unwrap();
        assert_eq!(addr.q(), None);
    }

    #[test]
    fn rejects_rfc4475_invalid_forms() {
        let bad = |s: &str| s.parse::<NameAddr>().unwrap_err();
        assert_eq!(bad(r#""Mr. J. User <sip:j.user@example.com>"#), SyntaxError::Quote);
        assert_eq!(bad("Bell, Alexander <sip:a.g.bell@example.com>;tag=43"), SyntaxError::DisplayName);
        assert_eq!(bad("sip:user@example.com?Route=%3Csip:sip.example.com%3E"), SyntaxError::Angle);
        assert_eq!(bad("\"Watson, Thomas\" < sip:t.watson@example.org >"), SyntaxError::Scheme);
        assert_eq!(bad("<sip:a@b"), SyntaxError::Angle);
        assert_eq!(bad("<sip:a@b>;;"), SyntaxError::Param);
    }

    #[test]
    fn raw_form_accepts_other_schemes() {
        let raw = RawNameAddr::parse("<http://www.example.com>;tag=1").unwrap();
        assert_eq!(raw.uri, "http://www.example.com");
        assert!(RawNameAddr::parse("isbn:2983792873").is_ok());
        assert_eq!("isbn:2983792873".parse::<NameAddr>(), Err(SyntaxError::UnsupportedScheme));
    }

    #[test]
    fn prints_and_round_trips() {
        let addr: NameAddr = r#""Bob \"Q\"" <sip:bob@x>;tag=a"#.parse().unwrap();
        let printed = addr.to_string();
        assert_eq!(printed, r#""Bob \"Q\"" <sip:bob@x>;tag=a"#);
        assert_eq!(printed.parse::<NameAddr>(), Ok(addr));
        let plain: NameAddr = "sip:a@b;tag=1".parse().unwrap();
        assert_eq!(plain.to_string(), "<sip:a@b>;tag=1");
    }
}
