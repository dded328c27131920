//! Every real retention run appends one audit record, actor `system`,
//! action `retention.purge`, holding counts only (no customer id, no
//! number); a dry run appends none; the log still verifies.

#[macro_use]
mod backends;
mod retention_support;

use backends::DataDir;
use retention_support::{DAY_MS, call_ending};
use store::RetentionOptions;

async fn a_run_leaves_one_audit_record(dir: DataDir) {
    let store = dir.open().await;
    let (a, _) = retention_support::two_customers(&store).await;
    let now = model::now_unix_ms();
    store.insert_cdrs(&[call_ending(&a, now - 2_000 * DAY_MS), call_ending(&a, now)]).await.unwrap();
    let raw = dir.raw().await;
    let records = || async {
        let rows: Vec<(String, String, String)> =
            sqlx::query_as("SELECT actor, action, target FROM audit_log ORDER BY seq").fetch_all(&raw).await.unwrap();
        rows
    };

    store.run_retention(now, &RetentionOptions { dry_run: true, ..Default::default() }).await.unwrap();
    assert!(records().await.is_empty(), "a dry run wrote to the audit log");
    store.run_retention(now, &RetentionOptions::default()).await.unwrap();
    let written = records().await;
    assert_eq!(written.len(), 1);
    let (actor, action, target) = &written[0];
    assert_eq!((actor.as_str(), action.as_str()), ("system", "retention.purge"));
    assert!(target.starts_with("cdr=1 voicemail=0 recording=0 "), "{target}");
    assert!(!target.contains(&a.0) && !target.contains("+1202"), "{target}");
    assert!(store.verify_audit().await.unwrap().is_ok());
}

on_both_backends!(a_run_leaves_one_audit_record);
