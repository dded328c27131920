//! Storing a blob: seal chunk by chunk into a partial file, make it durable,
//! rename it into place, then insert its row (issue 3 item 1).
//!
//! The row comes last, so a crash or an abandoned write never leaves a row
//! pointing at a missing or half-written file. If the insert fails the
//! final file is unlinked; if the future is dropped during the insert the
//! file may stay without a row, which the retention job sweeps (a file
//! without a row is unreadable by design, never the reverse).

use std::path::Path;

use model::TenantId;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use zeroize::Zeroizing;

use super::files::{self, PartialFile, file_error};
use super::stream::{CHUNK, ChunkCipher, Header, Identity};
use super::{BlobId, BlobKind};
use crate::crypto::DataKey;
use crate::id::{new_id, now_ms};
use crate::{Store, StoreError};

/// What was written: enough for the row.
struct Written {
    length: u64,
    sealed_sha256: [u8; 32],
}

impl Store {
    /// Seals everything `media` yields under `tenant`'s current data key
    /// into a new blob of `kind` owned by `owner` (an extension or mailbox);
    /// returns its id. Memory use is one chunk whatever the length.
    pub async fn put_blob(
        &self,
        tenant: &TenantId,
        kind: BlobKind,
        owner: Option<&str>,
        media: impl AsyncRead + Unpin,
    ) -> Result<BlobId, StoreError> {
        let key = self.keyring.data_key(tenant).await?;
        let dir = files::tenant_dir(&self.data_dir, tenant)?;
        let id = BlobId(new_id());
        let target = files::final_path(&dir, &id)?;
        files::ensure_dir(&dir).await?;
        let (partial, file) = PartialFile::create(&dir, &id)?;
        let identity = Identity { tenant: &tenant.0, blob: &id.0, kind: kind.as_str() };
        let sink = Sink { file, path: partial.path(), sha256: Sha256::new() };
        let written = write_sealed(sink, &key, identity, media).await?;
        partial.persist(&target).await?;
        if let Err(e) = self.insert_blob_row(tenant, &id, kind, owner, key.version(), &written).await {
            remove_after_failed_insert(&target);
            return Err(e);
        }
        tracing::info!(tenant = %tenant, blob = %id, kind = kind.as_str(), length = written.length, "stored a blob");
        Ok(id)
    }

    async fn insert_blob_row(
        &self,
        tenant: &TenantId,
        id: &BlobId,
        kind: BlobKind,
        owner: Option<&str>,
        key_version: u32,
        written: &Written,
    ) -> Result<(), StoreError> {
        let length = i64::try_from(written.length).map_err(|_| StoreError::BlobTooLarge)?;
        sqlx::query(
            "INSERT INTO blobs (id, tenant_id, kind, owner, created_ms, length, key_version, sealed_sha256) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id.0)
        .bind(&tenant.0)
        .bind(kind.as_str())
        .bind(owner)
        .bind(now_ms())
        .bind(length)
        .bind(i64::from(key_version))
        .bind(written.sealed_sha256.as_slice())
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

/// Writes the header and every sealed chunk of `media` to `out`, then fsyncs it.
async fn write_sealed(
    mut out: Sink<'_>,
    key: &DataKey,
    identity: Identity<'_>,
    mut media: impl AsyncRead + Unpin,
) -> Result<Written, StoreError> {
    let header = Header::random(key.version())?;
    let mut cipher = ChunkCipher::new(key, &header, identity);
    out.write(&header.encode()).await?;
    let mut pending = Zeroizing::new(Vec::with_capacity(CHUNK + 1));
    let mut length = 0u64;
    loop {
        fill(&mut media, &mut pending).await?;
        let last = pending.len() <= CHUNK;
        let take = pending.len().min(CHUNK);
        out.write(&cipher.seal(&pending[..take], last)?).await?;
        length += take as u64;
        pending.drain(..take);
        if last {
            break;
        }
    }
    out.file.sync_all().await.map_err(|e| file_error(out.path, e))?;
    Ok(Written { length, sealed_sha256: out.sha256.finalize().into() })
}

/// The partial file being written and the running hash of what reached it.
struct Sink<'a> {
    file: tokio::fs::File,
    path: &'a Path,
    sha256: Sha256,
}

impl Sink<'_> {
    async fn write(&mut self, bytes: &[u8]) -> Result<(), StoreError> {
        self.sha256.update(bytes);
        self.file.write_all(bytes).await.map_err(|e| file_error(self.path, e))
    }
}

/// Reads from `media` until `pending` holds one chunk and one byte more
/// (so the writer knows whether a chunk is the last), or `media` ends.
async fn fill(media: &mut (impl AsyncRead + Unpin), pending: &mut Vec<u8>) -> Result<(), StoreError> {
    let want = (CHUNK + 1).saturating_sub(pending.len());
    let mut limited = media.take(want as u64);
    while pending.len() < CHUNK + 1 {
        if limited.read_buf(pending).await.map_err(StoreError::BlobSource)? == 0 {
            break;
        }
    }
    Ok(())
}

/// Best effort: the row was not written, so its file must not stay.
fn remove_after_failed_insert(target: &Path) {
    if let Err(e) = std::fs::remove_file(target) {
        tracing::warn!(error = %e, "could not remove a blob file whose row was not written");
    }
}
