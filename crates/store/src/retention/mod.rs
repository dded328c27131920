//! Retention (issue 3 item 3): per record type and per customer, a job that
//! deletes securely, reports what it did, never deletes early and is safe to
//! interrupt; and deleting a customer by destroying its data keys.
//!
//! - [`policy`]: the record types (CDRs, voicemail, recordings), the
//!   platform's defaults and bounds with their sources (CDRs at least 18
//!   months, 47 CFR 42.6, and at most 5 years), each customer's choices.
//! - [`Store::run_retention`]: for every live customer and record type, the
//!   cutoff is `now − keep` and a record goes only if its own time (a CDR's
//!   `end_ms`, a blob's `created_ms`) is strictly before it; a record exactly
//!   at the cutoff stays. A clock set back moves every cutoff back, so it
//!   deletes less, never more; a record dated in the future is never due.
//!   Deletion is batched (`purge`), secure (`secure`), and followed by the
//!   sweep of files without rows (`sweep`). Deleted customers' rows and
//!   files are removed whatever their age (`shred`). Each real run appends
//!   one audit record (actor `system`, action `retention.purge`) holding
//!   counts only; a dry run counts the same things and changes nothing.
//! - [`Store::delete_customer`] (`shred`): crypto-shredding.
//!
//! Voicemail: the blob store does not tell a kept message from a greeting
//! (both are `voicemail` blobs), so the voicemail policy applies to all of a
//! customer's voicemail blobs. CPNI records other than CDRs, voicemail and
//! recordings follow the compliance issue and are not purged here.

mod compliance_records;
mod policy;
mod purge;
mod secure;
mod shred;
mod shred_people;
mod sweep;

use model::TenantId;

pub use policy::{Bounds, RecordType, RetentionPolicy};
pub use shred::CustomerDeletion;
pub use sweep::Swept;

use crate::{AuditDecision, AuditRecord, Store, StoreError};

/// How a retention run goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionOptions {
    /// Count what would be deleted, delete nothing, write no audit record.
    pub dry_run: bool,
    /// Rows per transaction.
    pub batch: u32,
    /// Stop after this many delete transactions (`None`: run to the end);
    /// the report then says the run is incomplete.
    pub max_batches: Option<u32>,
}

impl Default for RetentionOptions {
    fn default() -> Self {
        Self { dry_run: false, batch: 500, max_batches: None }
    }
}

/// How many records (and media bytes) were deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Records deleted.
    pub records: u64,
    /// Plaintext bytes of the media deleted (0 for CDRs).
    pub media_bytes: u64,
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, other: Self) {
        self.records += other.records;
        self.media_bytes += other.media_bytes;
    }
}

/// What one customer lost of one record type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purged {
    /// The customer.
    pub customer: TenantId,
    /// The record type.
    pub record: RecordType,
    /// What was deleted.
    pub tally: Tally,
}

/// What a retention run did (or, dry, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RetentionReport {
    /// The run's clock, Unix milliseconds.
    pub now_ms: i64,
    /// Whether nothing was changed.
    pub dry_run: bool,
    /// Per customer and record type, where anything was deleted.
    pub purged: Vec<Purged>,
    /// Files without rows and partial files removed.
    pub swept: Swept,
    /// Deleted customers whose remaining rows and files were removed.
    pub shredded: Vec<TenantId>,
    /// Payment method and policy rows of deleted customers removed.
    pub shredded_rows: u64,
    /// Compliance records deleted (or, dry, due), by kind (`breach`,
    /// `optout_failure`, `training`, …; see `compliance_records.rs`).
    pub compliance: std::collections::BTreeMap<String, u64>,
    /// False when the run stopped at `max_batches`.
    pub complete: bool,
    /// Whether SQLite's WAL was emptied after the purge (true on PostgreSQL).
    pub wal_truncated: bool,
}

impl RetentionReport {
    /// Everything deleted of `record`, over all customers.
    pub fn total(&self, record: RecordType) -> Tally {
        let mut total = Tally::default();
        self.purged.iter().filter(|p| p.record == record).for_each(|p| total += p.tally);
        total
    }
}

/// One run's state: its options and how many batches it may still run.
struct Run<'a> {
    store: &'a Store,
    options: RetentionOptions,
    batches_left: Option<u32>,
    report: RetentionReport,
}

impl Store {
    /// Runs retention as of `now_ms` (see the module doc).
    pub async fn run_retention(&self, now_ms: i64, options: &RetentionOptions) -> Result<RetentionReport, StoreError> {
        let report = RetentionReport { now_ms, dry_run: options.dry_run, complete: true, ..Default::default() };
        let options = RetentionOptions { batch: options.batch.max(1), ..*options };
        let mut run = Run { store: self, options, batches_left: options.max_batches, report };
        run.live_customers().await?;
        let deleted = self.deleted_customers().await?;
        run.deleted_customers(&deleted).await?;
        run.compliance_records().await?;
        if run.report.complete {
            run.report.swept = self.sweep_blob_files(now_ms, options.dry_run, &deleted).await?;
        }
        run.finish().await
    }

