//! HTTP Digest access authentication for SIP (RFC 7616, RFC 8760; RFC 3261 §22).
//!
//! - [`Challenge`] is a `WWW-Authenticate` / `Proxy-Authenticate` value
//!   (RFC 7616 §3.3) and [`Credentials`] an `Authorization` /
//!   `Proxy-Authorization` value (RFC 7616 §3.4). Both parse with `FromStr`
//!   and print with `Display`.
//! - [`ha1`] and [`response`] are the hash constructions of RFC 7616 §3.4.1–§3.4.3
//!   for `qop=auth` and for the RFC 2069 form without `qop` (RFC 2617 §3.2.2.1);
//!   `-sess` algorithms fold the nonces into HA1 (RFC 7616 §3.4.2).
//! - [`Verifier`] is the server side, one per node for every realm: it
//!   issues HMAC-signed nonces carrying their issue time and a serial
//!   ([`NonceIssuer`], [`NonceStamp`]) and checks credentials against a stored
//!   HA1, refusing forged and stale nonces and replayed nonce counts
//!   (RFC 7616 §3.3, §5.5). Replay state is a fixed window over the serials
//!   of the last [`VerifierConfig::replay_window`] challenges (262,144 by
//!   default, 16 bytes each: 4 MiB, about 26 s at 10,000 challenges/s); an
//!   unexpired nonce older than the window is answered stale, so the phone
//!   re-authenticates, and no nonce is ever accepted twice.
//! - [`Credentials::answer`] is the client side, for trunk registration.
//!
//! The store keeps HA1 values only (one per algorithm family), never
//! passwords. Randomness (nonce bytes, cnonces) and the time are passed in by
//! the caller: this module is deterministic.
//!
//! `auth-int` (RFC 7616 §3.4.3, body integrity) is not supported; challenges
//! never offer it and credentials using it are refused.

mod algorithm;
mod challenge;
mod compute;
mod credentials;
mod error;
mod hex;
mod nonce;
mod params;
mod replay;
mod verifier;

pub use algorithm::{Algorithm, Qop};
pub use challenge::Challenge;
pub use compute::{ha1, response, userhash};
pub use credentials::{Credentials, Secret};
pub use error::DigestError;
pub use nonce::{NonceIssuer, NonceStamp};
pub use verifier::{Verifier, VerifierConfig};
