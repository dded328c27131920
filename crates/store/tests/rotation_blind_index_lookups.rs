//! Blind-index lookups keep working before, during and after a data-key
//! rotation: indexes use the tenant's index key, which does not rotate. Each
//! lookup computes the index in a freshly opened store (nothing cached), the
//! way another node would, including after version 1 has been shredded: the
//! store's own (CDRs by party number) and a table of the test's own.

#[macro_use]
mod backends;

mod rotation_support;

use std::ops::ControlFlow;

use backends::DataDir;
use model::TenantId;
use sqlx::AnyPool;
use store::blind_index;

const COLUMN: &str = "contacts.email";
const EMAILS: [&str; 3] = ["alice@example.com", "bob@example.com", "carol@example.com"];

/// A table of contacts looked up by a blind index of their e-mail address.
async fn contacts(pool: &AnyPool, dir: &DataDir, customer: &TenantId) {
    let bytes = if dir.backend() == store::Backend::Sqlite { "BLOB" } else { "BYTEA" };
    let ddl =
        format!("CREATE TABLE contacts (id BIGINT PRIMARY KEY, tenant_id TEXT NOT NULL, email_index {bytes} NOT NULL)");
    sqlx::query(sqlx::AssertSqlSafe(ddl)).execute(pool).await.unwrap();
    let store = dir.open().await;
    let key = store.keyring(store::Kek::load(dir.path()).unwrap()).index_key(customer).await.unwrap();
    for (id, email) in (0i64..).zip(EMAILS) {
        sqlx::query("INSERT INTO contacts (id, tenant_id, email_index) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(&customer.0)
            .bind(blind_index(&key, COLUMN, email.as_bytes()).to_vec())
            .execute(pool)
            .await
            .unwrap();
    }
    store.close().await;
}

/// Asserts each address finds its contact, computed by a fresh store.
async fn assert_lookups_work(pool: &AnyPool, dir: &DataDir, customer: &TenantId, when: &str) {
    let store = dir.open().await;
    let key = store.keyring(store::Kek::load(dir.path()).unwrap()).index_key(customer).await.unwrap();
    for (id, email) in (0i64..).zip(EMAILS) {
        let found: Vec<i64> = sqlx::query_scalar("SELECT id FROM contacts WHERE tenant_id = $1 AND email_index = $2")
            .bind(&customer.0)
            .bind(blind_index(&key, COLUMN, email.as_bytes()).to_vec())
            .fetch_all(pool)
            .await
            .unwrap();
        assert_eq!(found, [id], "{email} {when}");
    }
    let calls = store
        .cdrs_for_party(
            &compliance::CpniRequest::host_operator("operator:test", compliance::Purpose::NetworkOperations, "test"),
            customer,
            rotation_support::CALLER,
            None,
            100,
        )
        .await
        .unwrap();
    assert_eq!(calls.len() as i64, rotation_support::CDRS, "CDRs by caller {when}");
    let calls = store
        .cdrs_for_party(
            &compliance::CpniRequest::host_operator("operator:test", compliance::Purpose::NetworkOperations, "test"),
            customer,
            "100",
            None,
            100,
        )
        .await
        .unwrap();
    assert_eq!(calls.len() as i64, rotation_support::CDRS, "CDRs by callee {when}");
    store.close().await;
}

async fn lookups_work_before_during_and_after_a_rotation(dir: DataDir) {
    let store = dir.open().await;
    let customer = rotation_support::fill(&store, 4).await;
    let pool = dir.raw().await;
    contacts(&pool, &dir, &customer).await;
    assert_lookups_work(&pool, &dir, &customer, "before").await;

    store.rotate_data_key(&customer).await.unwrap();
    assert_lookups_work(&pool, &dir, &customer, "right after the rotation").await;
    let stopped = store.reseal_tenant(&customer, &rotation_support::options(), |_| ControlFlow::Break(())).await;
    assert!(!stopped.unwrap().finished);
    let mut calls = 0;
    let halfway = store
        .reseal_tenant(&customer, &rotation_support::options(), |_| {
            calls += 1;
            if calls > 2 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
        })
        .await
        .unwrap();
    assert!(!halfway.finished && halfway.resealed > 0);
    assert_lookups_work(&pool, &dir, &customer, "halfway through the re-seal").await;

    let done = store.reseal_tenant(&customer, &rotation_support::options(), |_| ControlFlow::Continue(())).await;
    assert_eq!(done.unwrap().retired, [1]);
    assert_eq!(rotation_support::stored_key_versions(&pool, &customer).await, [2]);
    assert_lookups_work(&pool, &dir, &customer, "after version 1 was shredded").await;
}

on_both_backends!(lookups_work_before_during_and_after_a_rotation);