    async fn live_customer_ids(&self) -> Result<Vec<TenantId>, StoreError> {
        let sql = "SELECT id FROM tenants WHERE kind = 'customer' AND deleted_ms IS NULL ORDER BY id";
        let ids: Vec<String> = sqlx::query_scalar(sql).fetch_all(&self.pool).await?;
        Ok(ids.into_iter().map(TenantId).collect())
    }
}

impl Run<'_> {
    async fn live_customers(&mut self) -> Result<(), StoreError> {
        for customer in self.store.live_customer_ids().await? {
            let policy = self.store.retention_policy(&customer).await?;
            for record in RecordType::ALL {
                let keep_ms = i64::try_from(policy.keep(record).as_millis()).unwrap_or(i64::MAX);
                let cutoff_ms = self.report.now_ms.saturating_sub(record.bounds().clamp(keep_ms));
                self.expire(&customer, record, cutoff_ms).await?;
            }
        }
        Ok(())
    }

    /// Deletes (or counts) the compliance records past their periods, one
    /// transaction each.
    async fn compliance_records(&mut self) -> Result<(), StoreError> {
        let now = jiff::Timestamp::from_millisecond(self.report.now_ms).map_err(|_| StoreError::Corrupt("run time"))?;
        let today = compliance::gate::eastern_date(now);
        for expired in self.store.expired_compliance_records(today).await? {
            if !self.options.dry_run {
                if !self.take_batch() {
                    return Ok(());
                }
                self.store.delete_compliance_record(&expired).await?;
            }
            compliance_records::tally(&mut self.report.compliance, expired.kind);
        }
        Ok(())
    }

    async fn deleted_customers(&mut self, deleted: &[TenantId]) -> Result<(), StoreError> {
        for customer in deleted {
            let before = self.report.complete;
            for record in RecordType::ALL {
                self.expire(customer, record, i64::MAX).await?;
            }
            if !(before && self.report.complete) {
                return Ok(());
            }
            let rows = self.store.purge_small_tables(customer, self.options.dry_run).await?;
            if !self.options.dry_run {
                self.store.mark_purged(customer, self.report.now_ms).await?;
            }
            self.report.shredded_rows += rows;
            self.report.shredded.push(customer.clone());
        }
        Ok(())
    }

    /// Deletes (or counts) `customer`'s `record`s older than `cutoff_ms`.
    async fn expire(&mut self, customer: &TenantId, record: RecordType, cutoff_ms: i64) -> Result<(), StoreError> {
        let tally = if self.options.dry_run {
            self.store.count_expired(customer, record, cutoff_ms).await?
        } else {
            self.purge(customer, record, cutoff_ms).await?
        };
        if tally.records > 0 {
            self.report.purged.push(Purged { customer: customer.clone(), record, tally });
        }
        Ok(())
    }

    async fn purge(&mut self, customer: &TenantId, record: RecordType, cutoff_ms: i64) -> Result<Tally, StoreError> {
        let mut total = Tally::default();
        while self.take_batch() {
            let batch = self.store.purge_batch(customer, record, cutoff_ms, self.options.batch).await?;
            total += batch;
            if batch.records < u64::from(self.options.batch) {
                break;
            }
        }
        Ok(total)
    }

    /// Whether another batch may run; marks the run incomplete if not.
    fn take_batch(&mut self) -> bool {
        match &mut self.batches_left {
            None => true,
            Some(0) => {
                self.report.complete = false;
                false
            }
            Some(left) => {
                *left -= 1;
                true
            }
        }
    }

    async fn finish(mut self) -> Result<RetentionReport, StoreError> {
        if self.options.dry_run {
            self.report.wal_truncated = false;
            return Ok(self.report);
        }
        self.report.wal_truncated = self.store.truncate_wal().await?;
        self.store.append_audit(&audit_record(&self.report)).await?;
        let report = &self.report;
        tracing::info!(cdrs = report.total(RecordType::Cdr).records, complete = report.complete, "retention run");
        Ok(self.report)
    }
}

/// The run's audit record: counts only, no customer and no personal data.
fn audit_record(report: &RetentionReport) -> AuditRecord {
    let [cdr, voicemail, recording] = RecordType::ALL.map(|record| report.total(record));
    let target = format!(
        "cdr={} voicemail={} recording={} media_bytes={} orphan_files={} partial_files={} shredded_customers={} complete={} compliance_records={}",
        cdr.records,
        voicemail.records,
        recording.records,
        voicemail.media_bytes + recording.media_bytes,
        report.swept.orphan_files,
        report.swept.partial_files,
        report.shredded.len(),
        report.complete,
        report.compliance.values().sum::<u64>(),
    );
    AuditRecord {
        at_ms: report.now_ms,
        actor: "system".into(),
        action: "retention.purge".into(),
        target,
        purpose: "retention".into(),
        decision: AuditDecision::Allow,
        source: "retention-job".into(),
    }
}
