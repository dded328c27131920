//! `cdrs_for_party` finds, by blind index, exactly the customer's CDRs in
//! which the number is the caller or the callee, and none of another
//! customer's CDRs with the same number.

#[macro_use]
mod backends;
mod cdr_support;

use backends::DataDir;
use model::{Cdr, CdrId};

fn ids(cdrs: &[Cdr]) -> Vec<CdrId> {
    cdrs.iter().map(|cdr| cdr.id.clone()).collect()
}

async fn a_number_finds_its_calls_in_either_role_and_only_its_customers(dir: DataDir) {
    let store = dir.open().await;
    let (c1, c2) = cdr_support::two_customers(&store).await;
    let calls = [
        cdr_support::call(&c1, "201", "202", 1_000),
        cdr_support::call(&c1, "202", "+12025550143", 2_000),
        cdr_support::call(&c1, "203", "204", 3_000),
        cdr_support::call(&c1, "2020", "2201", 4_000), // "202" as a prefix or suffix only
        cdr_support::call(&c2, "202", "201", 5_000),   // same numbers, other customer
    ];
    store.insert_cdrs(&calls).await.unwrap();

    let found = store
        .cdrs_for_party(
            &compliance::CpniRequest::host_operator("operator:test", compliance::Purpose::NetworkOperations, "test"),
            &c1,
            "202",
            None,
            100,
        )
        .await
        .unwrap();
    assert_eq!(ids(&found), ids(&cdr_support::newest_first(calls[..2].to_vec())));
    assert_eq!(found, cdr_support::newest_first(calls[..2].to_vec()));

    let other = store
        .cdrs_for_party(
            &compliance::CpniRequest::host_operator("operator:test", compliance::Purpose::NetworkOperations, "test"),
            &c2,
            "202",
            None,
            100,
        )
        .await
        .unwrap();
    assert_eq!(ids(&other), ids(&calls[4..]));
    assert!(
        store
            .cdrs_for_party(
                &compliance::CpniRequest::host_operator(
                    "operator:test",
                    compliance::Purpose::NetworkOperations,
                    "test"
                ),
                &c1,
                "+12025550144",
                None,
                100
            )
            .await
            .unwrap()
            .is_empty()
    );
    let paged = store
        .cdrs_for_party(
            &compliance::CpniRequest::host_operator("operator:test", compliance::Purpose::NetworkOperations, "test"),
            &c1,
            "202",
            Some(2_000),
            100,
        )
        .await
        .unwrap();
    assert_eq!(ids(&paged), ids(&calls[..1]));
}

async fn the_index_columns_do_not_hold_the_number(dir: DataDir) {
    let store = dir.open().await;
    let (c1, c2) = cdr_support::two_customers(&store).await;
    let calls = [cdr_support::call(&c1, "201", "202", 1_000), cdr_support::call(&c2, "201", "202", 1_000)];
    store.insert_cdrs(&calls).await.unwrap();
    let raw = dir.raw().await;

    let rows: Vec<(Vec<u8>, Vec<u8>)> =
        sqlx::query_as("SELECT caller_index, callee_index FROM cdrs ORDER BY tenant_id").fetch_all(&raw).await.unwrap();
    assert_eq!(rows.len(), 2);
    for (caller, callee) in &rows {
        assert_eq!((caller.len(), callee.len()), (8, 8));
        assert_ne!(caller, callee);
    }
    assert_ne!(rows[0].0, rows[1].0, "the same number indexes differently per customer");
}

on_both_backends!(
    a_number_finds_its_calls_in_either_role_and_only_its_customers,
    the_index_columns_do_not_hold_the_number
);
