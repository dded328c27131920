//! Walking `cdrs_page` by passing the last start time back visits every
//! CDR once, newest first, even where many CDRs share one millisecond and
//! the page limit falls among them.

#[macro_use]
mod backends;
mod cdr_support;

use backends::DataDir;
use model::Cdr;

async fn pages_cover_every_cdr_once_even_across_shared_milliseconds(dir: DataDir) {
    let store = dir.open().await;
    let (c1, c2) = cdr_support::two_customers(&store).await;
    // 7 CDRs in each of 40 milliseconds, in c1, and a few in c2 among them.
    let mut cdrs: Vec<Cdr> = (0..280).map(|n| cdr_support::call(&c1, "201", "202", 1_000 + n / 7)).collect();
    cdrs.extend((0..20).map(|n| cdr_support::call(&c2, "201", "202", 1_000 + n)));
    store.insert_cdrs(&cdrs).await.unwrap();

    let mut walked = Vec::new();
    let mut before = None;
    loop {
        let page = store
            .cdrs_page(
                &compliance::CpniRequest::host_operator(
                    "operator:test",
                    compliance::Purpose::NetworkOperations,
                    "test",
                ),
                &c1,
                before,
                10,
            )
            .await
            .unwrap();
        let Some(last) = page.last() else { break };
        assert!(page.len() >= 10 || before.is_some(), "a first page is full");
        before = Some(last.start_ms);
        walked.extend(page);
    }
    let expected = cdr_support::newest_first(cdrs.into_iter().filter(|cdr| cdr.customer == c1).collect());
    assert_eq!(walked, expected);
}

on_both_backends!(pages_cover_every_cdr_once_even_across_shared_milliseconds);
