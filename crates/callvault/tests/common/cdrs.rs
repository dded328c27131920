//! The CDRs a stopped demo wrote, read straight from its store.

use model::Cdr;

/// Stops `demo` and returns its default customer's CDRs, newest first.
pub fn of_stopped_demo(demo: &mut super::Demo) -> Vec<Cdr> {
    assert!(demo.stop(), "the demo stops cleanly");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let store = store::Store::open(&demo.data_dir).await.expect("the demo's store opens");
        let customer = store.default_customer().await.unwrap().expect("the demo customer");
        let cdrs = store
            .cdrs_page(
                &compliance::CpniRequest::host_operator(
                    "operator:test",
                    compliance::Purpose::NetworkOperations,
                    "test",
                ),
                &customer.id,
                None,
                10_000,
            )
            .await
            .expect("CDRs read back");
        store.close().await;
        cdrs
    })
}
