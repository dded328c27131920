//! Restoring a backup (issue 3 item 6): unpack into a staging folder in the
//! target, check the database and every blob file against its row, then
//! move both into place; a refused restore leaves nothing behind.

use std::fs::File;
use std::io;
use std::path::Path;

use super::archive::{self, Unpacked};
use super::database::{self, BlobRow};
use super::staging::{Staging, staged_database};
use super::{backup_file, blocking};
use crate::blobs::files::BLOBS_DIR;
use crate::{Backend, DATABASE_FILE, Kek, Store, StoreError};

/// The staging folder's name prefix, in the target data folder.
const STAGING_PREFIX: &str = ".restoring-";

impl Store {
    /// Restores `backup` into `data_dir`, which must hold no database and
    /// no blob folder (it may hold the key files), with the KEK from
    /// `CALLVAULT_KEK` or `data_dir/kek.key` (never a new one: it must be
    /// the backup's KEK).
    pub async fn restore_from(backup: &Path, data_dir: &Path) -> Result<(), StoreError> {
        refuse_existing_data(data_dir)?;
        let kek = Kek::load_existing(data_dir)?;
        Self::restore_from_with_kek(backup, data_dir, kek).await
    }

    /// Like [`Store::restore_from`], with the KEK given.
    pub async fn restore_from_with_kek(backup: &Path, data_dir: &Path, kek: Kek) -> Result<(), StoreError> {
        refuse_existing_data(data_dir)?;
        let staging = unpack_checked(backup, data_dir, &kek).await?;
        move_into_place(staging.path(), data_dir)?;
        drop(staging);
        let store = Self::open_with_kek(data_dir, kek).await?;
        store.close().await;
        Ok(())
    }

    /// Restores `backup` (of either backend) into the PostgreSQL database
    /// at `url`, which must be empty (migrated or not), and its blob files
    /// into `data_dir`, which must hold no blob folder; the KEK as
    /// [`Store::restore_from`] has it. The rows are copied in one
    /// transaction after the same checks as a restore into SQLite.
    pub async fn restore_into_postgres(backup: &Path, url: &str, data_dir: &Path) -> Result<(), StoreError> {
        let kek = Kek::load_existing(data_dir)?;
        Self::restore_into_postgres_with_kek(backup, url, data_dir, kek).await
    }

    /// Like [`Store::restore_into_postgres`], with the KEK given.
    pub async fn restore_into_postgres_with_kek(
        backup: &Path,
        url: &str,
        data_dir: &Path,
        kek: Kek,
    ) -> Result<(), StoreError> {
        if Backend::of_url(url)? != Backend::Postgres {
            return Err(StoreError::Invalid("database URL: restore_into_postgres needs a postgres: URL"));
        }
        refuse_existing(data_dir, &[BLOBS_DIR])?;
        let staging = unpack_checked(backup, data_dir, &kek).await?;
        Self::open_with_kek(staging.path(), kek.clone()).await?.close().await;
        let store = Self::connect_with_kek(url, data_dir, kek).await?;
        let filled = store.fill_with_blobs(staging.path(), data_dir).await;
        store.close().await;
        filled
    }

    /// Moves the staged blob folder into `data_dir`, then copies the staged
    /// database's rows into this store; moves the folder back on failure.
    async fn fill_with_blobs(&self, staging: &Path, data_dir: &Path) -> Result<(), StoreError> {
        let (staged_blobs, blobs) = (staging.join(BLOBS_DIR), data_dir.join(BLOBS_DIR));
        let has_blobs = staged_blobs.symlink_metadata().is_ok();
        if has_blobs {
            std::fs::rename(&staged_blobs, &blobs).map_err(|e| backup_file(&blobs, e))?;
        }
        let filled = self.fill_from_sqlite(&staged_database(staging)).await;
        if filled.is_err() && has_blobs {
            let _ = std::fs::rename(&blobs, &staged_blobs);
        }
        filled
    }
}

