//! What a REGISTER asks for (RFC 3261 §10.2, §10.3 step 6): a query, the
//! removal of every binding (`Contact: *` with `Expires: 0`), or a list of
//! contacts each with its expiry.

use model::SipTransport;
use sip::header::Contact;
use sip::{HeaderName, Request};

use super::RegistrarConfig;
use super::reject::Reject;

/// Expiry limits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ExpiryPolicy {
    pub(crate) default: u32,
    pub(crate) min: u32,
    pub(crate) max: u32,
}

impl From<&RegistrarConfig> for ExpiryPolicy {
    fn from(config: &RegistrarConfig) -> Self {
        Self { default: config.default_expires, min: config.min_expires, max: config.max_expires }
    }
}

/// One contact the phone wants bound (or unbound, with `expires == 0`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WantedContact {
    /// The contact as stored and echoed: `<uri>`.
    pub(crate) contact: String,
    /// Seconds; 0 removes.
    pub(crate) expires: u32,
    /// The `q` preference.
    pub(crate) q: Option<f32>,
}

/// What the REGISTER asks for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Wanted {
    /// No Contact: list the bindings (§10.2.3).
    Query,
    /// `Contact: *` with `Expires: 0` (§10.2.2).
    RemoveAll,
    /// Add, refresh or remove these.
    Contacts(Vec<WantedContact>),
}

/// Facts about the REGISTER every new binding records.
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    pub(crate) call_id: String,
    pub(crate) cseq: u32,
    pub(crate) transport: SipTransport,
    pub(crate) source: String,
    pub(crate) user_agent: Option<String>,
    pub(crate) now_ms: i64,
}

/// Reads the Contact and Expires headers of `request`.
pub(crate) fn requested(request: &Request, policy: &ExpiryPolicy) -> Result<Wanted, Reject> {
    let contacts = request.headers.contacts().map_err(|_| Reject::BadRequest("Bad Contact header"))?;
    let expires_header = header_expires(request)?;
    match contacts {
        None => Ok(Wanted::Query),
        Some(Contact::Star) => remove_all(request, expires_header),
        Some(Contact::Addresses(addresses)) => addresses
            .iter()
            .map(|address| {
                let asked = address.expires().or(expires_header).unwrap_or(policy.default);
                let expires = bounded(asked, policy)?;
                Ok(WantedContact { contact: format!("<{}>", address.uri), expires, q: address.q() })
            })
            .collect::<Result<_, _>>()
            .map(Wanted::Contacts),
    }
}

fn header_expires(request: &Request) -> Result<Option<u32>, Reject> {
    request.headers.expires().map_err(|_| Reject::BadRequest("Bad Expires header"))
}

/// `*` is only valid alone and with `Expires: 0` (§10.2.2).
fn remove_all(request: &Request, expires: Option<u32>) -> Result<Wanted, Reject> {
    let alone = request.headers.get_all(&HeaderName::Contact).count() == 1;
    if alone && expires == Some(0) {
        Ok(Wanted::RemoveAll)
    } else {
        Err(Reject::BadRequest("Contact * needs Expires: 0 and no other contact"))
    }
}

/// §10.3 step 6: 423 below the minimum; the registrar may shorten a long expiry.
fn bounded(asked: u32, policy: &ExpiryPolicy) -> Result<u32, Reject> {
    match asked {
        0 => Ok(0),
        short if short < policy.min => Err(Reject::IntervalTooBrief(policy.min)),
        long => Ok(long.min(policy.max)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: ExpiryPolicy = ExpiryPolicy { default: 3600, min: 60, max: 7200 };

    fn register(extra: &str) -> Request {
        let text = format!(
            "REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\n\
             Max-Forwards: 70\r\nTo: <sip:1001@example.com>\r\nFrom: <sip:1001@example.com>;tag=1\r\n\
             Call-ID: c1\r\nCSeq: 1 REGISTER\r\n{extra}Content-Length: 0\r\n\r\n"
        );
        match sip::parse::parse_datagram(text.as_bytes(), &sip::parse::Limits::default()).unwrap() {
            sip::Message::Request(request) => request,
            sip::Message::Response(_) => unreachable!("a request was parsed"),
        }
    }

    fn contacts(wanted: Wanted) -> Vec<(String, u32)> {
        match wanted {
            Wanted::Contacts(list) => list.into_iter().map(|c| (c.contact, c.expires)).collect(),
            other => panic!("expected contacts, got {other:?}"),
        }
    }

    #[test]
    fn no_contact_is_a_query() {
        assert_eq!(requested(&register(""), &POLICY).unwrap(), Wanted::Query);
    }

    #[test]
    fn contact_param_beats_header_which_beats_default() {
        let r = register("Contact: <sip:a@h>;expires=120, <sip:b@h>\r\nExpires: 300\r\n");
        assert_eq!(contacts(requested(&r, &POLICY).unwrap()), [("<sip:a@h>".into(), 120), ("<sip:b@h>".into(), 300)]);
        let r = register("Contact: <sip:a@h>\r\n");
        assert_eq!(contacts(requested(&r, &POLICY).unwrap()), [("<sip:a@h>".into(), 3600)]);
    }

    #[test]
    fn too_short_is_423_and_too_long_is_cut() {
        let short = requested(&register("Contact: <sip:a@h>;expires=30\r\n"), &POLICY);
        assert!(matches!(short, Err(Reject::IntervalTooBrief(60))), "{short:?}");
        let long = requested(&register("Contact: <sip:a@h>;expires=99999\r\n"), &POLICY).unwrap();
        assert_eq!(contacts(long), [("<sip:a@h>".into(), 7200)]);
    }

    #[test]
    fn zero_is_allowed_below_the_minimum() {
        let zero = requested(&register("Contact: <sip:a@h>\r\nExpires: 0\r\n"), &POLICY).unwrap();
        assert_eq!(contacts(zero), [("<sip:a@h>".into(), 0)]);
    }

    #[test]
    fn star_needs_expires_zero_and_nothing_else() {
        assert_eq!(requested(&register("Contact: *\r\nExpires: 0\r\n"), &POLICY).unwrap(), Wanted::RemoveAll);
        assert!(matches!(requested(&register("Contact: *\r\n"), &POLICY), Err(Reject::BadRequest(_))));
        let mut mixed = register("Contact: *\r\nExpires: 0\r\n");
        mixed.headers.push(HeaderName::Contact, "<sip:a@h>");
        assert!(matches!(requested(&mixed, &POLICY), Err(Reject::BadRequest(_))));
    }
}
