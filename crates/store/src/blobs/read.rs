//! Reading a blob back: chunk by chunk, each authenticated before its
//! plaintext is handed out (issue 3 item 1; the format is in `stream`).
//!
//! A chunk is known to be the last when the file ends right after it, so
//! the reader looks one byte ahead. Tampering shows as an error at the chunk
//! where it is found: a truncated file, for one, reads as far as its last
//! whole chunk and only then fails. A caller must treat a blob as good only
//! when [`BlobReader::next_chunk`] has returned `Ok(None)`.

use std::path::PathBuf;
use std::sync::Arc;

use tokio::io::AsyncReadExt;
use zeroize::Zeroizing;

use access::PersonId;
use compliance::{CpniRequest, Permit};
use model::TenantId;

use super::files::{self, file_error};
use super::stream::{ChunkCipher, HEADER_LEN, Header, Identity, SEALED_CHUNK, TAG};
use super::{BlobId, BlobInfo};
use crate::cpni::check_scoped_permit;
use crate::crypto::DataKey;
use crate::{Store, StoreError};

/// The plaintext of one blob, chunk by chunk.
pub struct BlobReader {
    file: tokio::fs::File,
    path: PathBuf,
    blob: BlobId,
    cipher: ChunkCipher,
    pending: Vec<u8>,
    expected_length: u64,
    key_version: u32,
    length: u64,
    done: bool,
}

impl std::fmt::Debug for BlobReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlobReader").field("blob", &self.blob).field("length", &self.length).finish_non_exhaustive()
    }
}

impl Store {
    /// Opens voicemail or a recording for `request`: the gate decides for
    /// the blob's kind of CPNI (audited as `voicemail.play` or
    /// `recording.play`) before a byte is read.
    pub async fn open_blob(
        &self,
        request: &CpniRequest,
        tenant: &TenantId,
        id: &BlobId,
    ) -> Result<BlobReader, StoreError> {
        let info = self.blob_info(tenant, id).await?.ok_or(StoreError::NoBlob)?;
        let permit = self.permit(request, tenant, info.kind.cpni(), info.kind.play_action()).await?;
        self.open_blob_permitted(&permit, &info).await
    }

    /// Opens `owner`'s own voicemail or recording (issue 5 item 4: a user
    /// hears only their own): the gate decides for `owner`'s records, and
    /// a blob of an extension not assigned to them is not found.
    pub async fn open_own_blob(
        &self,
        request: &CpniRequest,
        tenant: &TenantId,
        owner: &PersonId,
        id: &BlobId,
    ) -> Result<BlobReader, StoreError> {
        let info = self.blob_info(tenant, id).await?.ok_or(StoreError::NoBlob)?;
        let action = format!("{}_own", info.kind.play_action());
        let permit = self.permit_of(request, tenant, Some(owner), info.kind.cpni(), &action).await?;
        self.open_blob_permitted(&permit, &info).await
    }

    /// The raw reader behind the gate, for the blob whose row is `info`:
    /// only with a permit for its customer and kind, and of its owner's
    /// extensions if the permit names one.
    pub(crate) async fn open_blob_permitted(&self, permit: &Permit, info: &BlobInfo) -> Result<BlobReader, StoreError> {
        let (customer, owner) = check_scoped_permit(permit, info.kind.cpni())?;
        if *customer != info.tenant {
            return Err(StoreError::PermitMismatch);
        }
        if let Some(owner) = owner {
            let numbers = self.numbers_of(customer, owner).await?;
            if !info.owner.as_ref().is_some_and(|number| numbers.contains(number)) {
                return Err(StoreError::NoBlob);
            }
        }
        self.open_sealed_file(info).await
    }

    /// Opens blob `id` of `tenant` for reading, for the store's own work on
    /// sealed files (re-sealing); fails at once if it has no row.
    pub(crate) async fn open_blob_sealed(&self, tenant: &TenantId, id: &BlobId) -> Result<BlobReader, StoreError> {
        let info = self.blob_info(tenant, id).await?.ok_or(StoreError::NoBlob)?;
        self.open_sealed_file(&info).await
    }

