//! Flipping any byte of a blob file, header or chunk, makes reading it fail
//! with a refusal (never wrong plaintext), and a reader that failed keeps failing.

mod blob_support;
mod cpni_support;

use blob_support::{CHUNK, HEADER, SEALED_CHUNK};

#[tokio::test]
async fn every_byte_of_a_small_blob_is_protected() {
    let dir = tempfile::tempdir().unwrap();
    let (store, tenant, _) = blob_support::store_with_two_customers(dir.path()).await;
    let id = blob_support::put(&store, &tenant, &blob_support::media(40)).await;
    let path = blob_support::blob_path(dir.path(), &tenant, &id);
    let original = std::fs::read(&path).unwrap();

    for at in 0..original.len() {
        let mut altered = original.clone();
        altered[at] ^= 0x01;
        std::fs::write(&path, &altered).unwrap();
        let result = blob_support::read_all(&store, &tenant, &id).await;
        assert!(result.as_ref().is_err_and(blob_support::is_refusal), "byte {at} flipped: {result:?}");
    }
    std::fs::write(&path, &original).unwrap();
    assert_eq!(blob_support::read_all(&store, &tenant, &id).await.unwrap(), blob_support::media(40));
}

#[tokio::test]
async fn a_flip_in_a_middle_chunk_fails_at_that_chunk() {
    let dir = tempfile::tempdir().unwrap();
    let (store, tenant, _) = blob_support::store_with_two_customers(dir.path()).await;
    let id = blob_support::put(&store, &tenant, &blob_support::media(3 * SEALED_CHUNK)).await;
    let path = blob_support::blob_path(dir.path(), &tenant, &id);
    let mut file = std::fs::read(&path).unwrap();

    file[HEADER + SEALED_CHUNK + 1000] ^= 0x80;
    std::fs::write(&path, &file).unwrap();
    blob_support::assert_unauthentic_at(&store, &tenant, &id, 1).await;

    let mut reader = store.open_blob(&cpni_support::operator(), &tenant, &id).await.unwrap();
    assert_eq!(reader.next_chunk().await.unwrap().unwrap().as_slice(), &blob_support::media(CHUNK)[..]);
    for _ in 0..3 {
        let again = reader.next_chunk().await;
        assert!(again.as_ref().is_err_and(blob_support::is_refusal), "a failed reader went on: {again:?}");
    }
}
