//! Location bindings made by REGISTER (RFC 3261 §10.3).

use crate::TenantId;

/// An address-of-record: one extension of one customer. The same number in
/// two customers is two different AORs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Aor {
    /// The customer.
    pub customer: TenantId,
    /// The extension number.
    pub number: String,
}

/// The transport a binding was registered over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SipTransport {
    /// UDP
    Udp,
    /// TCP
    Tcp,
    /// TLS over TCP
    Tls,
}

impl SipTransport {
    /// The name stored in the database and used in Via.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Udp => "UDP",
            Self::Tcp => "TCP",
            Self::Tls => "TLS",
        }
    }

    /// The transport for a stored name.
    pub fn from_stored(name: &str) -> Option<Self> {
        [Self::Udp, Self::Tcp, Self::Tls].into_iter().find(|t| t.as_str() == name)
    }
}

/// One contact bound to an AOR.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// The AOR it is bound to.
    pub aor: Aor,
    /// The Contact URI exactly as the phone sent it.
    pub contact: String,
    /// When it lapses, in Unix milliseconds.
    pub expires_at_ms: i64,
    /// The Call-ID of the REGISTER that made it (§10.3 step 7).
    pub call_id: String,
    /// The CSeq number of that REGISTER.
    pub cseq: u32,
    /// The `q` preference, if given.
    pub q: Option<f32>,
    /// The transport the REGISTER came over.
    pub transport: SipTransport,
    /// The source address it came from (`ip:port`), for NAT traversal.
    pub source: String,
    /// The phone's User-Agent, if it sent one.
    pub user_agent: Option<String>,
}
