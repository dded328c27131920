//! Verification: walks the log in `seq` order inside one read transaction
//! (one consistent snapshot: `Backend::begin_snapshot`) and names the first bad record.
//!
//! For each record, in this order: its `seq` must be the next one (else a
//! record was **deleted**), its `prev_hash` must be the hash of the record
//! before (else records were **reordered** or the chain forked), and its hash
//! must match its contents (else it was **edited**). Where a checkpoint
//! names the record, its signature must verify (else it is **forged**) and
//! its hash must match (else the chain was **rewritten**). A checkpoint past
//! the last record means the tail was **truncated**.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::AuditCheckpoint;
use super::chain::{GENESIS, record_hash};
use super::checkpoint::CheckpointKey;
use crate::{Store, StoreError};

/// Records read per query.
const PAGE: i64 = 1000;

/// The outcome of [`Store::verify_audit`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AuditReport {
    /// Records that passed, in order, before any problem.
    pub records: u64,
    /// Checkpoints stored.
    pub checkpoints: u64,
    /// The first problem found, if any.
    pub problem: Option<AuditProblem>,
}

impl AuditReport {
    /// Whether the log verified.
    pub fn is_ok(&self) -> bool {
        self.problem.is_none()
    }
}

/// The first bad record (or checkpoint) and what is wrong with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuditProblem {
    /// The record's contents do not match its hash.
    Edited {
        /// The record.
        seq: i64,
    },
    /// The record with this seq is missing.
    Deleted {
        /// The missing record.
        seq: i64,
    },
    /// The record does not chain onto the record before it.
    Reordered {
        /// The record.
        seq: i64,
    },
    /// A checkpoint names a record past the end of the log.
    Truncated {
        /// The checkpoint's record.
        seq: i64,
    },
    /// A checkpoint's hash differs from the record it names.
    Rewritten {
        /// The checkpoint's record.
        seq: i64,
    },
    /// A checkpoint's signature does not verify.
    ForgedCheckpoint {
        /// The checkpoint's record.
        seq: i64,
    },
}

impl AuditProblem {
    /// The record named.
    pub fn seq(self) -> i64 {
        match self {
            Self::Edited { seq }
            | Self::Deleted { seq }
            | Self::Reordered { seq }
            | Self::Truncated { seq }
            | Self::Rewritten { seq }
            | Self::ForgedCheckpoint { seq } => seq,
        }
    }
}

impl fmt::Display for AuditProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seq = self.seq();
        match self {
            Self::Edited { .. } => write!(f, "record {seq} was edited: its hash does not match its contents"),
            Self::Deleted { .. } => write!(f, "record {seq} was deleted: the sequence has a gap"),
            Self::Reordered { .. } => {
                write!(f, "record {seq} was reordered: it does not chain onto the record before it")
            }
            Self::Truncated { .. } => {
                write!(f, "records from {seq} were truncated: a checkpoint names record {seq}, which is gone")
            }
            Self::Rewritten { .. } => write!(f, "record {seq} was rewritten: it differs from its checkpoint"),
            Self::ForgedCheckpoint { .. } => write!(f, "the checkpoint at record {seq} is forged: bad signature"),
        }
    }
}

impl Store {
    /// Verifies the whole audit log and its checkpoints.
    pub async fn verify_audit(&self) -> Result<AuditReport, StoreError> {
        let mut tx = self.backend.begin_snapshot(&self.pool).await?;
        let checkpoints = load_checkpoints(&mut tx).await?;
        // Without checkpoints there is nothing to check a key against.
        let key = if checkpoints.is_empty() {
            None
        } else {
            Some(self.keyring.stored_checkpoint_key(&mut tx).await?.ok_or(StoreError::NoAuditKey)?)
        };
        let mut walk = Walk::new(checkpoints, key);
        let problem = walk_pages(&mut tx, &mut walk).await?;
        let problem = problem.or_else(|| walk.finish());
        Ok(AuditReport { records: walk.records, checkpoints: walk.checkpoint_count, problem })
    }
}

