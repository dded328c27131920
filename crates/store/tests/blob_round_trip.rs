//! Blobs of every size class around the 64 KiB chunk come back byte for
//! byte, in chunks of at most 64 KiB, from files of the documented size
//! whose SHA-256 the row records.

mod blob_support;
mod cpni_support;

use blob_support::{CHUNK, HEADER, SEALED_CHUNK};
use sha2::{Digest, Sha256};
use store::BlobKind;

const SIZES: [usize; 5] = [0, 1, CHUNK, CHUNK + 1, (1 << 20) + 123];

/// The documented file size: the header, full chunks, then the last chunk
/// (which is full if the length is a multiple of 64 KiB, and empty only if
/// the blob is).
fn sealed_size(len: usize) -> usize {
    let chunks = len.div_ceil(CHUNK).max(1);
    HEADER + len + chunks * (SEALED_CHUNK - CHUNK)
}

#[tokio::test]
async fn every_size_comes_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let (store, tenant, _) = blob_support::store_with_two_customers(dir.path()).await;
    for len in SIZES {
        let media = blob_support::media(len);
        let id = store.put_blob(&tenant, BlobKind::Voicemail, Some("201"), media.as_slice()).await.unwrap();

        let file = std::fs::read(blob_support::blob_path(dir.path(), &tenant, &id)).unwrap();
        assert_eq!(file.len(), sealed_size(len), "file size for {len} bytes");
        let info = store.blob_info(&tenant, &id).await.unwrap().unwrap();
        assert_eq!((info.length, info.key_version, info.kind), (len as u64, 1, BlobKind::Voicemail));
        assert_eq!(info.owner.as_deref(), Some("201"));
        assert_eq!(info.sealed_sha256.as_slice(), Sha256::digest(&file).as_slice());
        assert_eq!(read_in_chunks(&store, &tenant, &id).await, media, "{len} bytes");
    }
}

async fn read_in_chunks(store: &store::Store, tenant: &model::TenantId, id: &store::BlobId) -> Vec<u8> {
    let mut reader = store.open_blob(&cpni_support::operator(), tenant, id).await.unwrap();
    let mut all = Vec::new();
    while let Some(chunk) = reader.next_chunk().await.unwrap() {
        assert!(chunk.len() <= CHUNK);
        all.extend_from_slice(&chunk);
    }
    all
}
