//! A blob file copied over another blob's file, of the same tenant or of
//! another, does not open; nor does a blob whose row is relabelled to the
//! other kind. The original files still open where they belong.

mod blob_support;

use sqlx::SqlitePool;
use store::DATABASE_FILE;

#[tokio::test]
async fn a_file_copied_over_another_blob_of_the_same_tenant_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (store, tenant, _) = blob_support::store_with_two_customers(dir.path()).await;
    let media = blob_support::media(1000);
    let source = blob_support::put(&store, &tenant, &media).await;
    let target = blob_support::put(&store, &tenant, &media).await;

    let from = blob_support::blob_path(dir.path(), &tenant, &source);
    std::fs::copy(from, blob_support::blob_path(dir.path(), &tenant, &target)).unwrap();
    blob_support::assert_unauthentic_at(&store, &tenant, &target, 0).await;
    assert_eq!(blob_support::read_all(&store, &tenant, &source).await.unwrap(), media);
}

#[tokio::test]
async fn a_file_copied_over_a_blob_of_another_tenant_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (store, a, b) = blob_support::store_with_two_customers(dir.path()).await;
    let media = blob_support::media(1000);
    let of_b = blob_support::put(&store, &b, &media).await;
    let of_a = blob_support::put(&store, &a, &media).await;

    std::fs::copy(blob_support::blob_path(dir.path(), &b, &of_b), blob_support::blob_path(dir.path(), &a, &of_a))
        .unwrap();
    blob_support::assert_unauthentic_at(&store, &a, &of_a, 0).await;
    assert_eq!(blob_support::read_all(&store, &b, &of_b).await.unwrap(), media);
}

#[tokio::test]
async fn a_blob_relabelled_to_the_other_kind_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (store, tenant, _) = blob_support::store_with_two_customers(dir.path()).await;
    let id = blob_support::put(&store, &tenant, &blob_support::media(1000)).await;

    let pool = SqlitePool::connect(&format!("sqlite:{}", dir.path().join(DATABASE_FILE).display())).await.unwrap();
    sqlx::query("UPDATE blobs SET kind = 'voicemail' WHERE id = $1").bind(&id.0).execute(&pool).await.unwrap();
    blob_support::assert_unauthentic_at(&store, &tenant, &id, 0).await;
}
