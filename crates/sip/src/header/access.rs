//! Typed accessors for the core headers (RFC 3261 §20). Each parses the
//! stored value on demand and says which header was missing or malformed.

use super::scan::{is_wsp, parse_number, trim_lws};
use super::{CSeq, Contact, HeaderName, Headers, NameAddr, Via};
use crate::error::{HeaderError, SyntaxError};

impl Headers {
    /// Every Via, top first (§20.42). At least one is required.
    pub fn vias(&self) -> Result<Vec<Via>, HeaderError> {
        let vias = self.all_parsed::<Via>(HeaderName::Via)?;
        match vias.is_empty() {
            true => Err(HeaderError::Missing(HeaderName::Via)),
            false => Ok(vias),
        }
    }

    /// The topmost Via.
    pub fn top_via(&self) -> Result<Via, HeaderError> {
        self.required_parsed(HeaderName::Via)
    }

    /// The From header (§20.20).
    pub fn from(&self) -> Result<NameAddr, HeaderError> {
        self.required_parsed(HeaderName::From)
    }

    /// The To header (§20.39).
    pub fn to(&self) -> Result<NameAddr, HeaderError> {
        self.required_parsed(HeaderName::To)
    }

    /// The Call-ID (§20.8): `word ["@" word]`, no whitespace.
    pub fn call_id(&self) -> Result<&str, HeaderError> {
        let value = trim_lws(self.required(HeaderName::CallId)?);
        match value.is_empty() || value.contains(is_wsp) {
            true => Err(HeaderError::malformed(HeaderName::CallId, SyntaxError::Token)),
            false => Ok(value),
        }
    }

    /// The CSeq (§20.16).
    pub fn cseq(&self) -> Result<CSeq, HeaderError> {
        self.required_parsed(HeaderName::CSeq)
    }

    /// Every Contact combined; `None` when there is none (§20.10).
    pub fn contacts(&self) -> Result<Option<Contact>, HeaderError> {
        let mut values = self.get_all(&HeaderName::Contact).peekable();
        if values.peek().is_none() {
            return Ok(None);
        }
        Contact::from_values(values).map(Some).map_err(|reason| HeaderError::malformed(HeaderName::Contact, reason))
    }

    /// Max-Forwards (§20.22), if present.
    pub fn max_forwards(&self) -> Result<Option<u32>, HeaderError> {
        self.optional_number(HeaderName::MaxForwards)
    }

    /// Expires (§20.19), if present.
    pub fn expires(&self) -> Result<Option<u32>, HeaderError> {
        self.optional_number(HeaderName::Expires)
    }

    /// Content-Length (§20.14), if present.
    pub fn content_length(&self) -> Result<Option<usize>, HeaderError> {
        self.optional_number(HeaderName::ContentLength)
    }

    /// Content-Type (§20.15) as written, if present.
    pub fn content_type(&self) -> Result<Option<&str>, HeaderError> {
        match self.get(&HeaderName::ContentType).map(trim_lws) {
            Some("") => Err(HeaderError::malformed(HeaderName::ContentType, SyntaxError::Empty)),
            other => Ok(other),
        }
    }

    /// Every Route, in order (§20.34); empty when absent.
    pub fn routes(&self) -> Result<Vec<NameAddr>, HeaderError> {
        self.all_parsed(HeaderName::Route)
    }

    /// Every Record-Route, in order (§20.30); empty when absent.
    pub fn record_routes(&self) -> Result<Vec<NameAddr>, HeaderError> {
        self.all_parsed(HeaderName::RecordRoute)
    }

    /// The first value of `name`, or a `Missing` error.
    fn required(&self, name: HeaderName) -> Result<&str, HeaderError> {
        self.get(&name).ok_or(HeaderError::Missing(name))
    }

    /// The first value of `name`, parsed.
    fn required_parsed<T: std::str::FromStr<Err = SyntaxError>>(&self, name: HeaderName) -> Result<T, HeaderError> {
        let value = self.required(name.clone())?;
        value.parse().map_err(|reason| HeaderError::malformed(name, reason))
    }

    /// Every value of `name`, parsed.
    fn all_parsed<T: std::str::FromStr<Err = SyntaxError>>(&self, name: HeaderName) -> Result<Vec<T>, HeaderError> {
        self.get_all(&name)
            .map(|value| value.parse())
            .collect::<Result<_, _>>()
            .map_err(|reason| HeaderError::malformed(name, reason))
    }

    /// The first value of `name` as a number, if present.
    fn optional_number<T: std::str::FromStr>(&self, name: HeaderName) -> Result<Option<T>, HeaderError> {
        self.get(&name)
            .map(|value| parse_number(trim_lws(value)))
            .transpose()
            .map_err(|reason| HeaderError::malformed(name, reason))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Method;

    fn headers(fields: &[(HeaderName, &str)]) -> Headers {
        let mut headers = Headers::new();
        for (name, value) in fields {
            headers.push(name.clone(), *value);
        }
        headers
    }

    #[test]
    fn reads_core_headers() {
        let h = headers(&[
            (HeaderName::Via, "SIP/2.0/UDP a;branch=z9hG4bK1"),
            (HeaderName::Via, "SIP/2.0/TCP b"),
            (HeaderName::From, "<sip:a@b>;tag=1"),
            (HeaderName::To, "sip:c@d"),
            (HeaderName::CallId, "abc@h"),
            (HeaderName::CSeq, "2 BYE"),
            (HeaderName::MaxForwards, "70"),
            (HeaderName::ContentLength, "0"),
        ]);
        assert_eq!(h.vias().unwrap().len(), 2);
        assert_eq!(h.top_via().unwrap().branch(), Some("z9hG4bK1"));
        assert_eq!(h.from().unwrap().tag(), Some("1"));
        assert_eq!(h.to().unwrap().tag(), None);
        assert_eq!(h.call_id(), Ok("abc@h"));
        assert_eq!(h.cseq().unwrap().method, Method::Bye);
        assert_eq!(h.max_forwards(), Ok(Some(70)));
        assert_eq!(h.content_length(), Ok(Some(0)));
        assert_eq!(h.expires(), Ok(None));
        assert_eq!(h.contacts(), Ok(None));
        assert_eq!(h.routes(), Ok(vec![]));
    }

    #[test]
    fn names_missing_and_malformed_headers() {
        let h = headers(&[(HeaderName::CSeq, "x INVITE"), (HeaderName::Expires, "-1")]);
        assert_eq!(h.call_id(), Err(HeaderError::Missing(HeaderName::CallId)));
        assert_eq!(h.vias(), Err(HeaderError::Missing(HeaderName::Via)));
        assert_eq!(h.cseq(), Err(HeaderError::malformed(HeaderName::CSeq, SyntaxError::Number)));
        assert_eq!(h.expires(), Err(HeaderError::malformed(HeaderName::Expires, SyntaxError::Number)));
    }

    #[test]
    fn combines_contact_values() {
        let h = headers(&[(HeaderName::Contact, "<sip:a@b>"), (HeaderName::Contact, "<sip:c@d>;q=0.5")]);
        let Ok(Some(Contact::Addresses(list))) = h.contacts() else { panic!("addresses") };
        assert_eq!(list[1].q(), Some(0.5));
        let star = headers(&[(HeaderName::Contact, "*")]);
        assert_eq!(star.contacts(), Ok(Some(Contact::Star)));
    }
}
