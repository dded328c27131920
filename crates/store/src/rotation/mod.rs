//! Per-tenant data-key rotation with background re-sealing (issue 3 item 1:
//! "data-key rotation per tenant re-seals in the background with progress
//! shown"; NIST SP 800-57 Part 1 §5.3 on limiting a key's cryptoperiod).
//!
//! [`Store::rotate_data_key`] adds a new random data key version, current
//! for new writes at once in this process and within
//! [`LATEST_KEY_TTL`](crate::LATEST_KEY_TTL) on every other node (sooner on
//! a node that opens a value sealed under it; see `crypto/keyring.rs`).
//! Values sealed under older versions still open, since every sealed value
//! and blob file names its version.
//!
//! [`Store::reseal_tenant`] then re-seals every value of the tenant still
//! under another version, table by table ([`SEALED_TABLES`], then blob
//! files), in batches of [`ResealOptions::batch_size`], each one short
//! transaction (`values.rs`; blob files in `blobs/reseal.rs`), reporting
//! [`TableProgress`] after each batch to a callback that may stop it. The
//! job keeps no state of its own: each value's key version is the state,
//! so an interrupted job simply runs again. Passes repeat until one finds
//! nothing (values a slow node sealed under the old version meanwhile are
//! caught). Then, once the current version is older than
//! [`ResealOptions::retire_after`] (so every node has been sealing under it
//! for a while), it checks in one write-locked transaction that no value
//! needs an older version and deletes those versions' key rows:
//! crypto-shredding the old key material. Blind indexes are untouched: they
//! use the tenant's index key, which does not rotate (`crypto` module doc).
//!
//! One job per tenant at a time is expected (the CLI runs one); two would
//! only repeat work.

mod values;

use std::ops::ControlFlow;
use std::sync::Arc;
use std::time::Duration;

use model::TenantId;

use crate::crypto::{DataKey, Keyring, LATEST_KEY_TTL};
use crate::id::now_ms;
use crate::{Store, StoreError};
pub(crate) use values::SealedTable;

/// Every table with sealed values, in the order the job visits them.
const SEALED_TABLES: &[&SealedTable] = &[
    &crate::tenants::SEALED,
    &crate::extensions::SEALED,
    &crate::payments::SEALED,
    &crate::cdrs::SEALED,
    &crate::accounts::SEALED,
    &crate::trunks::SEALED,
    &crate::oidc::SEALED,
    &crate::outbox::SEALED,
];

/// The progress name of the blob files.
const BLOBS: &str = "blobs";

/// How a re-seal runs.
#[derive(Debug, Clone)]
pub struct ResealOptions {
    /// Rows (or blob files) per batch; each batch of rows is one transaction.
    pub batch_size: usize,
    /// How long the current version must have existed before older ones
    /// are deleted; the job waits for it. Default 3 × [`LATEST_KEY_TTL`],
    /// so no node can still be sealing under an old version.
    pub retire_after: Duration,
}

impl Default for ResealOptions {
    fn default() -> Self {
        Self { batch_size: 200, retire_after: LATEST_KEY_TTL * 3 }
    }
}

/// How far one table is: rows (or files) of the tenant under the target
/// version, of all the tenant's rows there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableProgress {
    /// The table (`blobs` for blob files).
    pub table: &'static str,
    /// Rows whose every sealed value is under the target version.
    pub done: u64,
    /// The tenant's rows in the table.
    pub total: u64,
}

/// What a re-seal did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResealReport {
    /// The version everything was re-sealed under.
    pub key_version: u32,
    /// Each table's progress at the end.
    pub tables: Vec<TableProgress>,
    /// Rows and files this run re-sealed.
    pub resealed: u64,
    /// The old versions whose keys were deleted.
    pub retired: Vec<u32>,
    /// False if the callback stopped the job early; run it again to finish.
    pub finished: bool,
}

/// One batch of a re-seal: rows looked at, rows re-sealed, the last row's id.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    pub(crate) seen: usize,
    pub(crate) resealed: u64,
    pub(crate) last: Option<String>,
}

/// Where the job is: its target key and the progress shown.
struct Job<'a, P> {
    tenant: &'a TenantId,
    target: Arc<DataKey>,
    limit: i64,
    tables: Vec<TableProgress>,
    resealed: u64,
    progress: P,
}

impl Store {
    /// Gives `tenant` a new random data key version, current for new writes
    /// at once; returns it. Run [`Store::reseal_tenant`] after it.
    pub async fn rotate_data_key(&self, tenant: &TenantId) -> Result<u32, StoreError> {
        self.keyring.rotate(tenant).await
    }

    /// `tenant`'s data key versions, oldest first (more than one while a
    /// rotation's re-seal has not finished).
    pub async fn data_key_versions(&self, tenant: &TenantId) -> Result<Vec<u32>, StoreError> {
        let versions: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM data_keys WHERE tenant_id = $1 ORDER BY version")
                .bind(&tenant.0)
                .fetch_all(&self.pool)
                .await?;
        versions.into_iter().map(|v| u32::try_from(v).map_err(|_| StoreError::Corrupt("data key version"))).collect()
    }

