//! The tamper-evident audit log (issue 3 item 2; principle 3 of
//! ARCHITECTURE.md: every CPNI read through the compliance gate leaves a
//! record, allow or deny). It holds the gate decisions of 47 CFR 64.2009(a),
//! the record of CPNI disclosures and third-party access of 64.2009(c), and
//! serves the "reasonable measures to discover" unauthorized access of
//! 64.2010(a).
//!
//! - [`chain`]: each record is hashed with SHA-256 (FIPS 180-4) over an
//!   unambiguous, length-prefixed encoding of its fields and the previous
//!   record's hash; the first record chains onto 32 zero bytes.
//! - [`append`]: appends in one transaction that takes the tail's write lock
//!   before it reads the tail, so concurrent appenders cannot fork the chain;
//!   every `checkpoint_every` records (default 1000, kept in the database and
//!   set with `Store::set_audit_checkpoint_every`) and on demand
//!   (`Store::checkpoint_audit`) it writes a signed checkpoint.
//! - [`checkpoint`]: checkpoints are HMAC-SHA-256 (RFC 2104) tags over
//!   (seq, hash, time), keyed by a key kept in the database wrapped under
//!   the KEK (`crypto::audit_key`; a legacy `audit-checkpoint.key` file is
//!   adopted on open).
//! - [`verify`]: walks the chain and names the first bad record.
//!
//! What this can and cannot prove:
//! - Triggers refuse UPDATE and DELETE on the log; they are a first line of
//!   defence only, since whoever holds the file can drop them.
//! - A record edited, deleted, reordered or re-linked in place (without
//!   recomputing every later hash) is always detected and named.
//! - Records removed from the *tail* are detected only up to the last
//!   checkpoint: records appended after it can be dropped without trace.
//! - A chain rewritten from some record onwards (all hashes recomputed) is
//!   detected only where a checkpoint covers it, and only while the
//!   checkpoint key is out of the attacker's reach (a database copy, a backup
//!   or a SQL injection holds it only wrapped under the KEK; the KEK with a
//!   copy of the database reveals it).

mod append;
mod batch;
mod chain;
mod checkpoint;
mod verify;

pub(crate) use batch::AuditQueue;
pub use checkpoint::CHECKPOINT_KEY_FILE;
pub(crate) use checkpoint::{CheckpointKey, adopt_key_file};
pub use verify::{AuditProblem, AuditReport};

/// Whether the gate allowed the access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditDecision {
    /// Access granted.
    Allow,
    /// Access refused.
    Deny,
}

impl AuditDecision {
    /// The stored form: `allow` or `deny`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allow => "allow",
            Self::Deny => "deny",
        }
    }
}

/// One audited event, as the caller describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    /// When it happened, Unix milliseconds.
    pub at_ms: i64,
    /// Who acted (a user or system id).
    pub actor: String,
    /// What was attempted, e.g. `cdr.read`.
    pub action: String,
    /// What it was attempted on, e.g. a customer or record id.
    pub target: String,
    /// The purpose claimed for the access.
    pub purpose: String,
    /// The gate's decision.
    pub decision: AuditDecision,
    /// The source address of the request.
    pub source: String,
}

/// A record as appended: its place in the chain and its hashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Position in the log, from 1 with no gaps.
    pub seq: i64,
    /// The record.
    pub record: AuditRecord,
    /// The previous record's hash (zeros for the first).
    pub prev_hash: [u8; 32],
    /// This record's hash.
    pub hash: [u8; 32],
}

/// A signed statement that the log held `seq` records ending in `hash`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditCheckpoint {
    /// The last record covered.
    pub seq: i64,
    /// That record's hash.
    pub hash: [u8; 32],
    /// When the checkpoint was taken, Unix milliseconds.
    pub at_ms: i64,
}
