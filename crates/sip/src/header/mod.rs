//! Header fields (RFC 3261 §7.3, §20).
//!
//! Every header is kept as its name and its raw value (one entry per field
//! value, so `Via: a, b` is two entries). Typed views of the core headers are
//! parsed from those values on demand; every other header is kept verbatim.
//!
//! One file per typed view: [`Via`], [`NameAddr`] (From, To, Contact, Route,
//! Record-Route), [`Contact`], [`CSeq`] and [`Params`]; `access.rs` holds the
//! typed accessors on [`Headers`].

use std::fmt;

mod access;
mod contact;
mod cseq;
mod name_addr;
mod params;
pub(crate) mod scan;
mod via;

pub use contact::Contact;
pub use cseq::CSeq;
pub use name_addr::NameAddr;
pub(crate) use name_addr::RawNameAddr;
pub use params::Params;
pub use via::Via;

/// A header field name. Compact forms (RFC 3261 §7.3.3) map to the full name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum HeaderName {
    /// `Via` / `v`
    Via,
    /// `From` / `f`
    From,
    /// `To` / `t`
    To,
    /// `Call-ID` / `i`
    CallId,
    /// `CSeq`
    CSeq,
    /// `Contact` / `m`
    Contact,
    /// `Max-Forwards`
    MaxForwards,
    /// `Expires`
    Expires,
    /// `Min-Expires`
    MinExpires,
    /// `Authorization`
    Authorization,
    /// `WWW-Authenticate`
    WwwAuthenticate,
    /// `Proxy-Authorization`
    ProxyAuthorization,
    /// `Proxy-Authenticate`
    ProxyAuthenticate,
    /// `Content-Type` / `c`
    ContentType,
    /// `Content-Length` / `l`
    ContentLength,
    /// `Route`
    Route,
    /// `Record-Route`
    RecordRoute,
    /// `Allow`
    Allow,
    /// `Supported` / `k`
    Supported,
    /// `Require`
    Require,
    /// `Unsupported`
    Unsupported,
    /// `User-Agent`
    UserAgent,
    /// `Server`
    Server,
    /// `Date`
    Date,
    /// `Retry-After`
    RetryAfter,
    /// Any other header, with the name as received.
    Other(String),
}

impl HeaderName {
    /// Maps a header name (case-insensitive, compact forms allowed) to a name.
    pub fn from_wire(name: &str) -> Self {
        let known = [
            ("via", Self::Via),
            ("v", Self::Via),
            ("from", Self::From),
            ("f", Self::From),
            ("to", Self::To),
            ("t", Self::To),
            ("call-id", Self::CallId),
            ("i", Self::CallId),
            ("cseq", Self::CSeq),
            ("contact", Self::Contact),
            ("m", Self::Contact),
            ("max-forwards", Self::MaxForwards),
            ("expires", Self::Expires),
            ("min-expires", Self::MinExpires),
            ("authorization", Self::Authorization),
            ("www-authenticate", Self::WwwAuthenticate),
            ("proxy-authorization", Self::ProxyAuthorization),
            ("proxy-authenticate", Self::ProxyAuthenticate),
            ("content-type", Self::ContentType),
            ("c", Self::ContentType),
            ("content-length", Self::ContentLength),
            ("l", Self::ContentLength),
            ("route", Self::Route),
            ("record-route", Self::RecordRoute),
            ("allow", Self::Allow),
            ("supported", Self::Supported),
            ("k", Self::Supported),
            ("require", Self::Require),
            ("unsupported", Self::Unsupported),
            ("user-agent", Self::UserAgent),
            ("server", Self::Server),
            ("date", Self::Date),
            ("retry-after", Self::RetryAfter),
        ];
        known
            .into_iter()
            .find(|(wire, _)| wire.eq_ignore_ascii_case(name))
            .map_or_else(|| Self::Other(name.to_owned()), |(_, known)| known)
    }

