//! The blob store: voicemail and call recordings as files in the data folder,
//! every one sealed under its customer's data key before it touches disk
//! (ARCHITECTURE.md principle 5; issue 3 item 1, "every media file sealed").
//!
//! - Files: `<data dir>/blobs/<tenant id>/<blob id>` (`files`), written
//!   durably and atomically (partial file, fsync, rename, fsync the folder)
//!   before the row is inserted (`write`).
//! - Format: streaming AES-256-GCM in 64 KiB chunks, the STREAM construction
//!   (Hoang–Reyhanitabar–Rogaway–Vizár 2015), bound to tenant, blob id and
//!   kind (`stream`); no whole-file buffer on the way in or out (`read`).
//! - Rows: the `blobs` table (migration 0005) holds each blob's tenant,
//!   kind, owner, plaintext length, data key version and the SHA-256 of the
//!   sealed file (checkable without any key, e.g. against bit rot).
//!
//! Voicemail and recordings are read outside the store only through the
//! compliance gate (ARCHITECTURE.md principle 3; issue 7 item 1):
//! [`Store::open_blob`] and [`Store::open_own_blob`] take a `CpniRequest`
//! and ask the gate first; the raw reader is private to the store.
//!
//! ```compile_fail
//! # async fn f(store: store::Store, tenant: model::TenantId, id: store::BlobId) {
//! let reader = store.open_blob_sealed(&tenant, &id).await;
//! # }
//! ```

pub(crate) mod files;
mod read;
mod reseal;
mod stream;
mod write;

use model::TenantId;
use sqlx::Row;
use sqlx::any::AnyRow;

pub use read::BlobReader;

use crate::{Store, StoreError};

/// Identifies a stored blob: a random 128-bit value in hex.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlobId(pub String);

impl std::fmt::Display for BlobId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a blob holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlobKind {
    /// A voicemail message or greeting.
    Voicemail,
    /// A call recording.
    Recording,
}

impl BlobKind {
    /// The `blobs.kind` value, also bound into every sealed chunk.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Voicemail => "voicemail",
            Self::Recording => "recording",
        }
    }

    /// The kind of CPNI it holds, for the gate.
    pub fn cpni(self) -> compliance::CpniKind {
        match self {
            Self::Voicemail => compliance::CpniKind::Voicemail,
            Self::Recording => compliance::CpniKind::Recording,
        }
    }

    /// The audit log's action for playing it.
    fn play_action(self) -> &'static str {
        match self {
            Self::Voicemail => "voicemail.play",
            Self::Recording => "recording.play",
        }
    }

    pub(crate) fn parse(text: &str) -> Result<Self, StoreError> {
        match text {
            "voicemail" => Ok(Self::Voicemail),
            "recording" => Ok(Self::Recording),
            _ => Err(StoreError::Corrupt("unknown blob kind")),
        }
    }
}

/// A blob's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobInfo {
    /// The blob.
    pub id: BlobId,
    /// The customer it belongs to.
    pub tenant: TenantId,
    /// What it holds.
    pub kind: BlobKind,
    /// The extension or mailbox it belongs to, if any.
    pub owner: Option<String>,
    /// When it was stored, Unix milliseconds.
    pub created_ms: i64,
    /// Plaintext length in bytes.
    pub length: u64,
    /// The tenant's data key version it is sealed under.
    pub key_version: u32,
    /// SHA-256 of the sealed file as written.
    pub sealed_sha256: [u8; 32],
}

/// `SELECT` of every column, completed by a `WHERE` clause.
macro_rules! select_blobs {
    ($where:literal) => {
        concat!("SELECT id, tenant_id, kind, owner, created_ms, length, key_version, sealed_sha256 FROM blobs ", $where)
    };
}

impl Store {
    /// Blob `id`'s row, if `tenant` has such a blob.
    pub async fn blob_info(&self, tenant: &TenantId, id: &BlobId) -> Result<Option<BlobInfo>, StoreError> {
        let row = sqlx::query(select_blobs!("WHERE tenant_id = $1 AND id = $2"))
            .bind(&tenant.0)
            .bind(&id.0)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(info_from_row).transpose()
    }

