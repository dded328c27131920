//! A call that fails after it was answered keeps its answer time (store
//! migration 60): the `failed` record with an answer time round-trips, while
//! the database still refuses an answer time on a record that was never
//! answered (busy, no answer, cancelled) and an `answered` record without one.

#[macro_use]
mod backends;
mod cdr_support;

use backends::DataDir;
use model::{Cdr, Disposition, HangupSide};
use store::Store;

async fn failed_after_answer_keeps_its_answer_time(dir: DataDir) {
    let store = dir.open().await;
    let (c1, _) = cdr_support::two_customers(&store).await;
    let answered = cdr_support::call(&c1, "201", "202", 1_790_000_000_000);
    let failed = Cdr {
        id: Store::new_cdr_id(),
        disposition: Disposition::Failed,
        hangup: HangupSide::System,
        ..answered.clone()
    };
    store.insert_cdrs(std::slice::from_ref(&failed)).await.unwrap();
    let request =
        compliance::CpniRequest::host_operator("operator:test", compliance::Purpose::NetworkOperations, "test");
    let read = store.cdrs_page(&request, &c1, None, 10).await.unwrap();
    assert_eq!(read, vec![failed.clone()]);
    assert_eq!(read[0].talk_ms(), 60_000, "the talk time of a call that failed after its answer");

    for disposition in [Disposition::Busy, Disposition::NoAnswer, Disposition::Cancelled] {
        let never_answered = Cdr { id: Store::new_cdr_id(), disposition, sip_status: 486, ..answered.clone() };
        let refused = store.insert_cdrs(&[never_answered]).await;
        assert!(refused.is_err(), "{disposition:?} with an answer time is refused");
    }
    let no_time = Cdr { id: Store::new_cdr_id(), answer_ms: None, ..answered };
    assert!(store.insert_cdrs(&[no_time]).await.is_err(), "answered without an answer time is refused");
    assert_eq!(store.count_cdrs(&c1).await.unwrap(), 1);
    store.close().await;
}

on_both_backends!(failed_after_answer_keeps_its_answer_time);
