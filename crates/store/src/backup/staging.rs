//! A private staging folder inside the data folder for one backup or
//! restore (issue 3 item 6), laid out like the data folder (`callvault.db`,
//! `blobs/<tenant>/<blob>`) and removed with everything in it when the
//! guard drops, whether the operation succeeded or not.
//!
//! Being in the data folder puts it on the blobs' file system, so a backup
//! can hard-link blob files into it (link(2) fails across file systems)
//! and a restore can rename its blob folder into place (rename(2) is atomic
//! within one).

use std::fs::DirBuilder;
use std::io;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use model::TenantId;
use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;

use super::database::BlobRow;

use crate::blobs::BlobId;
use crate::blobs::files::{self, BLOBS_DIR};
use crate::id::new_id;
use crate::{DATABASE_FILE, StoreError};

/// A staging folder; removed on drop.
#[derive(Debug)]
pub(crate) struct Staging {
    dir: PathBuf,
}

impl Staging {
    /// Creates `<data dir>/<prefix><random id>`, mode 0700.
    pub(crate) fn create(data_dir: &Path, prefix: &str) -> Result<Self, StoreError> {
        let dir = data_dir.join(format!("{prefix}{}", new_id()));
        DirBuilder::new().mode(0o700).create(&dir).map_err(StoreError::DataDir)?;
        Ok(Self { dir })
    }

    /// The folder.
    pub(crate) fn path(&self) -> &Path {
        &self.dir
    }

    /// Hard-links every whole blob file now in `data_dir` into the folder.
    /// A file deleted meanwhile is skipped: its row is gone already.
    pub(crate) async fn link_blob_files(&self, data_dir: &Path) -> Result<(), StoreError> {
        for tenant in files::tenants_with_files(data_dir)? {
            for file in files::list(&files::tenant_dir(data_dir, &tenant)?).await? {
                if !file.partial {
                    self.link_blob(data_dir, &tenant, &file.id)?;
                }
            }
        }
        Ok(())
    }

    /// Hard-links blob `id`'s file into the folder unless it is there
    /// already; whether it is there now (false: the original is gone).
    pub(super) fn link_blob(&self, data_dir: &Path, tenant: &TenantId, id: &BlobId) -> Result<bool, StoreError> {
        let original = files::final_path(&files::tenant_dir(data_dir, tenant)?, id)?;
        let link = staged_blob(&self.dir, tenant, id);
        if link.symlink_metadata().is_ok() {
            return Ok(true);
        }
        private_dirs(link.parent().expect("a blob file has a folder"))?;
        match std::fs::hard_link(&original, &link) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(files::file_error(&original, e)),
        }
    }
}

impl Staging {
    /// Whether `row`'s staged file has the row's SHA-256. If not (the file
    /// was swapped by a re-seal after it was linked), the live file is
    /// linked beside it and, if that one matches, put in its place; false
    /// if neither matches.
    pub(super) async fn matches_row(&self, data_dir: &Path, row: &BlobRow) -> Result<bool, StoreError> {
        let staged = staged_blob(&self.dir, &row.tenant, &row.id);
        if sha256(&staged).await?.as_slice() == row.sealed_sha256.as_slice() {
            return Ok(true);
        }
        let original = files::final_path(&files::tenant_dir(data_dir, &row.tenant)?, &row.id)?;
        let fresh = staged.with_extension("relink");
        let _ = std::fs::remove_file(&fresh);
        match std::fs::hard_link(&original, &fresh) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(files::file_error(&original, e)),
        }
        if sha256(&fresh).await?.as_slice() != row.sealed_sha256.as_slice() {
            let _ = std::fs::remove_file(&fresh);
            return Ok(false);
        }
        std::fs::rename(&fresh, &staged).map_err(|e| files::file_error(&staged, e))?;
        Ok(true)
    }
}

/// The SHA-256 of the file at `path`.
async fn sha256(path: &Path) -> Result<[u8; 32], StoreError> {
    let mut file = tokio::fs::File::open(path).await.map_err(|e| files::file_error(path, e))?;
    let mut hash = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let read = file.read(&mut buf).await.map_err(|e| files::file_error(path, e))?;
        if read == 0 {
            return Ok(hash.finalize().into());
        }
        hash.update(&buf[..read]);
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if let Err(e) = std::fs::remove_dir_all(&self.dir) {
            tracing::warn!(folder = %self.dir.display(), error = %e, "could not remove a staging folder");
        }
    }
}

/// The database's place in staging folder `dir`.
pub(crate) fn staged_database(dir: &Path) -> PathBuf {
    dir.join(DATABASE_FILE)
}

/// Blob `id`'s place in staging folder `dir` (ids are checked hex by the callers).
pub(super) fn staged_blob(dir: &Path, tenant: &TenantId, id: &BlobId) -> PathBuf {
    dir.join(BLOBS_DIR).join(&tenant.0).join(&id.0)
}

/// Creates `dir` and its parent if missing, mode 0700: the folders of a
/// staged file (`blobs/<tenant>`). Never the staging folder itself, so work
/// still running after its guard dropped cannot bring it back.
pub(super) fn private_dirs(dir: &Path) -> Result<(), StoreError> {
    for folder in [dir.parent().expect("a staged folder has a parent"), dir] {
        match DirBuilder::new().mode(0o700).create(folder) {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(files::file_error(folder, e)),
            _ => {}
        }
    }
    Ok(())
}