    /// `tenant`'s blobs of `kind`, oldest first.
    pub async fn list_blobs(&self, tenant: &TenantId, kind: BlobKind) -> Result<Vec<BlobInfo>, StoreError> {
        let rows = sqlx::query(select_blobs!("WHERE tenant_id = $1 AND kind = $2 ORDER BY created_ms, id"))
            .bind(&tenant.0)
            .bind(kind.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(info_from_row).collect()
    }

    /// Deletes blob `id` of `tenant`: the row, then the file (unlinked and
    /// the folder fsynced). Whether there was such a blob. A crash between
    /// the two leaves a file without a row, which nothing can read and the
    /// retention job sweeps.
    pub async fn delete_blob(&self, tenant: &TenantId, id: &BlobId) -> Result<bool, StoreError> {
        let deleted = sqlx::query("DELETE FROM blobs WHERE tenant_id = $1 AND id = $2")
            .bind(&tenant.0)
            .bind(&id.0)
            .execute(&self.pool)
            .await?;
        if deleted.rows_affected() == 0 {
            return Ok(false);
        }
        tracing::info!(tenant = %tenant, blob = %id, "deleted a blob");
        let dir = files::tenant_dir(&self.data_dir, tenant)?;
        let path = files::final_path(&dir, id)?;
        match tokio::fs::remove_file(&path).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(files::file_error(&path, e)),
            _ => files::sync_dir(&dir).await?,
        }
        Ok(true)
    }

    /// Every file in `tenant`'s blob folder, whole or partial, with or
    /// without a row: for the retention job to reconcile with `blobs`.
    pub(crate) async fn tenant_blob_files(&self, tenant: &TenantId) -> Result<Vec<files::BlobFile>, StoreError> {
        files::list(&files::tenant_dir(&self.data_dir, tenant)?).await
    }
}

fn info_from_row(row: &AnyRow) -> Result<BlobInfo, StoreError> {
    let length: i64 = row.try_get("length")?;
    let key_version: i64 = row.try_get("key_version")?;
    let sealed_sha256: Vec<u8> = row.try_get("sealed_sha256")?;
    Ok(BlobInfo {
        id: BlobId(row.try_get("id")?),
        tenant: TenantId(row.try_get("tenant_id")?),
        kind: BlobKind::parse(&row.try_get::<String, _>("kind")?)?,
        owner: row.try_get("owner")?,
        created_ms: row.try_get("created_ms")?,
        length: u64::try_from(length).map_err(|_| StoreError::Corrupt("blob length"))?,
        key_version: u32::try_from(key_version).map_err(|_| StoreError::Corrupt("blob key version"))?,
        sealed_sha256: sealed_sha256.try_into().map_err(|_| StoreError::Corrupt("blob sealed_sha256"))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Kek, NewTenant};

    async fn store_with_customer(dir: &std::path::Path) -> (Store, TenantId) {
        let store = Store::open_with_kek(dir, Kek::from_bytes(&[7; 32])).await.unwrap();
        let reseller =
            NewTenant { slug: "r".into(), name: "R".into(), parent: None, sip_domain: None, is_default: false };
        store.upsert_reseller(&reseller).await.unwrap();
        let customer = NewTenant { parent: Some("r".into()), slug: "c".into(), ..reseller };
        let customer = store.upsert_customer(&customer).await.unwrap().id;
        (store, customer)
    }

    #[tokio::test]
    async fn the_retention_listing_sees_whole_and_partial_files() {
        let dir = tempfile::tempdir().unwrap();
        let (store, tenant) = store_with_customer(dir.path()).await;
        assert!(store.tenant_blob_files(&tenant).await.unwrap().is_empty());
        let id = store.put_blob(&tenant, BlobKind::Voicemail, None, &b"beep"[..]).await.unwrap();
        let folder = dir.path().join("blobs").join(&tenant.0);
        std::fs::write(folder.join(".00ff.partial"), b"left by a crash").unwrap();
        std::fs::write(folder.join("README"), b"not a blob").unwrap();

        let files = store.tenant_blob_files(&tenant).await.unwrap();
        let seen: Vec<_> = files.iter().map(|f| (f.id.0.as_str(), f.partial)).collect();
        assert_eq!(seen.len(), 2);
        assert!(seen.contains(&(id.0.as_str(), false)));
        assert!(seen.contains(&("00ff", true)));
    }
}
