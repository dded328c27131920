//! Taking a backup while `serve` runs (issue 3 item 6): link the blob
//! files, snapshot the database, link the files of rows stored since, then
//! write the archive from the snapshot and the links (the order and why it
//! is consistent are in the module above).

use std::path::{Path, PathBuf};

use super::database::{self, BlobRow};
use super::staging::{Staging, staged_database};
use super::{BackupReport, archive, backup_file, blocking, create_private, sync_file};
use crate::{Store, StoreError};

/// The staging folder's name prefix, in the data folder.
const STAGING_PREFIX: &str = ".backup-";

/// How many snapshots to take when blobs in one were deleted before their
/// files could be linked.
const SNAPSHOT_ATTEMPTS: usize = 3;

impl Store {
    /// Writes a consistent backup of the database and every blob file it
    /// has a row for to `out`, which must not exist (it is created mode
    /// 0600), and reports what it holds. The snapshot is checked as a
    /// restore would check it; on any failure `out` is removed.
    /// SQLite only: on PostgreSQL it refuses, naming `pg_dump`.
    pub async fn backup_to(&self, out: &Path) -> Result<BackupReport, StoreError> {
        self.refuse_on_postgres("backup")?;
        let out = std::path::absolute(out).map_err(|e| backup_file(out, e))?;
        let file = create_private(&out)?;
        let unfinished = Unfinished(Some(out.clone()));
        let staging = Staging::create(&self.data_dir, STAGING_PREFIX)?;
        staging.link_blob_files(&self.data_dir).await?;
        let rows = self.snapshot_with_files(&staging).await?;
        let database = database::inspect(&staged_database(staging.path())).await?;
        let (out_path, dir) = (out.clone(), staging.path().to_owned());
        let blobs = blocking(move || archive::write(file, &out_path, &dir, &rows)).await?;
        let bytes = std::fs::metadata(&out).map_err(|e| backup_file(&out, e))?.len();
        unfinished.keep();
        let (schema_version, tables) = (database.schema_version, database.tables);
        Ok(BackupReport { bytes, schema_version, tables, blobs: blobs.files, blob_bytes: blobs.bytes })
    }

    /// Snapshots the database into `staging` and links every file its blob
    /// rows need that is not linked yet; the rows.
    async fn snapshot_with_files(&self, staging: &Staging) -> Result<Vec<BlobRow>, StoreError> {
        for _ in 0..SNAPSHOT_ATTEMPTS {
            let snapshot = staged_database(staging.path());
            self.vacuum_into(&snapshot).await?;
            let rows = database::blob_rows(&snapshot).await?;
            if self.link_rows(staging, &rows).await? {
                return Ok(rows);
            }
        }
        Err(StoreError::BackupKeptChanging)
    }

    /// Links each row's file; false if a blob was deleted after the
    /// snapshot before its file was linked (take another snapshot). A file
    /// missing while its row is still live is damage.
    async fn link_rows(&self, staging: &Staging, rows: &[BlobRow]) -> Result<bool, StoreError> {
        for row in rows {
            if staging.link_blob(&self.data_dir, &row.tenant, &row.id)? {
                continue;
            }
            if self.blob_info(&row.tenant, &row.id).await?.is_none() {
                return Ok(false);
            }
            return Err(StoreError::BackupBlobMissing { blob: row.id.0.clone() });
        }
        Ok(true)
    }

    /// `VACUUM INTO` a new private file at `snapshot` (replacing an earlier
    /// snapshot of ours): one consistent read transaction.
    async fn vacuum_into(&self, snapshot: &Path) -> Result<(), StoreError> {
        let _ = std::fs::remove_file(snapshot);
        create_private(snapshot)?;
        let text = snapshot.to_str().ok_or_else(|| backup_file(snapshot, std::io::ErrorKind::InvalidInput.into()))?;
        sqlx::query("VACUUM INTO $1").bind(text).execute(&self.pool).await?;
        sync_file(snapshot)
    }
}

/// A backup file being written; removed on drop unless kept.
struct Unfinished(Option<PathBuf>);

impl Unfinished {
    fn keep(mut self) {
        self.0 = None;
    }
}

impl Drop for Unfinished {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}
