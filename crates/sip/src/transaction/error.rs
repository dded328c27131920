//! Misuse of the transaction layer by the TU. Peer input never errors: a
//! message that fits no transaction is dropped, answered statelessly or
//! reported as an [`super::Event`].

use thiserror::Error;

/// Why a TU call was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TransactionError {
    /// No live transaction has this key (it may have terminated).
    #[error("no such transaction")]
    NoSuchTransaction,
    /// The transaction already sent its final response (§17.2.2: further
    /// finals are discarded), or a provisional came after a final.
    #[error("transaction already completed")]
    AlreadyCompleted,
    /// The status code is outside 100–699.
    #[error("status code {0} is outside 100-699")]
    InvalidStatus(u16),
    /// The request's top Via has no RFC 3261 branch (`z9hG4bK…`) or it lacks
    /// a CSeq; the TU must add both before sending (§8.1.1.7).
    #[error("request has no top Via with an RFC 3261 branch, or no CSeq")]
    MissingBranch,
    /// A client transaction with this branch and method exists already.
    #[error("branch already in use by a live transaction")]
    DuplicateBranch,
    /// ACK is not a transaction: use `send_ack` (§17.1.1.3, §13.2.2.4).
    #[error("ACK is not sent through a transaction; use send_ack")]
    AckIsNotATransaction,
    /// `send_ack` was given another method.
    #[error("send_ack takes only ACK requests")]
    NotAnAck,
    /// The table holds `max_transactions` already.
    #[error("transaction table is full")]
    Full,
}
