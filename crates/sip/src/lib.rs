//! Sans-IO SIP for callvault.
//!
//! This crate owns the SIP message model, its parser and printer (RFC 3261 §7,
//! §20, §25), the transaction state machines (RFC 3261 §17) and digest
//! authentication (RFC 7616, RFC 8760). It has no sockets, no async runtime and
//! never reads the clock: time is passed in as [`std::time::Instant`] values, so
//! every behaviour is deterministic, fuzzable and testable without a network.
//!
//! Parsing a stream transport returns `Ok(None)` when more bytes are needed:
//!
//! ```ignore
//! match sip::parse::parse_stream(&buf, &limits)? {
//!     Some((msg, used)) => { buf.drain(..used); handle(msg) }
//!     None => read_more(),
//! }
//! ```

pub mod digest;
pub mod error;
pub mod header;
pub mod message;
pub mod method;
pub mod parse;
mod print;
pub mod status;
pub mod transaction;
pub mod uri;

pub use error::{HeaderError, ParseError, SyntaxError};
pub use header::{CSeq, Contact, HeaderName, Headers, NameAddr, Params, Via};
pub use message::{Message, Request, Response};
pub use method::Method;
pub use uri::{Host, Scheme, Uri};
