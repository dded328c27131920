//! Deleting records past their keep time, batch by batch (issue 3 item 3).
//!
//! Each batch is its own transaction of at most `batch` rows, run with
//! secure deletion (`secure`), so a run stopped anywhere (a crash, a dropped
//! future, a batch budget) leaves whole batches done and the rest for the
//! next run, which picks up where it left off. A blob's row is deleted
//! first and committed, then its file unlinked: a stop in between leaves a
//! file without a row, which nothing reads and the sweep (`sweep`) removes.

use std::collections::BTreeMap;

use model::TenantId;
use sqlx::Row;

use super::{RecordType, Tally};
use crate::blobs::BlobId;
use crate::blobs::files;
use crate::{Store, StoreError};

/// Tables of a deleted customer emptied in one statement each (few rows).
/// `outbox` rows go at the deletion already; a notice another node queued
/// meanwhile with the customer's key still in its memory goes here.
const SMALL_TABLES: [&str; 3] = ["payment_methods", "retention_policies", "outbox"];

impl Store {
    /// How many `record`s of `tenant` older than `cutoff_ms` there are, and
    /// their media bytes: what [`Store::purge_batch`] would delete in all.
    pub(crate) async fn count_expired(
        &self,
        tenant: &TenantId,
        record: RecordType,
        cutoff_ms: i64,
    ) -> Result<Tally, StoreError> {
        if record == RecordType::Cdr {
            let sql = "SELECT COUNT(*) FROM cdrs WHERE tenant_id = $1 AND end_ms < $2";
            let count: i64 = sqlx::query_scalar(sql).bind(&tenant.0).bind(cutoff_ms).fetch_one(&self.pool).await?;
            return Ok(Tally { records: count.unsigned_abs(), media_bytes: 0 });
        }
        let sql = "SELECT length FROM blobs WHERE tenant_id = $1 AND kind = $2 AND created_ms < $3";
        let query = sqlx::query_scalar::<_, i64>(sql).bind(&tenant.0).bind(record.as_str()).bind(cutoff_ms);
        let lengths = query.fetch_all(&self.pool).await?;
        Ok(Tally { records: lengths.len() as u64, media_bytes: lengths.iter().map(|l| l.unsigned_abs()).sum() })
    }

    /// Deletes at most `batch` `record`s of `tenant` older than `cutoff_ms`
    /// in one transaction (and unlinks their files); what it deleted.
    pub(crate) async fn purge_batch(
        &self,
        tenant: &TenantId,
        record: RecordType,
        cutoff_ms: i64,
        batch: u32,
    ) -> Result<Tally, StoreError> {
        match record {
            RecordType::Cdr => self.purge_cdr_batch(tenant, cutoff_ms, batch).await,
            _ => self.purge_blob_batch(tenant, record, cutoff_ms, batch).await,
        }
    }

    async fn purge_cdr_batch(&self, tenant: &TenantId, cutoff_ms: i64, batch: u32) -> Result<Tally, StoreError> {
        let mut conn = self.secure_delete_connection().await?;
        let deleted = sqlx::query(
            "DELETE FROM cdrs WHERE id IN \
             (SELECT id FROM cdrs WHERE tenant_id = $1 AND end_ms < $2 ORDER BY id LIMIT $3)",
        )
        .bind(&tenant.0)
        .bind(cutoff_ms)
        .bind(i64::from(batch))
        .execute(&mut *conn)
        .await?;
        Ok(Tally { records: deleted.rows_affected(), media_bytes: 0 })
    }

    async fn purge_blob_batch(
        &self,
        tenant: &TenantId,
        record: RecordType,
        cutoff_ms: i64,
        batch: u32,
    ) -> Result<Tally, StoreError> {
        let mut conn = self.secure_delete_connection().await?;
        let rows = sqlx::query(
            "DELETE FROM blobs WHERE id IN (SELECT id FROM blobs WHERE tenant_id = $1 AND kind = $2 \
             AND created_ms < $3 ORDER BY id LIMIT $4) RETURNING id, length",
        )
        .bind(&tenant.0)
        .bind(record.as_str())
        .bind(cutoff_ms)
        .bind(i64::from(batch))
        .fetch_all(&mut *conn)
        .await?;
        drop(conn);
        let mut deleted = BTreeMap::new();
        for row in &rows {
            deleted.insert(BlobId(row.try_get("id")?), row.try_get::<i64, _>("length")?.unsigned_abs());
        }
        self.unlink_blob_files(tenant, deleted.keys()).await?;
        Ok(Tally { records: deleted.len() as u64, media_bytes: deleted.values().sum() })
    }

    /// Unlinks the files of blobs whose rows are gone, then fsyncs the folder.
    async fn unlink_blob_files(&self, tenant: &TenantId, ids: impl Iterator<Item = &BlobId>) -> Result<(), StoreError> {
        let dir = files::tenant_dir(&self.data_dir, tenant)?;
        let mut any = false;
        for id in ids {
            let path = files::final_path(&dir, id)?;
            match tokio::fs::remove_file(&path).await {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(files::file_error(&path, e)),
                _ => any = true,
            }
        }
        if any && tokio::fs::try_exists(&dir).await.unwrap_or(false) {
            files::sync_dir(&dir).await?;
        }
        Ok(())
    }

    /// Deletes a deleted customer's payment methods, policies and queued notices (already unreadable: their keys are gone); how many rows.
    pub(crate) async fn purge_small_tables(&self, tenant: &TenantId, dry_run: bool) -> Result<u64, StoreError> {
        let mut rows = 0;
        for table in SMALL_TABLES {
            let verb = if dry_run { "SELECT COUNT(*) FROM" } else { "DELETE FROM" };
            let sql = format!("{verb} {table} WHERE tenant_id = $1");
            rows += self.small_table_step(sqlx::AssertSqlSafe(sql), tenant, dry_run).await?;
        }
        Ok(rows)
    }

    async fn small_table_step(
        &self,
        sql: sqlx::AssertSqlSafe<String>,
        tenant: &TenantId,
        dry_run: bool,
    ) -> Result<u64, StoreError> {
        if dry_run {
            let count: i64 = sqlx::query_scalar(sql).bind(&tenant.0).fetch_one(&self.pool).await?;
            return Ok(count.unsigned_abs());
        }
        let mut conn = self.secure_delete_connection().await?;
        Ok(sqlx::query(sql).bind(&tenant.0).execute(&mut *conn).await?.rows_affected())
    }
}
