//! RFC 3261 §17 transactions, sans-IO: the four state machines, transaction
//! matching and the retransmission timers.
//!
//! | machine | RFC | file |
//! |---|---|---|
//! | INVITE client | §17.1.1, Figure 5; RFC 6026 §7.2 | `client_invite.rs` |
//! | non-INVITE client | §17.1.2, Figure 6 | `client_non_invite.rs` |
//! | INVITE server | §17.2.1, Figure 7; RFC 6026 §7.1 | `server_invite.rs` |
//! | non-INVITE server | §17.2.2, Figure 8 | `server_non_invite.rs` |
//! | matching | §17.1.3, §17.2.3 | `key.rs` |
//! | timers A–M | §17, Table 4; RFC 6026 §8 | `timer.rs` |
//!
//! [`TransactionLayer`] holds every transaction of one node. It never reads
//! the clock and owns no socket: each input carries `now`, and output is
//! pulled with `poll_*`.
//!
//! # The drain rule
//!
//! After every `handle_*`, [`TransactionLayer::respond`],
//! [`TransactionLayer::send_request`] or [`TransactionLayer::send_ack`] call,
//! drain [`TransactionLayer::poll_transmit`] and
//! [`TransactionLayer::poll_event`] until both return `None`, then ask
//! [`TransactionLayer::poll_timeout`] when to call
//! [`TransactionLayer::handle_timeout`] next:
//!
//! ```ignore
//! loop {
//!     while let Some(t) = layer.poll_transmit() {
//!         net.send(t.to, &t.message.to_bytes());
//!     }
//!     while let Some(event) = layer.poll_event() {
//!         tu.on_event(&mut layer, now, event); // may call respond / send_request
//!     }
//!     if tu.made_calls() { continue }          // drain what the TU caused
//!     let deadline = layer.poll_timeout();
//!     match net.recv_until(deadline) {
//!         Input::Datagram(from, msg) => match msg {
//!             Message::Request(r) => layer.handle_request(now(), r, from),
//!             Message::Response(r) => layer.handle_response(now(), r, from),
//!         },
//!         Input::Timeout => layer.handle_timeout(now()),
//!     }
//! }
//! ```
//!
//! # What the layer does on its own
//!
//! - Absorbs request retransmissions and re-sends the last response.
//! - Sends 100 Trying for an INVITE the TU has not answered within
//!   [`Config::trying_delay`] (200 ms, §17.2.1).
//! - Retransmits requests (Timers A, E) and non-2xx INVITE finals (Timer G)
//!   on unreliable transports only; absorbs the ACK for a non-2xx final.
//! - ACKs non-2xx finals to its own INVITEs (§17.1.1.3).
//! - Answers a CANCEL that matches no INVITE transaction with 481 (§9.2)
//!   without bothering the TU.
//! - When the table holds [`Config::max_transactions`], answers new requests
//!   (other than ACK) statelessly with 503 Service Unavailable and creates no
//!   transaction; [`TransactionLayer::send_request`] returns
//!   [`TransactionError::Full`].
//!
//! # What the TU does
//!
//! - Answers every [`Event::Request`] with [`TransactionLayer::respond`]. For
//!   a CANCEL, it answers 200 and answers the INVITE at
//!   [`ServerKey::cancelled_invite`] with 487 (§9.2).
//! - Retransmits its own 2xx to an INVITE until the ACK arrives (§13.3.1.4)
//!   and sends the ACK for a 2xx it receives with
//!   [`TransactionLayer::send_ack`] (§13.2.2.4): neither is a transaction.
//!   Such ACKs arrive as [`Event::Ack`].
//! - Puts a top Via with a unique `z9hG4bK` branch on every request it sends.
//!
//! Responses go back to the address and transport the request came from
//! (symmetric response, RFC 3581 §4), not to the Via sent-by. Transport
//! errors (§17.1.1.2, §17.2.1) are the `net` crate's to report; they do not
//! enter here.

mod build;
mod client_invite;
mod client_non_invite;
mod common;
mod error;
mod fields;
mod key;
mod layer;
mod server_invite;
mod server_non_invite;
mod timer;

