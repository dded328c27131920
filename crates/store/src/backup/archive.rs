//! The backup file (issue 3 item 6): a POSIX ustar archive (IEEE Std
//! 1003.1-2017, `pax` format's ustar header) of exactly these entries, all
//! regular files, mode 0600:
//!
//! - `callvault.db`: the database snapshot, first;
//! - `blobs/<tenant id>/<blob id>`: each sealed blob file the snapshot has a
//!   row for, ids lower-case hex, ordered by tenant and id.
//!
//! Unpacking accepts nothing else: an absolute path, `..`, a symbolic or
//! hard link, a folder or device, any other name, or a name twice is
//! refused before anything is written for it, so an archive cannot place a
//! file outside the restore's staging folder. A bare SQLite file (a backup
//! made before media was included) unpacks as `callvault.db` alone.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom};
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use model::TenantId;
use sha2::{Digest, Sha256};

use super::database::BlobRow;
use super::staging::{private_dirs, staged_blob, staged_database};
use super::{backup_file, create_private};
use crate::blobs::BlobId;
use crate::blobs::files::{BLOBS_DIR, is_plain_id};
use crate::{DATABASE_FILE, StoreError};

/// The first 16 bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// The blob files an archive held: SHA-256 by (tenant id, blob id).
pub(super) type Unpacked = HashMap<(TenantId, BlobId), [u8; 32]>;

/// How many blob files an archive holds and their bytes together.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct BlobTotals {
    pub(super) files: u64,
    pub(super) bytes: u64,
}

/// Writes the archive of staging folder `staging` to `out` (the file at
/// `out_path`): the database, then each row's file, whose SHA-256 must
/// match its row. Flushes it to disk.
pub(super) fn write(out: File, out_path: &Path, staging: &Path, rows: &[BlobRow]) -> Result<BlobTotals, StoreError> {
    let mtime = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_secs());
    let mut builder = tar::Builder::new(BufWriter::new(out));
    let failed = |e| backup_file(out_path, e);
    append(&mut builder, DATABASE_FILE, &staged_database(staging), mtime).map_err(failed)?;
    let mut totals = BlobTotals::default();
    for row in rows {
        let name = format!("{BLOBS_DIR}/{}/{}", row.tenant.0, row.id.0);
        let (bytes, sha256) =
            append(&mut builder, &name, &staged_blob(staging, &row.tenant, &row.id), mtime).map_err(failed)?;
        if sha256.as_slice() != row.sealed_sha256.as_slice() {
            return Err(StoreError::BackupBlobDamaged { blob: row.id.0.clone() });
        }
        totals.files += 1;
        totals.bytes += bytes;
    }
    let file = builder.into_inner().and_then(|w| w.into_inner().map_err(io::IntoInnerError::into_error));
    file.and_then(|file| file.sync_all()).map_err(failed)?;
    Ok(totals)
}

/// Appends the file at `path` as entry `name`; its size and SHA-256.
fn append(
    builder: &mut tar::Builder<BufWriter<File>>,
    name: &str,
    path: &Path,
    mtime: u64,
) -> io::Result<(u64, [u8; 32])> {
    let file = File::open(path)?;
    let mut header = tar::Header::new_ustar();
    header.set_entry_type(tar::EntryType::Regular);
    header.set_size(file.metadata()?.len());
    header.set_mode(0o600);
    header.set_mtime(mtime);
    let mut hashing = Hashing::new(file);
    builder.append_data(&mut header, name, &mut hashing)?;
    Ok((hashing.bytes, hashing.sha256.finalize().into()))
}

/// Unpacks the backup at `backup` into staging folder `staging`, checking
/// every entry's type and name first; the SHA-256 of each blob file.
pub(super) fn unpack(backup: &Path, staging: &Path) -> Result<Unpacked, StoreError> {
    let mut file = File::open(backup).map_err(|e| backup_file(backup, e))?;
    if is_bare_database(&mut file).map_err(|e| backup_file(backup, e))? {
        extract(&mut file, &staged_database(staging), DATABASE_FILE)?;
        return Ok(Unpacked::new());
    }
    let mut archive = tar::Archive::new(file);
    let mut unpacked = Unpacked::new();
    for entry in archive.entries().map_err(|e| backup_file(backup, e))? {
        let mut entry = entry.map_err(|e| backup_file(backup, e))?;
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        match member(entry.header().entry_type(), &name)? {
            Member::Database => drop(extract(&mut entry, &staged_database(staging), &name)?),
            Member::Blob(tenant, id) => {
                let to = staged_blob(staging, &tenant, &id);
                private_dirs(to.parent().expect("a blob file has a folder"))?;
                let sha256 = extract(&mut entry, &to, &name)?;
                unpacked.insert((tenant, id), sha256);
            }
        }
    }
    Ok(unpacked)
}

