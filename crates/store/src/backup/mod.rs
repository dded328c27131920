//! Backups (issue 3 item 6): "a consistent online snapshot that stays
//! encrypted; a restore test round-trips everything" — the database and
//! the media (voicemail, recordings) in one file.
//!
//! - The backup is one POSIX tar archive (ustar, uncompressed: sealed data
//!   does not compress), so an operator can list it with `tar tvf`. It holds
//!   `callvault.db`, a snapshot of the database, then every blob file the
//!   snapshot has a row for, as `blobs/<tenant id>/<blob id>`, still sealed.
//!   It is created mode 0600 and never over an existing file (`take`).
//! - Consistency while `serve` stores and deletes blobs (`take`): every
//!   blob file is first hard-linked into a private staging folder inside
//!   the data folder (a link keeps the content even if retention unlinks
//!   the original), then the database snapshot is taken with SQLite's
//!   `VACUUM INTO` (one read transaction; in WAL mode writers carry on),
//!   then the files of snapshot rows stored since are linked too. A blob
//!   file is renamed into place before its row is inserted and its row is
//!   deleted before its file, so every snapshot row's file is either linked
//!   or still there, unless the blob was deleted after the snapshot: then
//!   the snapshot is taken again (a few times at most). A row whose file is
//!   gone while the row is still live is damage and fails the backup, naming
//!   the blob. Files without a row in the snapshot (half-finished writes,
//!   deleted blobs) are left out. Each file's SHA-256 is checked against its
//!   row on the way into the archive.
//! - The backup stays encrypted: sealed columns and sealed blob files are
//!   copied as they are, data keys and the audit checkpoint key wrapped
//!   under the KEK (migration 70). The KEK is *not* in it: keeping it apart
//!   from the backups is the point (a stolen backup reveals no sealed value
//!   and cannot forge audit checkpoints). Restoring and verifying the
//!   restored audit log need the same KEK (`CALLVAULT_KEK` or the `kek.key`
//!   kept separately).
//! - Restore (`restore`) goes only into a folder without a database or blob
//!   folder. It unpacks into a private staging folder there, refusing any
//!   entry with an absolute path, `..`, a link or other non-file, or a name
//!   outside `callvault.db` and `blobs/<hex>/<hex>` (`archive`); checks the
//!   database (`PRAGMA integrity_check`, only schema versions this build
//!   knows, every data key unwraps under the KEK) and that every blob row
//!   has its file with the row's SHA-256 and every file a row; then moves
//!   the blob folder and the database into place (a rename and a link,
//!   neither replacing anything) and opens it normally, so migrations run.
//!   A refused restore leaves nothing in the target.
//! - A backup from before media was included (a bare SQLite file) is still
//!   accepted: it restores like an archive holding only `callvault.db`, so
//!   it is refused if its database has blob rows (their files are missing).
//!
//! `integrity_check` finds structural damage; damage inside a value is found
//! where it is read: sealed values by AES-GCM, audit records by the chain.
//! Staging folders (`.backup-<id>`, `.restoring-<id>`) are removed when the
//! operation ends, failed or not; only a crash leaves one behind, holding
//! nothing but sealed data, to be deleted by hand.
//!
//! On PostgreSQL (`postgres`) the archive is the same: its `callvault.db`
//! is an SQLite file made with the SQLite migrations and filled by copying
//! every table's rows, still sealed, read in one `REPEATABLE READ READ
//! ONLY` transaction (`copy`); the blob files are linked around it exactly
//! as above. So one archive restores into either backend: into an empty
//! SQLite data folder as above, or into an empty PostgreSQL database
//! (`restore`: the same checks, then the rows copied in one transaction).
//! The KEK stays apart from it on both.

mod archive;
mod copy;
mod database;
mod postgres;
mod restore;
pub(crate) mod staging;
mod take;

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use crate::StoreError;

/// What a backup holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    /// The backup file's size in bytes.
    pub bytes: u64,
    /// The latest schema migration applied in it.
    pub schema_version: i64,
    /// Row counts of the main tables, in a fixed order.
    pub tables: Vec<(&'static str, i64)>,
    /// How many blob files (voicemail, recordings) it holds.
    pub blobs: u64,
    /// The blob files' sealed size in bytes, together.
    pub blob_bytes: u64,
}

/// Runs blocking file work (archive writing and unpacking) off the async
/// threads; a panic in it resumes here.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    match tokio::task::spawn_blocking(work).await {
        Ok(done) => done,
        Err(err) => std::panic::resume_unwind(err.into_panic()),
    }
}

/// Creates `path`, which must not exist, readable and writable by the owner only.
fn create_private(path: &Path) -> Result<File, StoreError> {
    crate::private_file::create(path).map_err(|e| backup_file(path, e))
}

/// Flushes `path` to disk.
fn sync_file(path: &Path) -> Result<(), StoreError> {
    File::open(path).and_then(|file| file.sync_all()).map_err(|e| backup_file(path, e))
}

fn backup_file(path: &Path, source: io::Error) -> StoreError {
    StoreError::BackupFile { path: PathBuf::from(path), source }
}
