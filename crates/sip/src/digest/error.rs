//! Why a digest header did not parse or credentials were refused.

use thiserror::Error;

/// A digest authentication failure.
///
/// The parse variants mean the header is malformed (answer 400); every other
/// variant means "re-challenge" (401/407), with `stale=true` only for
/// [`DigestError::Stale`] (RFC 7616 §3.3, see [`DigestError::is_stale`]).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DigestError {
    /// The header's scheme is not `Digest`.
    #[error("authentication scheme is not Digest")]
    NotDigest,
    /// The parameter list does not follow RFC 7235 §2.1 `auth-param` syntax.
    #[error("malformed digest parameter list at byte {at}")]
    Syntax {
        /// Byte offset into the parameter list.
        at: usize,
    },
    /// A parameter appears twice.
    #[error("digest parameter {0} appears more than once")]
    DuplicateParam(&'static str),
    /// A required parameter is missing.
    #[error("digest parameter {0} is missing")]
    MissingParam(&'static str),
    /// A parameter value is malformed (`nc` not 8 hex digits, bad `stale`, …).
    #[error("digest parameter {0} has a malformed value")]
    BadParam(&'static str),
    /// The algorithm is not one of RFC 7616 §6.1's.
    #[error("unsupported digest algorithm")]
    UnsupportedAlgorithm,
    /// The qop is unknown or `auth-int`.
    #[error("unsupported quality of protection")]
    UnsupportedQop,
    /// The nonce was not issued by this server (bad MAC or malformed).
    #[error("nonce was not issued by this server")]
    ForgedNonce,
    /// The nonce is ours but expired: re-challenge with `stale=true`.
    #[error("nonce is stale")]
    Stale,
    /// The response hash does not match: wrong password or tampering.
    #[error("digest response does not match")]
    WrongResponse,
    /// The nonce count did not increase, or a qop-less nonce was reused.
    #[error("nonce count replayed")]
    Replay,
    /// The credentials name another realm.
    #[error("credentials are for another realm")]
    RealmMismatch,
    /// The credentials' `uri` is not the Request-URI (RFC 7616 §3.4.6).
    #[error("credentials uri does not match the request")]
    UriMismatch,
    /// No HA1 is stored for this user and algorithm.
    #[error("no credentials stored for this user and algorithm")]
    UnknownCredentials,
}

impl DigestError {
    /// Whether the caller should re-challenge with `stale=true`.
    pub fn is_stale(&self) -> bool {
        matches!(self, Self::Stale)
    }

    /// Whether the header itself is malformed (answer 400, not 401).
    pub fn is_malformed(&self) -> bool {
        matches!(
            self,
            Self::NotDigest | Self::Syntax { .. } | Self::DuplicateParam(_) | Self::MissingParam(_) | Self::BadParam(_)
        )
    }
}