/// Feeds every record to `walk`; stops at the first problem.
async fn walk_pages(tx: &mut AnyConnection, walk: &mut Walk) -> Result<Option<AuditProblem>, StoreError> {
    let mut after = i64::MIN;
    loop {
        let rows = sqlx::query(
            "SELECT seq, at_ms, actor, action, target, purpose, decision, source, prev_hash, hash \
             FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(after)
        .bind(PAGE)
        .fetch_all(&mut *tx)
        .await?;
        let Some(last) = rows.last() else { return Ok(None) };
        after = last.try_get("seq")?;
        for row in &rows {
            if let Some(problem) = walk.step(row)? {
                return Ok(Some(problem));
            }
        }
    }
}

/// A checkpoint as stored.
struct StoredCheckpoint {
    checkpoint: AuditCheckpoint,
    signature: Vec<u8>,
}

async fn load_checkpoints(tx: &mut AnyConnection) -> Result<BTreeMap<i64, StoredCheckpoint>, StoreError> {
    let rows =
        sqlx::query("SELECT seq, hash, at_ms, signature FROM audit_checkpoints ORDER BY seq").fetch_all(tx).await?;
    rows.iter().map(checkpoint_from_row).collect()
}

fn checkpoint_from_row(row: &AnyRow) -> Result<(i64, StoredCheckpoint), StoreError> {
    let seq: i64 = row.try_get("seq")?;
    let hash: Vec<u8> = row.try_get("hash")?;
    // A hash of the wrong length cannot match any record: it will show as rewritten.
    let hash = hash.try_into().unwrap_or([0xff; 32]);
    let checkpoint = AuditCheckpoint { seq, hash, at_ms: row.try_get("at_ms")? };
    Ok((seq, StoredCheckpoint { checkpoint, signature: row.try_get("signature")? }))
}

/// The walk's state between records.
struct Walk {
    next_seq: i64,
    prev_hash: [u8; 32],
    records: u64,
    checkpoints: BTreeMap<i64, StoredCheckpoint>,
    checkpoint_count: u64,
    key: Option<Arc<CheckpointKey>>,
}

impl Walk {
    fn new(checkpoints: BTreeMap<i64, StoredCheckpoint>, key: Option<Arc<CheckpointKey>>) -> Self {
        let checkpoint_count = checkpoints.len() as u64;
        Self { next_seq: 1, prev_hash: GENESIS, records: 0, checkpoints, checkpoint_count, key }
    }

    /// Checks one record (and its checkpoint, if any).
    fn step(&mut self, row: &AnyRow) -> Result<Option<AuditProblem>, StoreError> {
        let seq: i64 = row.try_get("seq")?;
        if seq != self.next_seq {
            return Ok(Some(AuditProblem::Deleted { seq: self.next_seq }));
        }
        let Ok(stored) = StoredRecord::read(row) else { return Ok(Some(AuditProblem::Edited { seq })) };
        if stored.prev_hash != self.prev_hash {
            return Ok(Some(AuditProblem::Reordered { seq }));
        }
        if !stored.hash_matches(seq) {
            return Ok(Some(AuditProblem::Edited { seq }));
        }
        if let Some(problem) = self.check_checkpoint(seq, &stored.hash) {
            return Ok(Some(problem));
        }
        (self.next_seq, self.prev_hash, self.records) = (seq + 1, stored.hash, self.records + 1);
        Ok(None)
    }

    /// Checks the checkpoint at `seq`, if there is one, against `hash`.
    fn check_checkpoint(&mut self, seq: i64, hash: &[u8; 32]) -> Option<AuditProblem> {
        let stored = self.checkpoints.remove(&seq)?;
        if !self.signed(&stored) {
            return Some(AuditProblem::ForgedCheckpoint { seq });
        }
        (stored.checkpoint.hash != *hash).then_some(AuditProblem::Rewritten { seq })
    }

    /// After the last record: a checkpoint left over names a record that is gone.
    fn finish(&self) -> Option<AuditProblem> {
        let (&seq, stored) = self.checkpoints.iter().next()?;
        if self.signed(stored) {
            Some(AuditProblem::Truncated { seq })
        } else {
            Some(AuditProblem::ForgedCheckpoint { seq })
        }
    }

    fn signed(&self, stored: &StoredCheckpoint) -> bool {
        self.key.as_ref().is_some_and(|key| key.verifies(&stored.checkpoint, &stored.signature))
    }
}

/// A record as stored; the text fields are read as bytes so that a value of
/// the wrong type still hashes (and fails) rather than stopping the walk.
struct StoredRecord {
    at_ms: i64,
    fields: [Vec<u8>; 6],
    prev_hash: [u8; 32],
    hash: [u8; 32],
}

impl StoredRecord {
    fn read(row: &AnyRow) -> Result<Self, sqlx::Error> {
        let names = ["actor", "action", "target", "purpose", "decision", "source"];
        let [a, b, c, d, e, f] = names.map(|name| text_or_bytes(row, name));
        Ok(Self {
            at_ms: row.try_get("at_ms")?,
            fields: [a?, b?, c?, d?, e?, f?],
            prev_hash: fixed(row.try_get("prev_hash")?),
            hash: fixed(row.try_get("hash")?),
        })
    }

    fn hash_matches(&self, seq: i64) -> bool {
        let fields = self.fields.each_ref().map(Vec::as_slice);
        record_hash(seq, self.at_ms, &fields, &self.prev_hash) == self.hash
    }
}

/// A text column's bytes, or its bytes as stored if it holds a BLOB (SQLite
/// lets a TEXT column hold one; hashing them makes the record fail its check).
fn text_or_bytes(row: &AnyRow, name: &str) -> Result<Vec<u8>, sqlx::Error> {
    match row.try_get::<String, _>(name) {
        Ok(text) => Ok(text.into_bytes()),
        Err(_) => row.try_get::<Vec<u8>, _>(name),
    }
}

/// A stored hash as 32 bytes; a wrong length becomes a value no hash equals
/// in practice (all ones), so the record fails its check.
fn fixed(bytes: Vec<u8>) -> [u8; 32] {
    bytes.try_into().unwrap_or([0xff; 32])
}
