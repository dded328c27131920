//! Where blob files live and how they reach disk durably (issue 3 item 1).
//!
//! `<data dir>/blobs/<tenant id>/<blob id>`, folders mode 0700, files mode
//! 0600. A file is written as `.<blob id>.partial` in the same folder,
//! fsynced, renamed into place and the folder fsynced (POSIX rename(2) is
//! atomic within a file system), so a crash leaves either no final file or a
//! whole one. A [`PartialFile`] guard unlinks the partial file if the write
//! is abandoned, including when its future is dropped.

use std::io;
use std::path::{Path, PathBuf};

use model::TenantId;

use super::BlobId;
use crate::{StoreError, private_file};

/// The blob folder's name inside the data folder.
pub(crate) const BLOBS_DIR: &str = "blobs";
const PARTIAL_SUFFIX: &str = ".partial";

/// One file in a tenant's blob folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BlobFile {
    /// The blob it holds or was being written for.
    pub(crate) id: BlobId,
    /// The file.
    pub(crate) path: PathBuf,
    /// Whether it is an unfinished write (left by a crash).
    pub(crate) partial: bool,
}

/// `<data dir>/blobs/<tenant id>`; refuses ids that are not plain names.
pub(crate) fn tenant_dir(data_dir: &Path, tenant: &TenantId) -> Result<PathBuf, StoreError> {
    check_name(&tenant.0)?;
    Ok(data_dir.join(BLOBS_DIR).join(&tenant.0))
}

/// The final path of `blob` in `dir`.
pub(crate) fn final_path(dir: &Path, blob: &BlobId) -> Result<PathBuf, StoreError> {
    check_name(&blob.0)?;
    Ok(dir.join(&blob.0))
}

/// Ids become file names, so only lower-case hex (as [`crate::id`] makes them).
fn check_name(id: &str) -> Result<(), StoreError> {
    if is_plain_id(id) { Ok(()) } else { Err(StoreError::BlobIdUnsafe) }
}

/// Whether `id` is non-empty lower-case hex, so safe as a file name.
pub(crate) fn is_plain_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The tenants with a folder under `<data dir>/blobs` (none if it does not
/// exist); other names are skipped. For backups, with [`list`].
pub(crate) fn tenants_with_files(data_dir: &Path) -> Result<Vec<TenantId>, StoreError> {
    let blobs = data_dir.join(BLOBS_DIR);
    let entries = match std::fs::read_dir(&blobs) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        entries => entries.map_err(|e| file_error(&blobs, e))?,
    };
    let mut tenants = Vec::new();
    for entry in entries {
        let name = entry.map_err(|e| file_error(&blobs, e))?.file_name();
        tenants.extend(name.to_str().filter(|name| is_plain_id(name)).map(|name| TenantId(name.to_owned())));
    }
    tenants.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(tenants)
}

/// Creates `dir` (and `blobs/`) mode 0700 if missing, fsyncing their parents.
pub(crate) async fn ensure_dir(dir: &Path) -> Result<(), StoreError> {
    let blobs = dir.parent().expect("a tenant folder has a parent");
    for folder in [blobs, dir] {
        if tokio::fs::try_exists(folder).await.map_err(|e| file_error(folder, e))? {
            continue;
        }
        let created = tokio::fs::DirBuilder::new().mode(0o700).create(folder).await;
        match created {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(file_error(folder, e)),
            _ => sync_dir(folder.parent().expect("a blob folder has a parent")).await?,
        }
    }
    Ok(())
}

/// fsyncs a folder, so renames and unlinks in it are durable.
pub(crate) async fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    let folder = tokio::fs::File::open(dir).await.map_err(|e| file_error(dir, e))?;
    folder.sync_all().await.map_err(|e| file_error(dir, e))
}

/// A blob file I/O error, naming the file (paths hold only ids).
pub(crate) fn file_error(path: &Path, source: io::Error) -> StoreError {
    StoreError::BlobFile { path: path.to_owned(), source }
}

/// A partial file being written; unlinked on drop unless renamed into place.
pub(crate) struct PartialFile {
    path: Option<PathBuf>,
}

impl PartialFile {
    /// Creates `.<blob id>.partial` in `dir` (mode 0600, never an existing
    /// file). Synchronously, so that no dropped future can leave a file
    /// created behind its back without a guard.
    pub(crate) fn create(dir: &Path, blob: &BlobId) -> Result<(Self, tokio::fs::File), StoreError> {
        let path = dir.join(format!(".{}{PARTIAL_SUFFIX}", blob.0));
        let file = private_file::create(&path).map_err(|e| file_error(&path, e))?;
        Ok((Self { path: Some(path) }, tokio::fs::File::from_std(file)))
    }

    /// The partial file's path.
    pub(crate) fn path(&self) -> &Path {
        self.path.as_deref().expect("a partial file has a path until it persists")
    }

    /// Renames the file to `target` and fsyncs the folder; the guard is
    /// spent. On failure neither file stays.
    pub(crate) async fn persist(mut self, target: &Path) -> Result<(), StoreError> {
        let path = self.path.take().expect("a partial file persists once");
        if let Err(e) = tokio::fs::rename(&path, target).await {
            let _ = std::fs::remove_file(&path);
            return Err(file_error(target, e));
        }
        let synced = sync_dir(target.parent().expect("a blob file has a folder")).await;
        if synced.is_err() {
            let _ = std::fs::remove_file(target);
        }
        synced
    }
}

impl Drop for PartialFile {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Every blob file and partial file in `dir` (none if it does not exist);
/// other names are skipped.
pub(crate) async fn list(dir: &Path) -> Result<Vec<BlobFile>, StoreError> {
    let mut entries = match tokio::fs::read_dir(dir).await {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(file_error(dir, e)),
    };
    let mut files = Vec::new();
    while let Some(entry) = entries.next_entry().await.map_err(|e| file_error(dir, e))? {
        if let Some(file) = entry.file_name().to_str().and_then(|name| classify(dir, name)) {
            files.push(file);
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// What the file `name` in `dir` is, if it is a blob's.
fn classify(dir: &Path, name: &str) -> Option<BlobFile> {
    let (id, partial) = match name.strip_prefix('.').and_then(|rest| rest.strip_suffix(PARTIAL_SUFFIX)) {
        Some(id) => (id, true),
        None => (name, false),
    };
    check_name(id).ok()?;
    Some(BlobFile { id: BlobId(id.to_owned()), path: dir.join(name), partial })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_are_not_hex_never_become_paths() {
        for id in ["", "..", "../x", "a/b", "ABC", "x"] {
            assert!(matches!(check_name(id), Err(StoreError::BlobIdUnsafe)), "{id:?} accepted");
        }
        assert!(check_name("0123456789abcdef").is_ok());
    }

    #[test]
    fn partial_and_final_files_are_told_apart() {
        let dir = Path::new("/d");
        assert_eq!(classify(dir, ".ab12.partial").map(|f| f.partial), Some(true));
        assert_eq!(classify(dir, "ab12").map(|f| (f.id, f.partial)), Some((BlobId("ab12".into()), false)));
        assert_eq!(classify(dir, "notes.txt"), None);
    }
}
