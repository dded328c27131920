//! Re-sealing blob files under a tenant's current data key (issue 3 item 1,
//! data-key rotation), one file at a time.
//!
//! A file is re-encrypted chunk by chunk into a partial file (new header,
//! new salt and nonce prefix), made durable, renamed over the old file
//! (atomic, POSIX rename(2)) and only then its row updated (`key_version`,
//! `sealed_sha256`), guarded by the old `key_version`. A crash between the
//! rename and the update leaves a file newer than its row: readers accept
//! that (they follow the file's authenticated header), and the next run
//! sees the file already under the target version and only fixes the row.
//! Readers that opened the old file keep reading it (the rename does not
//! touch an open file). A blob deleted meanwhile has its new file removed.

use std::sync::Arc;

use model::TenantId;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};
use tokio::io::AsyncReadExt;

use super::files::{self, PartialFile, file_error};
use super::read::BlobReader;
use super::stream::{ChunkCipher, Header, Identity};
use super::write::{Sink, Written};
use super::{BlobId, BlobKind};
use crate::crypto::DataKey;
use crate::rotation::Batch;
use crate::{Store, StoreError};

impl Store {
    /// Re-seals up to `limit` of `tenant`'s blobs not under `target`, with
    /// ids after `after` (a resumable cursor), in id order.
    pub(crate) async fn reseal_blob_batch(
        &self,
        tenant: &TenantId,
        target: &Arc<DataKey>,
        after: &str,
        limit: i64,
    ) -> Result<Batch, StoreError> {
        let rows = sqlx::query(
            "SELECT id, kind, key_version FROM blobs \
             WHERE tenant_id = $1 AND key_version <> $2 AND id > $3 ORDER BY id LIMIT $4",
        )
        .bind(&tenant.0)
        .bind(i64::from(target.version()))
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut batch = Batch::default();
        for row in &rows {
            let id = BlobId(row.try_get("id")?);
            let kind = BlobKind::parse(&row.try_get::<String, _>("kind")?)?;
            let row_version: i64 = row.try_get("key_version")?;
            batch.resealed += u64::from(self.reseal_blob(tenant, &id, kind, row_version, target).await?);
            batch.seen += 1;
            batch.last = Some(id.0);
        }
        Ok(batch)
    }

    /// `tenant`'s blobs in all, and those not under `version`.
    pub(crate) async fn blob_key_counts(
        conn: &mut AnyConnection,
        tenant: &TenantId,
        version: u32,
    ) -> Result<(u64, u64), StoreError> {
        let (total, stale): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN key_version <> $2 THEN 1 ELSE 0 END), 0) \
             FROM blobs WHERE tenant_id = $1",
        )
        .bind(&tenant.0)
        .bind(i64::from(version))
        .fetch_one(&mut *conn)
        .await?;
        Ok((count(total)?, count(stale)?))
    }

    /// Re-seals one blob; whether its row now names `target`.
    async fn reseal_blob(
        &self,
        tenant: &TenantId,
        id: &BlobId,
        kind: BlobKind,
        row_version: i64,
        target: &Arc<DataKey>,
    ) -> Result<bool, StoreError> {
        let dir = files::tenant_dir(&self.data_dir, tenant)?;
        let path = files::final_path(&dir, id)?;
        let reader = match self.open_blob_sealed(tenant, id).await {
            Ok(reader) => reader,
            Err(_) if self.blob_info(tenant, id).await?.is_none() => return Ok(false), // deleted meanwhile
            Err(e) => return Err(e),
        };
        if reader.key_version() > target.version() {
            return Ok(false); // another rotation came meanwhile; the next round targets it
        }
        let written = if reader.key_version() == target.version() {
            hash_file(&path).await?
        } else {
            let (partial, file) = PartialFile::create_replacing(&dir, id)?;
            let sink = Sink { file, path: partial.path(), sha256: Sha256::new() };
            let identity = Identity { tenant: &tenant.0, blob: &id.0, kind: kind.as_str() };
            let written = reencrypt(reader, sink, target, identity).await?;
            partial.persist(&path).await?;
            written
        };
        self.update_blob_key(tenant, id, row_version, target.version(), &written).await
    }

    /// Points blob `id`'s row at the new file, if it still names `from`;
    /// removes the file if the blob was deleted meanwhile.
    async fn update_blob_key(
        &self,
        tenant: &TenantId,
        id: &BlobId,
        from: i64,
        to: u32,
        written: &Written,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE blobs SET key_version = $1, sealed_sha256 = $2 WHERE tenant_id = $3 AND id = $4 AND key_version = $5",
        )
        .bind(i64::from(to))
        .bind(written.sealed_sha256.as_slice())
        .bind(&tenant.0)
        .bind(&id.0)
        .bind(from)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 1 {
            return Ok(true);
        }
        if self.blob_info(tenant, id).await?.is_none() {
            let path = files::final_path(&files::tenant_dir(&self.data_dir, tenant)?, id)?;
            let _ = tokio::fs::remove_file(&path).await;
        }
        Ok(false)
    }
}

/// Seals every chunk `reader` yields under `key` into `out`: the same
/// chunking, a new header; the last chunk is known by looking one ahead.
async fn reencrypt(
    mut reader: BlobReader,
    mut out: Sink<'_>,
    key: &DataKey,
    identity: Identity<'_>,
) -> Result<Written, StoreError> {
    let header = Header::random(key.version())?;
    let mut cipher = ChunkCipher::new(key, &header, identity);
    out.write(&header.encode()).await?;
    let mut current = reader.next_chunk().await?.ok_or(StoreError::Corrupt("a blob without chunks"))?;
    let mut length = 0u64;
    loop {
        let next = reader.next_chunk().await?;
        out.write(&cipher.seal(&current, next.is_none())?).await?;
        length += current.len() as u64;
        match next {
            Some(chunk) => current = chunk,
            None => break,
        }
    }
    out.finish(length).await
}

/// The SHA-256 of a file already re-sealed (its row not yet updated).
async fn hash_file(path: &std::path::Path) -> Result<Written, StoreError> {
    let mut file = tokio::fs::File::open(path).await.map_err(|e| file_error(path, e))?;
    let mut sha256 = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let read = file.read(&mut buf).await.map_err(|e| file_error(path, e))?;
        if read == 0 {
            break;
        }
        sha256.update(&buf[..read]);
    }
    Ok(Written { length: 0, sealed_sha256: sha256.finalize().into() })
}

fn count(value: i64) -> Result<u64, StoreError> {
    u64::try_from(value).map_err(|_| StoreError::Corrupt("negative count"))
}
