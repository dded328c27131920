//! Appending to a blob file (a copy of its last chunk, one of its earlier
//! chunks, or one stray byte) makes it fail at its former last chunk.

mod blob_support;

use blob_support::{HEADER, SEALED_CHUNK};

#[tokio::test]
async fn an_appended_chunk_or_byte_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (store, tenant, _) = blob_support::store_with_two_customers(dir.path()).await;
    let id = blob_support::put(&store, &tenant, &blob_support::media(2 * blob_support::CHUNK)).await;
    let path = blob_support::blob_path(dir.path(), &tenant, &id);
    let original = std::fs::read(&path).unwrap();
    assert_eq!(original.len(), HEADER + 2 * SEALED_CHUNK);
    let first = &original[HEADER..HEADER + SEALED_CHUNK];
    let last = &original[HEADER + SEALED_CHUNK..];

    for extra in [last, first, &[0u8][..]] {
        std::fs::write(&path, [original.as_slice(), extra].concat()).unwrap();
        blob_support::assert_unauthentic_at(&store, &tenant, &id, 1).await;
    }
}