/// Unpacks `backup` into a new staging folder in `data_dir` and checks it.
async fn unpack_checked(backup: &Path, data_dir: &Path, kek: &Kek) -> Result<Staging, StoreError> {
    std::fs::create_dir_all(data_dir).map_err(StoreError::DataDir)?;
    let staging = Staging::create(data_dir, STAGING_PREFIX)?;
    let (from, dir) = (backup.to_owned(), staging.path().to_owned());
    let unpacked = blocking(move || archive::unpack(&from, &dir)).await?;
    check(staging.path(), kek, unpacked).await?;
    Ok(staging)
}

/// Refuses a folder that already holds a database, its WAL files, or blobs.
fn refuse_existing_data(data_dir: &Path) -> Result<(), StoreError> {
    refuse_existing(
        data_dir,
        &[DATABASE_FILE, &format!("{DATABASE_FILE}-wal"), &format!("{DATABASE_FILE}-shm"), BLOBS_DIR],
    )
}

/// Refuses a folder that holds any of `names`.
fn refuse_existing(data_dir: &Path, names: &[&str]) -> Result<(), StoreError> {
    for name in names {
        let path = data_dir.join(name);
        if path.symlink_metadata().is_ok() {
            return Err(StoreError::RestoreOverDatabase { path });
        }
    }
    Ok(())
}

/// Checks the staged database as a backup, the KEK against its data keys,
/// and the staged blob files against its rows.
async fn check(staging: &Path, kek: &Kek, unpacked: Unpacked) -> Result<(), StoreError> {
    let database = staged_database(staging);
    if database.symlink_metadata().is_err() {
        return Err(StoreError::NotABackup);
    }
    database::inspect(&database).await?;
    database::check_kek(&database, kek).await?;
    check_blobs(database::blob_rows(&database).await?, unpacked)
}

/// Every row has its file with the row's SHA-256, and every file a row.
fn check_blobs(rows: Vec<BlobRow>, mut unpacked: Unpacked) -> Result<(), StoreError> {
    for row in rows {
        let Some(sha256) = unpacked.remove(&(row.tenant, row.id.clone())) else {
            return Err(StoreError::BackupBlobMissing { blob: row.id.0 });
        };
        if sha256.as_slice() != row.sealed_sha256.as_slice() {
            return Err(StoreError::BackupBlobDamaged { blob: row.id.0 });
        }
    }
    match unpacked.into_keys().next() {
        Some((tenant, id)) => Err(StoreError::BackupEntryRefused {
            entry: format!("{BLOBS_DIR}/{}/{}", tenant.0, id.0),
            reason: "a blob file without a row in the backup's database",
        }),
        None => Ok(()),
    }
}

/// Renames the staged blob folder into place, then links the staged
/// database into place (a link never replaces a file); undoes the rename
/// if the link fails.
fn move_into_place(staging: &Path, data_dir: &Path) -> Result<(), StoreError> {
    let (staged_blobs, blobs) = (staging.join(BLOBS_DIR), data_dir.join(BLOBS_DIR));
    let has_blobs = staged_blobs.symlink_metadata().is_ok();
    if has_blobs && blobs.symlink_metadata().is_ok() {
        return Err(StoreError::RestoreOverDatabase { path: blobs });
    }
    if has_blobs {
        std::fs::rename(&staged_blobs, &blobs).map_err(|e| backup_file(&blobs, e))?;
    }
    let linked = link_into_place(&staged_database(staging), &data_dir.join(DATABASE_FILE));
    if linked.is_err() && has_blobs {
        let _ = std::fs::rename(&blobs, &staged_blobs);
    }
    linked
}

/// Links `staged` to `database`, fails rather than replace a file there,
/// and fsyncs the folder.
fn link_into_place(staged: &Path, database: &Path) -> Result<(), StoreError> {
    std::fs::hard_link(staged, database).map_err(|err| match err.kind() {
        io::ErrorKind::AlreadyExists => StoreError::RestoreOverDatabase { path: database.to_owned() },
        _ => StoreError::DataDir(err),
    })?;
    let dir = database.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
    File::open(dir).and_then(|d| d.sync_all()).map_err(StoreError::DataDir)
}