    /// Re-seals every value and blob file of `tenant` under its current data
    /// key, then deletes the key versions nothing needs any more (see the
    /// module doc). `progress` sees every table's progress after each batch
    /// and may return [`ControlFlow::Break`] to stop (the report then says
    /// not finished; running again resumes).
    pub async fn reseal_tenant(
        &self,
        tenant: &TenantId,
        options: &ResealOptions,
        progress: impl FnMut(&[TableProgress]) -> ControlFlow<()>,
    ) -> Result<ResealReport, StoreError> {
        let target = self.keyring.data_key(tenant).await?;
        let limit = i64::try_from(options.batch_size.max(1)).unwrap_or(i64::MAX);
        let mut job = Job { tenant, target, limit, tables: Vec::new(), resealed: 0, progress };
        loop {
            job.target = self.current_key(tenant).await?;
            job.tables = self.progress_of(tenant, job.target.version()).await?;
            if (job.progress)(&job.tables).is_break() || !self.run_passes(&mut job).await? {
                return Ok(job.report(Vec::new(), false));
            }
            if self.wait_to_retire(tenant, &job.target, options.retire_after).await? {
                continue;
            }
            if let Some(retired) = self.retire(tenant, job.target.version()).await? {
                return Ok(job.report(retired, true));
            }
        }
    }

    /// The current data key as the database has it (not the cached one).
    async fn current_key(&self, tenant: &TenantId) -> Result<Arc<DataKey>, StoreError> {
        let (version, _) = self.keyring.current_version(tenant).await?;
        self.keyring.data_key_version(tenant, version).await
    }

    /// Every table's progress towards `version`, counted afresh.
    async fn progress_of(&self, tenant: &TenantId, version: u32) -> Result<Vec<TableProgress>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let mut tables = Vec::with_capacity(SEALED_TABLES.len() + 1);
        for table in SEALED_TABLES {
            let (total, stale) = table.counts(&mut conn, tenant, version).await?;
            tables.push(TableProgress { table: table.table, done: total - stale, total });
        }
        let (total, stale) = Self::blob_key_counts(&mut conn, tenant, version).await?;
        tables.push(TableProgress { table: BLOBS, done: total - stale, total });
        Ok(tables)
    }

    /// Passes over every table until one re-seals nothing; false if stopped.
    async fn run_passes<P>(&self, job: &mut Job<'_, P>) -> Result<bool, StoreError>
    where
        P: FnMut(&[TableProgress]) -> ControlFlow<()>,
    {
        loop {
            let before = job.resealed;
            for index in 0..job.tables.len() {
                if !self.run_table(job, index).await? {
                    return Ok(false);
                }
            }
            if job.resealed == before {
                return Ok(true);
            }
        }
    }

    /// Batches over table `index` from its start; false if stopped.
    async fn run_table<P>(&self, job: &mut Job<'_, P>, index: usize) -> Result<bool, StoreError>
    where
        P: FnMut(&[TableProgress]) -> ControlFlow<()>,
    {
        let mut cursor = String::new();
        loop {
            let batch = match SEALED_TABLES.get(index) {
                Some(table) => self.reseal_value_batch(table, job.tenant, &job.target, &cursor, job.limit).await?,
                None => self.reseal_blob_batch(job.tenant, &job.target, &cursor, job.limit).await?,
            };
            let Some(last) = batch.last else { return Ok(true) };
            cursor = last;
            job.resealed += batch.resealed;
            let table = &mut job.tables[index];
            table.done = (table.done + batch.resealed).min(table.total);
            if (job.progress)(&job.tables).is_break() {
                return Ok(false);
            }
        }
    }

    /// Sleeps until `target` is `retire_after` old; true if it slept (so
    /// the caller makes another pass first).
    async fn wait_to_retire(
        &self,
        tenant: &TenantId,
        target: &DataKey,
        retire_after: Duration,
    ) -> Result<bool, StoreError> {
        let (version, created_ms) = self.keyring.current_version(tenant).await?;
        if version != target.version() {
            return Ok(true);
        }
        let retire_at = created_ms.saturating_add(i64::try_from(retire_after.as_millis()).unwrap_or(i64::MAX));
        let wait = retire_at.saturating_sub(now_ms());
        if wait <= 0 {
            return Ok(false);
        }
        tracing::info!(tenant = %tenant, wait_ms = wait, "waiting for every node to seal under the new data key");
        tokio::time::sleep(Duration::from_millis(wait.unsigned_abs())).await;
        Ok(true)
    }

    /// Deletes `tenant`'s key versions older than `version` if no value
    /// needs them, checked and done in one write-locked transaction;
    /// `None` if some value still does (another pass is needed).
    async fn retire(&self, tenant: &TenantId, version: u32) -> Result<Option<Vec<u32>>, StoreError> {
        let mut tx = self.backend.begin_write_locked(&self.pool, "data_keys").await?;
        for table in SEALED_TABLES {
            if table.counts(&mut tx, tenant, version).await?.1 > 0 {
                return Ok(None);
            }
        }
        if Self::blob_key_counts(&mut tx, tenant, version).await?.1 > 0 {
            return Ok(None);
        }
        let retired = Keyring::retire_older_in(&mut tx, tenant, version).await?;
        tx.commit().await?;
        self.keyring.forget_older(tenant, version);
        if !retired.is_empty() {
            tracing::info!(tenant = %tenant, ?retired, "deleted old data keys");
        }
        Ok(Some(retired))
    }
}

impl<P> Job<'_, P> {
    fn report(self, retired: Vec<u32>, finished: bool) -> ResealReport {
        ResealReport {
            key_version: self.target.version(),
            tables: self.tables,
            resealed: self.resealed,
            retired,
            finished,
        }
    }
}
