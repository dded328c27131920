//! The sweep: blob files with no row, and partial files, left by a crash or
//! an interrupted purge (issue 3 item 3, "safe to interrupt").
//!
//! A file is swept only once it is at least an hour old by its modification
//! time, measured against the run's `now`: `put_blob` writes `.<id>.partial`
//! (its time moves with every write), renames it into place and only then
//! inserts the row, so a young file without a row may be a put in progress.
//! A clock set back makes files look younger, so it sweeps less, never more.

use std::collections::HashSet;
use std::time::UNIX_EPOCH;

use model::TenantId;

use crate::blobs::files::{self, BlobFile};
use crate::{Store, StoreError};

/// How old a file without a row must be before it is swept.
pub(crate) const SWEEP_AFTER_MS: i64 = 3_600_000;

/// What a sweep removed (or, in a dry run, would remove).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    /// Whole blob files without a row.
    pub orphan_files: u64,
    /// Partial files of unfinished writes.
    pub partial_files: u64,
}

impl Store {
    /// Sweeps every tenant's blob folder; removes the now empty folders of
    /// deleted customers in `deleted`.
    pub(crate) async fn sweep_blob_files(
        &self,
        now_ms: i64,
        dry_run: bool,
        deleted: &[TenantId],
    ) -> Result<Swept, StoreError> {
        let mut swept = Swept::default();
        for tenant in files::tenants_with_files(&self.data_dir)? {
            let rows = self.blob_ids(&tenant).await?;
            for file in self.tenant_blob_files(&tenant).await? {
                if !rows.contains(&file.id.0) || file.partial {
                    self.sweep_one(&file, now_ms, dry_run, &mut swept).await?;
                }
            }
            if !dry_run && deleted.contains(&tenant) {
                remove_if_empty(&files::tenant_dir(&self.data_dir, &tenant)?).await;
            }
        }
        Ok(swept)
    }

    async fn blob_ids(&self, tenant: &TenantId) -> Result<HashSet<String>, StoreError> {
        let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM blobs WHERE tenant_id = $1")
            .bind(&tenant.0)
            .fetch_all(&self.pool)
            .await?;
        Ok(ids.into_iter().collect())
    }

    async fn sweep_one(
        &self,
        file: &BlobFile,
        now_ms: i64,
        dry_run: bool,
        swept: &mut Swept,
    ) -> Result<(), StoreError> {
        if now_ms.saturating_sub(modified_ms(file).await?) < SWEEP_AFTER_MS {
            return Ok(());
        }
        if !dry_run {
            match tokio::fs::remove_file(&file.path).await {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(files::file_error(&file.path, e)),
                _ => files::sync_dir(file.path.parent().expect("a blob file has a folder")).await?,
            }
        }
        if file.partial {
            swept.partial_files += 1
        } else {
            swept.orphan_files += 1
        }
        Ok(())
    }
}

/// The file's modification time in Unix ms (`i64::MAX`, never swept, if
/// it is gone or its time is unreadable or before 1970).
async fn modified_ms(file: &BlobFile) -> Result<i64, StoreError> {
    let metadata = match tokio::fs::metadata(&file.path).await {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(i64::MAX),
        Err(e) => return Err(files::file_error(&file.path, e)),
    };
    let since_epoch = metadata.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok());
    Ok(since_epoch.map_or(i64::MAX, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX)))
}

async fn remove_if_empty(dir: &std::path::Path) {
    if tokio::fs::remove_dir(dir).await.is_ok() {
        let _ = files::sync_dir(dir.parent().expect("a tenant folder has a parent")).await;
    }
}
