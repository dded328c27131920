//! Fixtures shared by the blob store's tests.
//!
//! The file format constants are restated from the documentation
//! (crates/store/src/blobs/stream.rs), so a format change shows up here.

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};

use model::TenantId;
use store::{BlobId, BlobKind, Kek, NewTenant, Store, StoreError};

/// Header bytes at the start of a blob file.
pub const HEADER: usize = 48;
/// Plaintext bytes per chunk.
pub const CHUNK: usize = 64 * 1024;
/// Sealed bytes of a full chunk (plaintext and a 16-byte tag).
pub const SEALED_CHUNK: usize = CHUNK + 16;

/// A store in `dir` with two customers `a` and `b` under one reseller.
pub async fn store_with_two_customers(dir: &Path) -> (Store, TenantId, TenantId) {
    let store = Store::open_with_kek(dir, Kek::from_bytes(&[0x5a; 32])).await.unwrap();
    let reseller = NewTenant { slug: "r".into(), name: "R".into(), parent: None, sip_domain: None, is_default: false };
    store.upsert_reseller(&reseller).await.unwrap();
    let a = customer(&store, "a").await;
    let b = customer(&store, "b").await;
    (store, a, b)
}

async fn customer(store: &Store, slug: &str) -> TenantId {
    let new = NewTenant {
        slug: slug.into(),
        name: slug.to_uppercase(),
        parent: Some("r".into()),
        sip_domain: Some(format!("{slug}.example")),
        is_default: false,
    };
    store.upsert_customer(&new).await.unwrap().id
}

/// `len` bytes that do not repeat with any short period.
pub fn media(len: usize) -> Vec<u8> {
    let mut state = 0x2545_f491_u32;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state.to_le_bytes()[0]
        })
        .collect()
}

/// Stores `bytes` as a recording of `tenant`.
pub async fn put(store: &Store, tenant: &TenantId, bytes: &[u8]) -> BlobId {
    store.put_blob(tenant, BlobKind::Recording, Some("201"), bytes).await.unwrap()
}

/// The documented place of a blob's file.
pub fn blob_path(dir: &Path, tenant: &TenantId, id: &BlobId) -> PathBuf {
    dir.join("blobs").join(&tenant.0).join(&id.0)
}

/// The whole plaintext of a blob, or the first error opening or reading it.
pub async fn read_all(store: &Store, tenant: &TenantId, id: &BlobId) -> Result<Vec<u8>, StoreError> {
    let reader = store
        .open_blob(
            &compliance::CpniRequest::host_operator("operator:test", compliance::Purpose::NetworkOperations, "test"),
            tenant,
            id,
        )
        .await?;
    Ok(reader.read_to_end().await?.to_vec())
}

/// Whether the error is a refusal of an altered or misplaced file.
pub fn is_refusal(error: &StoreError) -> bool {
    matches!(error, StoreError::BlobUnauthentic { .. } | StoreError::BlobMalformed { .. })
}

/// Asserts reading the blob fails with [`StoreError::BlobUnauthentic`] at `chunk`.
pub async fn assert_unauthentic_at(store: &Store, tenant: &TenantId, id: &BlobId, chunk: u64) {
    match read_all(store, tenant, id).await {
        Err(StoreError::BlobUnauthentic { blob, chunk: found }) => {
            assert_eq!((blob.as_str(), found), (id.0.as_str(), chunk));
        }
        other => panic!("expected chunk {chunk} to fail authentication, got {other:?}"),
    }
}

/// Whether `needle` occurs anywhere in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}
