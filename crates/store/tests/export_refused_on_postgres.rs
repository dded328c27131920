//! On PostgreSQL the anonymized export refuses, saying why, and creates no
//! folder: it reads from one snapshot, and on PostgreSQL that would have to
//! be one REPEATABLE READ transaction shared by every reader, which the
//! store does not offer yet (crates/store/src/export/mod.rs).

#[macro_use]
mod backends;

use backends::DataDir;
use store::{Backend, StoreError};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_is_refused_with_the_reason() {
    backends::run(Backend::Postgres, check).await;
}

async fn check(dir: DataDir) {
    let store = dir.open().await;
    let out = dir.path().join("test-env");

    let refused = store.export_anonymized(&out).await;

    let Err(err @ StoreError::NotOnThisBackend { backend: Backend::Postgres, .. }) = refused else {
        panic!("expected a refusal, got {refused:?}");
    };
    assert!(err.to_string().contains("REPEATABLE READ"), "{err}");
    assert!(!out.exists(), "no folder was created");
    store.close().await;
}
