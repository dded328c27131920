//! Taking a backup while `serve` runs (issue 3 item 6): link the blob
//! files, snapshot the database, link the files of rows stored since, then
//! write the archive from the snapshot and the links (the order and why it
//! is consistent are in the module above).
//!
//! A re-seal (data-key rotation, issue 3 item 1) renames a new file over a
//! blob's file and then updates its row's SHA-256: a link made before that
//! may hold the old file while the snapshot has the new row. So each staged
//! file is checked against its snapshot row; on a mismatch the live file is
//! linked instead if it matches, else another snapshot is taken (at most
//! [`SNAPSHOT_ATTEMPTS`] in all).

use std::path::{Path, PathBuf};

use super::database::{self, BlobRow};
use super::staging::{Staging, staged_database};
use super::{BackupReport, archive, backup_file, blocking, create_private, sync_file};
use crate::{Backend, Store, StoreError};

/// The staging folder's name prefix, in the data folder.
const STAGING_PREFIX: &str = ".backup-";

/// How many snapshots to take when blobs in one were deleted before their
/// files could be linked, or re-sealed (a new file) between link and snapshot.
const SNAPSHOT_ATTEMPTS: usize = 3;

impl Store {
    /// Writes a consistent backup of the database and every blob file it
    /// has a row for to `out`, which must not exist (it is created mode
    /// 0600), and reports what it holds. The snapshot is checked as a
    /// restore would check it; on any failure `out` is removed.
    /// On PostgreSQL the snapshot is an SQLite file filled from one
    /// `REPEATABLE READ` transaction (`postgres`), so the archive is the same.
    pub async fn backup_to(&self, out: &Path) -> Result<BackupReport, StoreError> {
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
    /// [`Store::snapshot_with_files`] for the anonymized export (`crate::export`).
    pub(crate) async fn snapshot_into(&self, staging: &Staging) -> Result<(), StoreError> {
        self.snapshot_with_files(staging).await.map(drop)
    }

    /// A file that still does not match its row after the last snapshot is
    /// damage, named by its blob id.
    async fn snapshot_with_files(&self, staging: &Staging) -> Result<Vec<BlobRow>, StoreError> {
        let mut linked = Linked::All;
        for _ in 0..SNAPSHOT_ATTEMPTS {
            let snapshot = staged_database(staging.path());
            self.snapshot_database(&snapshot).await?;
            let rows = database::blob_rows(&snapshot).await?;
            linked = self.link_rows(staging, &rows).await?;
            if linked == Linked::All {
                return Ok(rows);
            }
        }
        match linked {
            Linked::Mismatch(blob) => Err(StoreError::BackupBlobDamaged { blob }),
            _ => Err(StoreError::BackupKeptChanging),
        }
    }

    /// Links each row's file and checks it is the file the row names. A
    /// blob deleted after the snapshot before its file was linked, or whose
    /// file was swapped so that neither the linked nor the live one matches
    /// the row, asks for another snapshot. A file missing while its row is
    /// still live is damage.
    async fn link_rows(&self, staging: &Staging, rows: &[BlobRow]) -> Result<Linked, StoreError> {
        for row in rows {
            if !staging.link_blob(&self.data_dir, &row.tenant, &row.id)? {
                if self.blob_info(&row.tenant, &row.id).await?.is_none() {
                    return Ok(Linked::Vanished);
                }
                return Err(StoreError::BackupBlobMissing { blob: row.id.0.clone() });
            }
            if !staging.matches_row(&self.data_dir, row).await? {
                return Ok(Linked::Mismatch(row.id.0.clone()));
            }
        }
        Ok(Linked::All)
    }

    /// A new private SQLite file at `snapshot` (replacing an earlier
    /// snapshot of ours) holding one consistent read transaction's view.
    async fn snapshot_database(&self, snapshot: &Path) -> Result<(), StoreError> {
        match self.backend {
            Backend::Sqlite => self.vacuum_into(snapshot).await,
            Backend::Postgres => self.postgres_into(snapshot).await,
        }
    }

    /// `VACUUM INTO` a new private file at `snapshot`.
    async fn vacuum_into(&self, snapshot: &Path) -> Result<(), StoreError> {
        let _ = std::fs::remove_file(snapshot);
        create_private(snapshot)?;
        let text = snapshot.to_str().ok_or_else(|| backup_file(snapshot, std::io::ErrorKind::InvalidInput.into()))?;
        sqlx::query("VACUUM INTO $1").bind(text).execute(&self.pool).await?;
        sync_file(snapshot)
    }
}

/// How linking a snapshot's blob files went.
#[derive(Debug, PartialEq, Eq)]
enum Linked {
    /// Every row has its file, matching it.
    All,
    /// A blob was deleted after the snapshot.
    Vanished,
    /// This blob's file matches its row neither as linked nor as it is now.
    Mismatch(String),
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

#[cfg(test)]
mod tests {
    use model::TenantId;

    use super::*;
    use crate::{BlobKind, Kek, NewTenant};

    async fn store_with_customer(dir: &Path) -> (Store, TenantId) {
        let store = Store::open_with_kek(dir, Kek::from_bytes(&[7; 32])).await.unwrap();
        let reseller =
            NewTenant { slug: "r".into(), name: "R".into(), parent: None, sip_domain: None, is_default: false };
        store.upsert_reseller(&reseller).await.unwrap();
        let customer = NewTenant { parent: Some("r".into()), slug: "c".into(), ..reseller };
        let customer = store.upsert_customer(&customer).await.unwrap().id;
        (store, customer)
    }

    /// A blob stored after the first links were made and deleted after the
    /// snapshot was taken: the snapshot must be taken again, and is.
    #[tokio::test]
    async fn a_blob_deleted_after_the_snapshot_asks_for_another() {
        let dir = tempfile::tempdir().unwrap();
        let (store, tenant) = store_with_customer(dir.path()).await;
        let staging = Staging::create(dir.path(), STAGING_PREFIX).unwrap();
        let id = store.put_blob(&tenant, BlobKind::Voicemail, None, &b"beep"[..]).await.unwrap();
        let snapshot = staged_database(staging.path());
        store.vacuum_into(&snapshot).await.unwrap();
        let rows = database::blob_rows(&snapshot).await.unwrap();
        assert_eq!(rows.iter().map(|r| &r.id).collect::<Vec<_>>(), [&id]);

        assert!(store.delete_blob(&tenant, &id).await.unwrap());
        assert_eq!(
            store.link_rows(&staging, &rows).await.unwrap(),
            Linked::Vanished,
            "a vanished blob was not noticed"
        );
        let retaken = store.snapshot_with_files(&staging).await.unwrap();
        assert!(retaken.is_empty(), "the new snapshot no longer has the blob");
    }

    /// A live row whose file is gone is damage, named by its blob id.
    #[tokio::test]
    async fn a_live_row_without_its_file_is_damage() {
        let dir = tempfile::tempdir().unwrap();
        let (store, tenant) = store_with_customer(dir.path()).await;
        let staging = Staging::create(dir.path(), STAGING_PREFIX).unwrap();
        let id = store.put_blob(&tenant, BlobKind::Recording, None, &b"beep"[..]).await.unwrap();
        std::fs::remove_file(dir.path().join("blobs").join(&tenant.0).join(&id.0)).unwrap();

        let err = store.snapshot_with_files(&staging).await.unwrap_err();
        assert!(matches!(&err, StoreError::BackupBlobMissing { blob } if *blob == id.0), "{err:?}");
    }
}
