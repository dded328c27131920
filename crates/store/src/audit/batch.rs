//! Batched audit appends for the CPNI gate's decisions (issue 7 item 1:
//! "audit writes are batched"), so a gated read does not pay a committed
//! transaction of its own.
//!
//! A decision's record is queued in memory and written with the others
//! queued meanwhile, in one transaction chained exactly as single appends
//! are (`append`): when [`FLUSH_AT`] records wait, [`FLUSH_AFTER`] after the
//! first of them was queued, on [`Store::flush_audit`], and on
//! [`Store::close`]. What this costs: a process killed between a read and
//! the next flush loses the records of at most that window.
//!
//! Fail closed: when a flush fails its records go back to the queue's front
//! and the next decision first retries the flush; until one succeeds, every
//! gated read is refused with the flush's error.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sqlx::Row;

use super::AuditEntry;
use super::AuditRecord;
use super::append::{hash_at, insert_checkpoint, insert_entry};
use crate::{Store, StoreError};

/// Records waiting that make the queuer flush at once.
pub(crate) const FLUSH_AT: usize = 256;
/// How long the first queued record waits at most.
pub(crate) const FLUSH_AFTER: Duration = Duration::from_millis(50);

/// The queue of decisions not yet written.
#[derive(Debug, Default)]
pub(crate) struct AuditQueue {
    pending: Mutex<Vec<AuditRecord>>,
    flushing: tokio::sync::Mutex<()>,
    failed: AtomicBool,
}

impl AuditQueue {
    /// Queues `record`; returns how many wait now.
    fn push(&self, record: AuditRecord) -> usize {
        let mut pending = self.pending.lock().expect("audit queue lock");
        pending.push(record);
        pending.len()
    }

    fn take(&self) -> Vec<AuditRecord> {
        std::mem::take(&mut *self.pending.lock().expect("audit queue lock"))
    }

    /// Puts `records` back in front of any queued since they were taken.
    fn put_back(&self, mut records: Vec<AuditRecord>) {
        let mut pending = self.pending.lock().expect("audit queue lock");
        records.append(&mut pending);
        *pending = records;
    }
}

impl Store {
    /// Queues a gate decision's record; see the module doc for when it is written.
    pub(crate) async fn queue_audit(&self, record: AuditRecord) -> Result<(), StoreError> {
        if self.audit_queue.failed.load(Ordering::Acquire) {
            self.flush_audit().await?;
        }
        match self.audit_queue.push(record) {
            waiting if waiting >= FLUSH_AT => self.flush_audit().await,
            1 => {
                self.flush_later();
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Writes every queued gate decision to the audit log now.
    pub async fn flush_audit(&self) -> Result<(), StoreError> {
        let _one_at_a_time = self.audit_queue.flushing.lock().await;
        let records = self.audit_queue.take();
        if records.is_empty() {
            return Ok(());
        }
        let written = self.append_audit_batch(&records).await;
        self.audit_queue.failed.store(written.is_err(), Ordering::Release);
        if written.is_err() {
            self.audit_queue.put_back(records);
        }
        written
    }

    /// Flushes after [`FLUSH_AFTER`], on the runtime the store runs on.
    fn flush_later(&self) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else { return };
        let store = self.clone();
        runtime.spawn(async move {
            tokio::time::sleep(FLUSH_AFTER).await;
            if let Err(error) = store.flush_audit().await {
                tracing::error!(%error, "writing queued CPNI gate decisions to the audit log failed; gated reads are refused until it succeeds");
            }
        });
    }

    /// Appends `records` in order in one transaction, chained as
    /// [`Store::append_audit`] chains one.
    pub(crate) async fn append_audit_batch(&self, records: &[AuditRecord]) -> Result<(), StoreError> {
        let count = i64::try_from(records.len()).map_err(|_| StoreError::Corrupt("audit batch size"))?;
        let key = self.keyring.checkpoint_key().await?;
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query("UPDATE audit_tail SET seq = seq + $1 WHERE id = 1 RETURNING seq, checkpoint_every")
            .bind(count)
            .fetch_one(&mut *tx)
            .await?;
        let (last, every): (i64, i64) = (row.try_get("seq")?, row.try_get("checkpoint_every")?);
        let mut prev = hash_at(&mut tx, last - count).await?;
        for (seq, record) in (last - count + 1..).zip(records) {
            let entry = AuditEntry::chain(seq, prev, record);
            insert_entry(&mut tx, &entry).await?;
            if seq % every == 0 {
                let checkpoint = super::AuditCheckpoint { seq, hash: entry.hash, at_ms: record.at_ms };
                insert_checkpoint(&mut tx, &key, &checkpoint).await?;
            }
            prev = entry.hash;
        }
        tx.commit().await?;
        Ok(())
    }
}
