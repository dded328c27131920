//! Which addresses to listen on.
//!
//! Defaults (issue 2): UDP and TCP on 5060 and on the alternate port 5062,
//! TLS on 5061 (RFC 3261 §19.1.2, §26.2).

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The transport of one listener.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListenerConfig {
    /// Datagrams.
    Udp(SocketAddr),
    /// Plain TCP streams.
    Tcp(SocketAddr),
    /// TLS over TCP.
    Tls(SocketAddr),
}

/// Every listener of one server and the TLS configuration they share.
#[derive(Clone, Default)]
pub struct Listeners {
    /// The listeners.
    pub listeners: Vec<ListenerConfig>,
    /// The TLS server configuration; needed only when a TLS listener exists.
    pub tls: Option<Arc<rustls::ServerConfig>>,
}

impl Listeners {
    /// UDP+TCP on `base`, TLS on `base + 1`, UDP+TCP on `base + 2`.
    pub fn standard(ip: IpAddr, base: u16) -> Self {
        let at = |offset: u16| SocketAddr::new(ip, base.saturating_add(offset));
        let listeners = vec![
            ListenerConfig::Udp(at(0)),
            ListenerConfig::Tcp(at(0)),
            ListenerConfig::Tls(at(1)),
            ListenerConfig::Udp(at(2)),
            ListenerConfig::Tcp(at(2)),
        ];
        Self { listeners, tls: None }
    }
}

impl std::fmt::Debug for Listeners {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Listeners")
            .field("listeners", &self.listeners)
            .field("tls", &self.tls.is_some())
            .finish()
    }
}