    /// The canonical full name, as printed.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Via => "Via",
            Self::From => "From",
            Self::To => "To",
            Self::CallId => "Call-ID",
            Self::CSeq => "CSeq",
            Self::Contact => "Contact",
            Self::MaxForwards => "Max-Forwards",
            Self::Expires => "Expires",
            Self::MinExpires => "Min-Expires",
            Self::Authorization => "Authorization",
            Self::WwwAuthenticate => "WWW-Authenticate",
            Self::ProxyAuthorization => "Proxy-Authorization",
            Self::ProxyAuthenticate => "Proxy-Authenticate",
            Self::ContentType => "Content-Type",
            Self::ContentLength => "Content-Length",
            Self::Route => "Route",
            Self::RecordRoute => "Record-Route",
            Self::Allow => "Allow",
            Self::Supported => "Supported",
            Self::Require => "Require",
            Self::Unsupported => "Unsupported",
            Self::UserAgent => "User-Agent",
            Self::Server => "Server",
            Self::Date => "Date",
            Self::RetryAfter => "Retry-After",
            Self::Other(name) => name,
        }
    }

    /// Whether one header line may carry several comma-separated values
    /// that are stored as separate entries (§7.3.1). Other list headers
    /// (Allow, Supported, ...) are kept as written.
    pub fn is_split_list(&self) -> bool {
        matches!(self, Self::Via | Self::Contact | Self::Route | Self::RecordRoute)
    }

    /// Whether the header may appear at most once (§20; RFC 4475 §3.3.8).
    pub fn is_single(&self) -> bool {
        matches!(
            self,
            Self::From
                | Self::To
                | Self::CallId
                | Self::CSeq
                | Self::MaxForwards
                | Self::ContentLength
                | Self::ContentType
        )
    }

    /// Whether two `Other` names match (header names are case-insensitive).
    pub fn matches(&self, other: &HeaderName) -> bool {
        match (self, other) {
            (Self::Other(a), Self::Other(b)) => a.eq_ignore_ascii_case(b),
            (a, b) => a == b,
        }
    }
}

impl fmt::Display for HeaderName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The header fields of one message, in wire order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers {
    entries: Vec<(HeaderName, String)>,
}

impl Headers {
    /// An empty header list.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty header list with room for `fields` fields, for a message
    /// that is kept (growing by doubling would leave up to half unused).
    pub fn with_capacity(fields: usize) -> Self {
        Self { entries: Vec::with_capacity(fields) }
    }

    /// Appends a field value.
    pub fn push(&mut self, name: HeaderName, value: impl Into<String>) {
        self.entries.push((name, value.into()));
    }

    /// Inserts a field value before all others (e.g. a new top Via).
    pub fn push_front(&mut self, name: HeaderName, value: impl Into<String>) {
        self.entries.insert(0, (name, value.into()));
    }

    /// Replaces every value of `name` with one value, at the first one's place.
    pub fn set(&mut self, name: HeaderName, value: impl Into<String>) {
        match self.entries.iter().position(|(n, _)| n.matches(&name)) {
            Some(at) => {
                self.entries[at].1 = value.into();
                let mut index = 0;
                self.entries.retain(|(n, _)| {
                    index += 1;
                    index - 1 == at || !n.matches(&name)
                });
            }
            None => self.push(name, value),
        }
    }

    /// Replaces the first value of `name` (e.g. the top Via), leaving the
    /// others; appends when there is none.
    pub fn replace_first(&mut self, name: &HeaderName, value: impl Into<String>) {
        match self.entries.iter_mut().find(|(n, _)| n.matches(name)) {
            Some(entry) => entry.1 = value.into(),
            None => self.entries.push((name.clone(), value.into())),
        }
    }

    /// Removes every value of `name`.
    pub fn remove(&mut self, name: &HeaderName) {
        self.entries.retain(|(n, _)| !n.matches(name));
    }

    /// The first value of `name`.
    pub fn get(&self, name: &HeaderName) -> Option<&str> {
        self.entries.iter().find(|(n, _)| n.matches(name)).map(|(_, v)| v.as_str())
    }

    /// Every value of `name`, in order.
    pub fn get_all<'a>(&'a self, name: &'a HeaderName) -> impl Iterator<Item = &'a str> {
        self.entries.iter().filter(move |(n, _)| n.matches(name)).map(|(_, v)| v.as_str())
    }

    /// Every field in wire order.
    pub fn iter(&self) -> impl Iterator<Item = (&HeaderName, &str)> {
        self.entries.iter().map(|(n, v)| (n, v.as_str()))
    }

    /// The number of field values.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no fields.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
