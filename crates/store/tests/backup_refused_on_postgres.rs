//! On PostgreSQL `backup_to` refuses, naming pg_dump, and writes no file:
//! a cluster's database is backed up with PostgreSQL's own tools
//! (crates/store/src/backup.rs). The SQLite backups are `backup_restore`'s.

#[macro_use]
mod backends;

use backends::DataDir;
use store::{Backend, StoreError};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_is_refused_with_the_tool_to_use() {
    backends::run(Backend::Postgres, check).await;
}

async fn check(dir: DataDir) {
    let store = dir.open().await;
    let out = dir.path().join("backup.db");

    let refused = store.backup_to(&out).await;

    let Err(err @ StoreError::NotOnThisBackend { backend: Backend::Postgres, .. }) = refused else {
        panic!("expected a refusal, got {refused:?}");
    };
    assert!(err.to_string().contains("pg_dump"), "{err}");
    assert!(!out.exists(), "no file was written");
    store.close().await;
}
