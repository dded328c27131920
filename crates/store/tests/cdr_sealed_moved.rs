//! A CDR's sealed parties copied to another CDR's row, or a row moved to
//! another customer, make the read fail; they never read as the other
//! CDR's numbers.

#[macro_use]
mod backends;
mod cdr_support;

use backends::DataDir;
use store::StoreError;

async fn parties_moved_to_another_cdr_do_not_open(dir: DataDir) {
    let store = dir.open().await;
    let (c1, _) = cdr_support::two_customers(&store).await;
    let from = cdr_support::call(&c1, "201", "202", 1_000);
    let to = cdr_support::call(&c1, "301", "302", 2_000);
    store.insert_cdrs(&[from.clone(), to.clone()]).await.unwrap();
    let raw = dir.raw().await;

    sqlx::query("UPDATE cdrs SET parties_sealed = (SELECT parties_sealed FROM cdrs WHERE id = $1) WHERE id = $2")
        .bind(&from.id.0)
        .bind(&to.id.0)
        .execute(&raw)
        .await
        .unwrap();

    let read = store
        .cdrs_page(
            &compliance::CpniRequest::host_operator("operator:test", compliance::Purpose::NetworkOperations, "test"),
            &c1,
            None,
            10,
        )
        .await;
    assert!(matches!(read, Err(StoreError::Unauthentic)), "{read:?}");
    let older = store
        .cdrs_page(
            &compliance::CpniRequest::host_operator("operator:test", compliance::Purpose::NetworkOperations, "test"),
            &c1,
            Some(2_000),
            10,
        )
        .await
        .unwrap();
    assert_eq!(older, vec![from], "the untouched CDR still reads");
}

async fn a_cdr_moved_to_another_customer_does_not_open(dir: DataDir) {
    let store = dir.open().await;
    let (c1, c2) = cdr_support::two_customers(&store).await;
    let moved = cdr_support::call(&c1, "201", "202", 1_000);
    let theirs = cdr_support::call(&c2, "201", "202", 2_000);
    store.insert_cdrs(&[moved.clone(), theirs.clone()]).await.unwrap();
    let raw = dir.raw().await;

    sqlx::query("UPDATE cdrs SET tenant_id = $1 WHERE id = $2")
        .bind(&c2.0)
        .bind(&moved.id.0)
        .execute(&raw)
        .await
        .unwrap();

    let read = store
        .cdrs_page(
            &compliance::CpniRequest::host_operator("operator:test", compliance::Purpose::NetworkOperations, "test"),
            &c2,
            None,
            10,
        )
        .await;
    assert!(matches!(read, Err(StoreError::Unauthentic)), "{read:?}");
    assert_eq!(
        store
            .cdrs_page(
                &compliance::CpniRequest::host_operator(
                    "operator:test",
                    compliance::Purpose::NetworkOperations,
                    "test"
                ),
                &c2,
                None,
                1
            )
            .await
            .unwrap(),
        vec![theirs],
        "c2's own CDR still reads"
    );
}

on_both_backends!(parties_moved_to_another_cdr_do_not_open, a_cdr_moved_to_another_customer_does_not_open);