use std::net::SocketAddr;
use std::time::Duration;

use crate::{Message, Request, Response};

pub use build::cancel_for;
pub use error::TransactionError;
pub use key::{ClientKey, MAGIC_COOKIE, ServerKey, TransactionKey};
pub use layer::TransactionLayer;

/// The transport a message travels on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransportKind {
    /// UDP: unreliable, so requests and INVITE finals are retransmitted.
    Udp,
    /// TCP.
    Tcp,
    /// TLS over TCP.
    Tls,
}

impl TransportKind {
    /// Whether the transport is reliable (§17: no retransmissions, and
    /// Timers D, I, J, K are zero).
    pub fn reliable(self) -> bool {
        !matches!(self, Self::Udp)
    }
}

/// The far end of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Peer {
    /// The transport.
    pub transport: TransportKind,
    /// The remote address.
    pub addr: SocketAddr,
}

/// A message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transmit {
    /// Where to.
    pub to: Peer,
    /// What.
    pub message: Message,
}

/// Something the TU must know.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// A new request; answer it with [`TransactionLayer::respond`].
    Request {
        /// The server transaction.
        key: ServerKey,
        /// The request.
        request: Request,
        /// Where it came from.
        from: Peer,
    },
    /// An ACK outside any transaction (the ACK for a 2xx, §13.3.1.4), or one
    /// matching an INVITE server transaction in the Accepted state.
    Ack {
        /// The ACK.
        request: Request,
        /// Where it came from.
        from: Peer,
    },
    /// A response to a request the TU sent.
    Response {
        /// The client transaction.
        key: ClientKey,
        /// The response.
        response: Response,
    },
    /// A response matching no transaction, such as a 2xx retransmission
    /// after the INVITE transaction ended (§13.2.2.4: ACK it again).
    StrayResponse {
        /// The response.
        response: Response,
        /// Where it came from.
        from: Peer,
    },
    /// Timer B or F (no final response), Timer H (no ACK), or the guard
    /// (the TU never answered, or nobody answered an INVITE).
    Timeout {
        /// The transaction that timed out.
        key: TransactionKey,
    },
    /// The transaction ended and was removed.
    Terminated {
        /// The transaction.
        key: TransactionKey,
    },
}

/// Transaction timer settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// RTT estimate, 500 ms (§17.1.1.1).
    pub t1: Duration,
    /// Maximum retransmit interval for non-INVITE requests and INVITE
    /// responses, 4 s.
    pub t2: Duration,
    /// Maximum time a message stays in the network, 5 s.
    pub t4: Duration,
    /// Live transactions allowed at once; 65 536 by default.
    pub max_transactions: usize,
    /// How long an INVITE server transaction waits for the TU before sending
    /// 100 Trying itself, 200 ms (§17.2.1).
    pub trying_delay: Duration,
    /// How long an INVITE may stay unanswered: a server transaction whose TU
    /// has sent no final response, or a client transaction in Proceeding, is
    /// ended with [`Event::Timeout`] after this long. Non-INVITE server
    /// transactions the TU never answers end after 64·T1. 300 s by default.
    pub proceeding_limit: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            t1: Duration::from_millis(500),
            t2: Duration::from_secs(4),
            t4: Duration::from_secs(5),
            max_transactions: 65_536,
            trying_delay: Duration::from_millis(200),
            proceeding_limit: Duration::from_secs(300),
        }
    }
}

impl Config {
    /// The settings with every duration within 1 ms ..= 1 h and at least one
    /// transaction allowed, so that no timer overflows or fires at once.
    fn clamped(mut self) -> Self {
        let clamp = |d: Duration| d.clamp(Duration::from_millis(1), Duration::from_secs(3600));
        self.t1 = clamp(self.t1);
        self.t2 = clamp(self.t2);
        self.t4 = clamp(self.t4);
        self.trying_delay = clamp(self.trying_delay);
        self.proceeding_limit = clamp(self.proceeding_limit);
        self.max_transactions = self.max_transactions.max(1);
        self
    }
}
