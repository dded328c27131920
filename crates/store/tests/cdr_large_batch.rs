//! A batch far over SQLite's 32,766 bound variables per statement (13
//! columns a row) lands whole in one call; retrying it stores nothing twice;
//! a batch with one invalid CDR stores none of it.

#[macro_use]
mod backends;
mod cdr_support;

use backends::DataDir;
use model::Cdr;
use store::StoreError;

const BATCH: usize = 5_000;
const _: () = assert!(BATCH * 13 > 32_766, "the batch needs more variables than one statement may have");

async fn a_batch_over_the_variable_limit_lands_whole_and_once(dir: DataDir) {
    let store = dir.open().await;
    let (c1, c2) = cdr_support::two_customers(&store).await;
    let cdrs: Vec<Cdr> = (0..BATCH)
        .map(|n| {
            let customer = if n % 3 == 0 { &c2 } else { &c1 };
            cdr_support::call(customer, &format!("{}", 200 + n % 50), "+12025550143", n as i64)
        })
        .collect();

    store.insert_cdrs(&cdrs).await.unwrap();
    store.insert_cdrs(&cdrs).await.unwrap();

    let (in_c1, in_c2): (Vec<Cdr>, Vec<Cdr>) = cdrs.into_iter().partition(|cdr| cdr.customer == c1);
    assert_eq!(store.count_cdrs(&c1).await.unwrap(), in_c1.len() as u64);
    assert_eq!(store.count_cdrs(&c2).await.unwrap(), in_c2.len() as u64);
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
                BATCH as u32
            )
            .await
            .unwrap(),
        cdr_support::newest_first(in_c2)
    );
}

async fn one_invalid_cdr_fails_the_whole_batch(dir: DataDir) {
    let store = dir.open().await;
    let (c1, _) = cdr_support::two_customers(&store).await;
    let mut cdrs: Vec<Cdr> = (0..1_000).map(|n| cdr_support::call(&c1, "201", "202", 10_000 + n as i64)).collect();
    cdrs[700].end_ms = cdrs[700].start_ms - 1; // ends before it starts

    let result = store.insert_cdrs(&cdrs).await;
    assert!(matches!(result, Err(StoreError::Database(_))), "{result:?}");
    assert_eq!(store.count_cdrs(&c1).await.unwrap(), 0);
}

on_both_backends!(a_batch_over_the_variable_limit_lands_whole_and_once, one_invalid_cdr_fails_the_whole_batch);
