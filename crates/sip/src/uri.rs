//! SIP and SIPS URIs (RFC 3261 §19.1, grammar in §25.1).
//!
//! Parsing lives in `uri/parse.rs`, printing in `uri/print.rs` and the
//! %-escaping rules of §19.1.2 in `uri/escape.rs`. Hosts follow RFC 5118:
//! IPv6 references are always bracketed.

/// The URI scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// `sip:`
    Sip,
    /// `sips:` (RFC 3261 §19.1, TLS on every hop)
    Sips,
}

/// The host part of a URI or Via sent-by.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Host {
    /// A domain name, stored lower-case (hosts compare case-insensitively, §19.1.4).
    Domain(String),
    /// An IPv4 address.
    V4(std::net::Ipv4Addr),
    /// An IPv6 reference; printed in brackets.
    V6(std::net::Ipv6Addr),
}

/// A `sip:` or `sips:` URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uri {
    /// `sip` or `sips`.
    pub scheme: Scheme,
    /// The user part, with escapes decoded.
    pub user: Option<String>,
    /// The password part (deprecated by §19.1.1, kept verbatim).
    pub password: Option<String>,
    /// The host.
    pub host: Host,
    /// The port, when one is given.
    pub port: Option<u16>,
    /// `;name[=value]` URI parameters, in order; names lower-case.
    pub params: Vec<(String, Option<String>)>,
    /// `?name=value` URI headers, in order.
    pub headers: Vec<(String, String)>,
}

mod escape;
mod parse;
mod print;

pub(crate) use parse::split_scheme;
