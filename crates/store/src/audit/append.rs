//! Appending records and taking checkpoints.
//!
//! Each append is one transaction whose first statement updates the one-row
//! `audit_tail` table. In SQLite that statement takes the database's write
//! lock (waiting out the busy timeout if another writer has it); in
//! PostgreSQL it takes the tail row's lock, and a waiting appender's UPDATE
//! then re-reads the committed row (READ COMMITTED). Either way the lock is
//! held to commit and taken before the previous hash is read, so appenders
//! (across nodes, on PostgreSQL) are serialized and each chains onto the
//! record committed just before it. No per-backend branch is needed.

use std::num::NonZeroU32;

use sqlx::{AnyConnection, Row};

use super::chain::GENESIS;
use super::checkpoint::CheckpointKey;
use super::{AuditCheckpoint, AuditEntry, AuditRecord};
use crate::{Store, StoreError};

impl Store {
    /// Appends `record` to the audit log and returns it as chained; every
    /// `checkpoint_every` records it also writes a signed checkpoint.
    pub async fn append_audit(&self, record: &AuditRecord) -> Result<AuditEntry, StoreError> {
        let key = self.keyring.checkpoint_key().await?;
        let mut tx = self.pool.begin().await?;
        let (seq, every) = claim_next_seq(&mut tx).await?;
        let entry = AuditEntry::chain(seq, hash_at(&mut tx, seq - 1).await?, record);
        insert_entry(&mut tx, &entry).await?;
        if seq % every == 0 {
            let checkpoint = AuditCheckpoint { seq, hash: entry.hash, at_ms: record.at_ms };
            insert_checkpoint(&mut tx, &key, &checkpoint).await?;
        }
        tx.commit().await?;
        Ok(entry)
    }

    /// Signs a checkpoint of the log as it stands (none if it is empty).
    pub async fn checkpoint_audit(&self, at_ms: i64) -> Result<Option<AuditCheckpoint>, StoreError> {
        let key = self.keyring.checkpoint_key().await?;
        let mut tx = self.pool.begin().await?;
        let seq: i64 = sqlx::query_scalar("UPDATE audit_tail SET seq = seq WHERE id = 1 RETURNING seq")
            .fetch_one(&mut *tx)
            .await?;
        if seq == 0 {
            return Ok(None);
        }
        let checkpoint = AuditCheckpoint { seq, hash: hash_at(&mut tx, seq).await?, at_ms };
        insert_checkpoint(&mut tx, &key, &checkpoint).await?;
        tx.commit().await?;
        Ok(Some(checkpoint))
    }

    /// Sets how many records pass between automatic checkpoints.
    pub async fn set_audit_checkpoint_every(&self, records: NonZeroU32) -> Result<(), StoreError> {
        sqlx::query("UPDATE audit_tail SET checkpoint_every = $1 WHERE id = 1")
            .bind(i64::from(records.get()))
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// Takes the write lock and the next sequence number; returns it with the
/// checkpoint interval.
async fn claim_next_seq(tx: &mut AnyConnection) -> Result<(i64, i64), StoreError> {
    let row = sqlx::query("UPDATE audit_tail SET seq = seq + 1 WHERE id = 1 RETURNING seq, checkpoint_every")
        .fetch_one(&mut *tx)
        .await?;
    Ok((row.try_get("seq")?, row.try_get("checkpoint_every")?))
}

/// The hash of the record at `seq` (the genesis value for 0). A missing
/// record means the log was cut short behind the tail: refuse to append.
pub(super) async fn hash_at(tx: &mut AnyConnection, seq: i64) -> Result<[u8; 32], StoreError> {
    if seq == 0 {
        return Ok(GENESIS);
    }
    let hash: Option<Vec<u8>> =
        sqlx::query_scalar("SELECT hash FROM audit_log WHERE seq = $1").bind(seq).fetch_optional(&mut *tx).await?;
    hash.and_then(|hash| hash.try_into().ok()).ok_or(StoreError::Corrupt("audit log tail is missing"))
}

pub(super) async fn insert_entry(tx: &mut AnyConnection, entry: &AuditEntry) -> Result<(), sqlx::Error> {
    let record = &entry.record;
    sqlx::query(
        "INSERT INTO audit_log (seq, at_ms, actor, action, target, purpose, decision, source, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(entry.seq)
    .bind(record.at_ms)
    .bind(&record.actor)
    .bind(&record.action)
    .bind(&record.target)
    .bind(&record.purpose)
    .bind(record.decision.as_str())
    .bind(&record.source)
    .bind(&entry.prev_hash[..])
    .bind(&entry.hash[..])
    .execute(tx)
    .await?;
    Ok(())
}

/// Signs `checkpoint` with `key` and stores it; an existing checkpoint at
/// that seq stays. The caller takes the key from the keyring before it
/// begins the transaction (on SQLite, a second connection could not read it
/// while this one holds the write lock).
pub(super) async fn insert_checkpoint(
    tx: &mut AnyConnection,
    key: &CheckpointKey,
    checkpoint: &AuditCheckpoint,
) -> Result<(), StoreError> {
    let signature = key.sign(checkpoint);
    sqlx::query(
        "INSERT INTO audit_checkpoints (seq, hash, at_ms, signature) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (seq) DO NOTHING",
    )
    .bind(checkpoint.seq)
    .bind(&checkpoint.hash[..])
    .bind(checkpoint.at_ms)
    .bind(signature)
    .execute(tx)
    .await?;
    Ok(())
}
