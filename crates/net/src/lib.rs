//! SIP transports for callvault on tokio: UDP, TCP and TLS listeners
//! (RFC 3261 §18) that feed the sans-IO transaction layer of the `sip` crate.
//!
//! One driver task owns the [`sip::transaction::TransactionLayer`]; socket
//! tasks parse what they read and send it to the driver, and each new request
//! is answered by a [`Handler`] in a task of its own, so a slow database call
//! never holds up another phone.
//!
//! - Inbound requests get `received` and `rport` stamped on their top Via
//!   (RFC 3261 §18.2.1, RFC 3581 §4).
//! - Responses over UDP go where the top Via says (RFC 3261 §18.2.2,
//!   RFC 3581 §4); over TCP and TLS they go back on the connection the
//!   request came on.
//! - Malformed messages get the response the parser names, or are dropped; a
//!   stream whose framing is lost is closed (RFC 3261 §18.3).

mod client;
mod config;
mod dial;
mod driver;
mod error;
mod listen;
mod outbound;
mod rtp_pool;
mod rtp_relay;
mod stream;
mod tls;
mod udp;
mod via;

pub use client::{ClientEvent, ClientReply, ReplySender, ServerTransaction, SipSender};
pub use config::{DialOut, ListenerConfig, Listeners};
pub use driver::{Handler, SipServer, Source};
pub use error::NetError;
pub use rtp_pool::{DEFAULT_RTP_PORTS, PortPair, RtpPool};
pub use rtp_relay::{MediaSide, Relay};
pub use tls::{TlsFiles, load_client_config, load_server_config};
