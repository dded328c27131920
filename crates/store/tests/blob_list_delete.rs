//! Blobs are listed per tenant and kind, oldest first; deleting one removes
//! its row and unlinks its file, and it can no longer be opened.

mod blob_support;
mod cpni_support;

use store::{BlobKind, StoreError};

#[tokio::test]
async fn listing_is_per_tenant_and_kind_and_delete_removes_row_and_file() {
    let dir = tempfile::tempdir().unwrap();
    let (store, a, b) = blob_support::store_with_two_customers(dir.path()).await;
    let first = store.put_blob(&a, BlobKind::Voicemail, Some("201"), &b"one"[..]).await.unwrap();
    let second = store.put_blob(&a, BlobKind::Voicemail, Some("202"), &b"two"[..]).await.unwrap();
    let recording = store.put_blob(&a, BlobKind::Recording, None, &b"call"[..]).await.unwrap();
    store.put_blob(&b, BlobKind::Voicemail, Some("201"), &b"other"[..]).await.unwrap();

    let mut expected = Vec::new();
    for id in [&second, &first] {
        expected.push((store.blob_info(&a, id).await.unwrap().unwrap().created_ms, id.clone()));
    }
    expected.sort();
    let listed = store.list_blobs(&a, BlobKind::Voicemail).await.unwrap();
    let listed: Vec<_> = listed.iter().map(|info| (info.created_ms, info.id.clone())).collect();
    assert_eq!(listed, expected, "both voicemails of a, oldest first, and nothing of b");
    let recordings = store.list_blobs(&a, BlobKind::Recording).await.unwrap();
    assert_eq!(recordings.iter().map(|info| &info.id).collect::<Vec<_>>(), [&recording]);

    let path = blob_support::blob_path(dir.path(), &a, &first);
    assert!(path.exists());
    assert!(store.delete_blob(&a, &first).await.unwrap());
    assert!(!path.exists(), "the file was unlinked");
    assert_eq!(store.blob_info(&a, &first).await.unwrap(), None);
    assert!(matches!(store.open_blob(&cpni_support::operator(), &a, &first).await, Err(StoreError::NoBlob)));
    assert!(!store.delete_blob(&a, &first).await.unwrap(), "a second delete finds nothing");
    assert_eq!(store.list_blobs(&a, BlobKind::Voicemail).await.unwrap().len(), 1);
    assert_eq!(blob_support::read_all(&store, &a, &second).await.unwrap(), b"two");
}

#[tokio::test]
async fn a_tenant_cannot_open_or_delete_another_tenants_blob() {
    let dir = tempfile::tempdir().unwrap();
    let (store, a, b) = blob_support::store_with_two_customers(dir.path()).await;
    let of_b = store.put_blob(&b, BlobKind::Recording, None, &b"private"[..]).await.unwrap();

    assert!(matches!(store.open_blob(&cpni_support::operator(), &a, &of_b).await, Err(StoreError::NoBlob)));
    assert_eq!(store.blob_info(&a, &of_b).await.unwrap(), None);
    assert!(!store.delete_blob(&a, &of_b).await.unwrap());
    assert_eq!(blob_support::read_all(&store, &b, &of_b).await.unwrap(), b"private");
}