/// Whether the file starts as an SQLite database; rewinds it.
fn is_bare_database(file: &mut File) -> io::Result<bool> {
    let mut start = [0u8; SQLITE_MAGIC.len()];
    let read = file.read(&mut start)?;
    file.seek(SeekFrom::Start(0))?;
    Ok(read == start.len() && &start == SQLITE_MAGIC)
}

/// Copies `from` into a new private file `to` (entry `name`), flushed to
/// disk; its SHA-256. A second entry of the same name is refused.
fn extract(from: &mut impl Read, to: &Path, name: &str) -> Result<[u8; 32], StoreError> {
    let mut file = create_private(to).map_err(|err| match err {
        StoreError::BackupFile { source, .. } if source.kind() == io::ErrorKind::AlreadyExists => {
            StoreError::BackupEntryRefused { entry: name.to_owned(), reason: "it appears twice" }
        }
        other => other,
    })?;
    let mut hashing = Hashing::new(from);
    io::copy(&mut hashing, &mut file).and_then(|_| file.sync_all()).map_err(|e| backup_file(to, e))?;
    Ok(hashing.sha256.finalize().into())
}

/// What an archive entry is.
#[derive(Debug, PartialEq, Eq)]
enum Member {
    Database,
    Blob(TenantId, BlobId),
}

/// The entry `name` of type `kind`, if a backup may hold it.
fn member(kind: tar::EntryType, name: &str) -> Result<Member, StoreError> {
    let refused = |reason| StoreError::BackupEntryRefused { entry: name.to_owned(), reason };
    if !kind.is_file() {
        return Err(refused(kind_problem(kind)));
    }
    parse_name(name).map_err(refused)
}

fn kind_problem(kind: tar::EntryType) -> &'static str {
    match kind {
        kind if kind.is_symlink() => "a symbolic link; a backup holds regular files only",
        kind if kind.is_hard_link() => "a hard link; a backup holds regular files only",
        kind if kind.is_dir() => "a folder; a backup holds regular files only",
        _ => "not a regular file; a backup holds regular files only",
    }
}

/// `callvault.db` or `blobs/<hex>/<hex>`; nothing else.
fn parse_name(name: &str) -> Result<Member, &'static str> {
    if name.starts_with('/') {
        return Err("an absolute path");
    }
    if name.split('/').any(|part| part == "..") {
        return Err("a path with `..`");
    }
    if name == DATABASE_FILE {
        return Ok(Member::Database);
    }
    match name.split('/').collect::<Vec<_>>().as_slice() {
        [BLOBS_DIR, tenant, id] if is_plain_id(tenant) && is_plain_id(id) => {
            Ok(Member::Blob(TenantId((*tenant).to_owned()), BlobId((*id).to_owned())))
        }
        _ => Err("a name other than callvault.db and blobs/<tenant hex>/<blob hex>"),
    }
}

/// A reader that hashes and counts what passes through it.
struct Hashing<R> {
    inner: R,
    sha256: Sha256,
    bytes: u64,
}

impl<R> Hashing<R> {
    fn new(inner: R) -> Self {
        Self { inner, sha256: Sha256::new(), bytes: 0 }
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.sha256.update(&buf[..read]);
        self.bytes += read as u64;
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_database_and_hex_blob_paths_are_members() {
        assert_eq!(parse_name("callvault.db"), Ok(Member::Database));
        let blob = Member::Blob(TenantId("0a".into()), BlobId("ff01".into()));
        assert_eq!(parse_name("blobs/0a/ff01"), Ok(blob));
        for name in ["/callvault.db", "../evil", "blobs/0a/../ff", "blobs/0a", "blobs/0A/ff", "blobs/0a/ff/x"] {
            assert!(parse_name(name).is_err(), "{name:?} accepted");
        }
        for name in ["./callvault.db", "kek.key", "blobs/0a/.ff.partial", "callvault.db-wal", ""] {
            assert!(parse_name(name).is_err(), "{name:?} accepted");
        }
    }

    #[test]
    fn links_and_folders_are_refused_whatever_their_name() {
        for kind in [tar::EntryType::Symlink, tar::EntryType::Link, tar::EntryType::Directory, tar::EntryType::Fifo] {
            let refused = member(kind, "callvault.db");
            assert!(matches!(refused, Err(StoreError::BackupEntryRefused { .. })), "{kind:?}: {refused:?}");
        }
    }
}
