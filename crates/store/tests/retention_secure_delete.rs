//! On SQLite, what retention and customer deletion remove is gone from the
//! database file and its WAL, not left in freed pages: the deleted
//! customer's wrapped data key, and a purged CDR's sealed parties.

mod retention_support;

use retention_support::{DAY_MS, call_ending};
use sqlx::SqlitePool;
use store::{DATABASE_FILE, Kek, RetentionOptions, Store};

fn database_bytes(dir: &std::path::Path) -> Vec<u8> {
    let mut bytes = std::fs::read(dir.join(DATABASE_FILE)).unwrap();
    bytes.extend(std::fs::read(dir.join(format!("{DATABASE_FILE}-wal"))).unwrap_or_default());
    bytes
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

#[tokio::test]
async fn deleted_keys_and_records_leave_no_bytes_behind() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_with_kek(dir.path(), Kek::from_bytes(&[9; 32])).await.unwrap();
    let (a, b) = retention_support::two_customers(&store).await;
    let now = model::now_unix_ms();
    let (old, young) = (call_ending(&b, now - 2_000 * DAY_MS), call_ending(&b, now));
    store.insert_cdrs(&[call_ending(&a, now), old.clone(), young]).await.unwrap();
    let raw = SqlitePool::connect(&format!("sqlite:{}", dir.path().join(DATABASE_FILE).display())).await.unwrap();
    let wrapped: Vec<u8> = sqlx::query_scalar("SELECT wrapped FROM data_keys WHERE tenant_id = ?")
        .bind(&a.0)
        .fetch_one(&raw)
        .await
        .unwrap();
    let sealed: Vec<u8> = sqlx::query_scalar("SELECT parties_sealed FROM cdrs WHERE id = ?")
        .bind(&old.id.0)
        .fetch_one(&raw)
        .await
        .unwrap();
    raw.close().await;
    assert!(contains(&database_bytes(dir.path()), &wrapped));

    let deletion = store.delete_customer(&a, "operator").await.unwrap();
    assert!(deletion.wal_truncated);
    assert!(!contains(&database_bytes(dir.path()), &wrapped), "the wrapped key is still in the file");

    let report = store.run_retention(now, &RetentionOptions::default()).await.unwrap();
    assert!(report.wal_truncated);
    assert_eq!(store.count_cdrs(&b).await.unwrap(), 1);
    assert!(!contains(&database_bytes(dir.path()), &sealed), "a purged CDR is still in the file");
}