    /// Opens the file of the blob whose row is `info`; fails at once if the
    /// file is missing or its header is not one this build knows. The key
    /// version is the file header's (authenticated with every chunk); it
    /// may be newer than the row's, between a re-seal swapping the file and
    /// updating the row (`reseal.rs`), never older.
    async fn open_sealed_file(&self, info: &BlobInfo) -> Result<BlobReader, StoreError> {
        let (tenant, id) = (&info.tenant, &info.id);
        let path = files::final_path(&files::tenant_dir(&self.data_dir, tenant)?, id)?;
        let mut file = tokio::fs::File::open(&path).await.map_err(|e| file_error(&path, e))?;
        let header = read_header(&mut file, &path, id).await?;
        if header.key_version < info.key_version {
            return Err(StoreError::BlobMalformed { blob: id.0.clone(), problem: "key version older than its row" });
        }
        let key = self.blob_key(tenant, id, header.key_version).await?;
        let identity = Identity { tenant: &tenant.0, blob: &id.0, kind: info.kind.as_str() };
        let cipher = ChunkCipher::new(&key, &header, identity);
        let pending = Vec::with_capacity(SEALED_CHUNK + 1);
        let (blob, expected_length) = (id.clone(), info.length);
        let key_version = header.key_version;
        Ok(BlobReader { file, path, blob, cipher, pending, expected_length, key_version, length: 0, done: false })
    }

    /// The data key of `version`; a version the tenant never had means the
    /// file is not what its row says.
    async fn blob_key(&self, tenant: &TenantId, id: &BlobId, version: u32) -> Result<Arc<DataKey>, StoreError> {
        match self.keyring.data_key_version(tenant, version).await {
            Err(StoreError::NoDataKey { .. }) => Err(StoreError::BlobUnauthentic { blob: id.0.clone(), chunk: 0 }),
            other => other,
        }
    }
}

async fn read_header(file: &mut tokio::fs::File, path: &std::path::Path, id: &BlobId) -> Result<Header, StoreError> {
    let mut bytes = Vec::with_capacity(HEADER_LEN);
    let mut limited = file.take(HEADER_LEN as u64);
    limited.read_to_end(&mut bytes).await.map_err(|e| file_error(path, e))?;
    Header::parse(&bytes).map_err(|problem| StoreError::BlobMalformed { blob: id.0.clone(), problem })
}

impl BlobReader {
    /// The next chunk of plaintext (at most 64 KiB), `None` at the end.
    /// Any alteration of the file is an error, at the latest here at the end;
    /// after an error every later call fails too, never returning `None`.
    pub async fn next_chunk(&mut self) -> Result<Option<Zeroizing<Vec<u8>>>, StoreError> {
        if self.done {
            return Ok(None);
        }
        self.fill().await?;
        let last = self.pending.len() <= SEALED_CHUNK;
        let take = self.pending.len().min(SEALED_CHUNK);
        let chunk = self.cipher.next_index();
        let unauthentic = || StoreError::BlobUnauthentic { blob: self.blob.0.clone(), chunk: u64::from(chunk) };
        if take < TAG {
            return Err(unauthentic());
        }
        let plain = self.cipher.open(&self.pending[..take], last).ok_or_else(unauthentic)?;
        self.pending.drain(..take);
        self.length += plain.len() as u64;
        if last && self.length != self.expected_length {
            return Err(StoreError::Corrupt("a blob's length differs from its row"));
        }
        self.done = last;
        Ok(Some(plain))
    }

    /// The whole plaintext; for short blobs such as voicemail greetings.
    pub async fn read_to_end(mut self) -> Result<Zeroizing<Vec<u8>>, StoreError> {
        let mut all = Zeroizing::new(Vec::new());
        while let Some(chunk) = self.next_chunk().await? {
            all.extend_from_slice(&chunk);
        }
        Ok(all)
    }

    /// The blob being read.
    pub fn id(&self) -> &BlobId {
        &self.blob
    }

    /// The data key version the file is sealed under (from its header).
    pub fn key_version(&self) -> u32 {
        self.key_version
    }

    /// Reads until `pending` holds one sealed chunk and one byte more, or the file ends.
    async fn fill(&mut self) -> Result<(), StoreError> {
        let want = (SEALED_CHUNK + 1).saturating_sub(self.pending.len());
        let mut limited = (&mut self.file).take(want as u64);
        while self.pending.len() < SEALED_CHUNK + 1 {
            let read = limited.read_buf(&mut self.pending).await.map_err(|e| file_error(&self.path, e))?;
            if read == 0 {
                break;
            }
        }
        Ok(())
    }
}
