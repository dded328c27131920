//! Swapping two chunks of a blob file makes it fail at the first one moved.

mod blob_support;

use blob_support::{HEADER, SEALED_CHUNK};

#[tokio::test]
async fn swapped_chunks_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (store, tenant, _) = blob_support::store_with_two_customers(dir.path()).await;
    let id = blob_support::put(&store, &tenant, &blob_support::media(4 * blob_support::CHUNK)).await;
    let path = blob_support::blob_path(dir.path(), &tenant, &id);
    let original = std::fs::read(&path).unwrap();
    let chunk = |i: usize| HEADER + i * SEALED_CHUNK..HEADER + (i + 1) * SEALED_CHUNK;

    for (first, second) in [(0, 1), (1, 2), (2, 3), (0, 3)] {
        let mut swapped = original.clone();
        swapped[chunk(first)].copy_from_slice(&original[chunk(second)]);
        swapped[chunk(second)].copy_from_slice(&original[chunk(first)]);
        std::fs::write(&path, &swapped).unwrap();
        blob_support::assert_unauthentic_at(&store, &tenant, &id, first as u64).await;
    }
}
