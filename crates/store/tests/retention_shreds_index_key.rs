//! Deleting a customer destroys its blind-index key too (issue 3 item 3):
//! its `index_keys` row is gone in the same transaction as its data keys,
//! the store's keyring no longer holds it (a party lookup for the deleted
//! customer is refused rather than computed under the old key), and a
//! trigger refuses a new index key for it; the other customer keeps its own.

#[macro_use]
mod backends;
mod retention_support;

use backends::DataDir;
use model::TenantId;
use retention_support::call_ending;

async fn index_keys_of(raw: &sqlx::AnyPool, customer: &TenantId) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM index_keys WHERE tenant_id = $1")
        .bind(&customer.0)
        .fetch_one(raw)
        .await
        .unwrap()
}

async fn the_index_key_is_shredded_with_the_data_keys(dir: DataDir) {
    let store = dir.open().await;
    let raw = dir.raw().await;
    let (a, b) = retention_support::two_customers(&store).await;
    let now = model::now_unix_ms();
    for customer in [&a, &b] {
        store.insert_cdrs(&[call_ending(customer, now)]).await.unwrap();
        assert_eq!(
            store
                .cdrs_for_party(
                    &compliance::CpniRequest::host_operator(
                        "operator:test",
                        compliance::Purpose::NetworkOperations,
                        "test"
                    ),
                    customer,
                    "+12025550143",
                    None,
                    10
                )
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(index_keys_of(&raw, customer).await, 1, "the index key was not made");
    }

    store.delete_customer(&a, "operator-7").await.unwrap();
    assert_eq!(index_keys_of(&raw, &a).await, 0, "the deleted customer's index key survived");
    assert_eq!(index_keys_of(&raw, &b).await, 1);

    store.run_retention(model::now_unix_ms(), &store::RetentionOptions::default()).await.unwrap();
    assert!(
        store
            .cdrs_for_party(
                &compliance::CpniRequest::host_operator(
                    "operator:test",
                    compliance::Purpose::NetworkOperations,
                    "test"
                ),
                &a,
                "+12025550143",
                None,
                10
            )
            .await
            .is_err(),
        "a cached index key was used"
    );
    assert_eq!(index_keys_of(&raw, &a).await, 0, "an index key was made again");
    let refused =
        sqlx::query("INSERT INTO index_keys (tenant_id, wrapped, kek_id, created_ms) VALUES ($1, $2, 'k', 1)")
            .bind(&a.0)
            .bind(vec![0u8; 48])
            .execute(&raw)
            .await;
    assert!(refused.is_err(), "an index key was accepted for a deleted tenant");
    assert_eq!(
        store
            .cdrs_for_party(
                &compliance::CpniRequest::host_operator(
                    "operator:test",
                    compliance::Purpose::NetworkOperations,
                    "test"
                ),
                &b,
                "+12025550143",
                None,
                10
            )
            .await
            .unwrap()
            .len(),
        1
    );
}

on_both_backends!(the_index_key_is_shredded_with_the_data_keys);
