//! A truncated blob file fails: cut at a chunk boundary (a whole last chunk
//! dropped), inside a chunk, just after the header, or inside the header.

mod blob_support;

use blob_support::{HEADER, SEALED_CHUNK};
use store::StoreError;

#[tokio::test]
async fn every_kind_of_truncation_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (store, tenant, _) = blob_support::store_with_two_customers(dir.path()).await;
    let id = blob_support::put(&store, &tenant, &blob_support::media(2 * blob_support::CHUNK + 500)).await;
    let path = blob_support::blob_path(dir.path(), &tenant, &id);
    let original = std::fs::read(&path).unwrap();
    let truncate = |len: usize| std::fs::write(&path, &original[..len]).unwrap();

    truncate(HEADER + 2 * SEALED_CHUNK);
    blob_support::assert_unauthentic_at(&store, &tenant, &id, 1).await;
    truncate(HEADER + SEALED_CHUNK);
    blob_support::assert_unauthentic_at(&store, &tenant, &id, 0).await;
    truncate(original.len() - 1);
    blob_support::assert_unauthentic_at(&store, &tenant, &id, 2).await;
    truncate(HEADER + 10);
    blob_support::assert_unauthentic_at(&store, &tenant, &id, 0).await;
    truncate(HEADER);
    blob_support::assert_unauthentic_at(&store, &tenant, &id, 0).await;
    for len in [HEADER - 1, 0] {
        truncate(len);
        let result = blob_support::read_all(&store, &tenant, &id).await;
        assert!(matches!(result, Err(StoreError::BlobMalformed { .. })), "{len} bytes: {result:?}");
    }
}
