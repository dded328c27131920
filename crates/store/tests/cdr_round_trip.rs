//! Every field of a CDR comes back as it went in, for every direction,
//! disposition and hang-up side, with and without trunk and DID.

#[macro_use]
mod backends;
mod cdr_support;

use backends::DataDir;
use model::{CallDirection, Cdr, Disposition, HangupSide};
use store::Store;

async fn every_field_survives_the_store(dir: DataDir) {
    let store = dir.open().await;
    let (c1, _) = cdr_support::two_customers(&store).await;
    let base = cdr_support::call(&c1, "201", "202", 1_790_000_000_000);
    let cdrs = vec![
        base.clone(),
        Cdr {
            id: Store::new_cdr_id(),
            caller: "+12025550143".into(),
            direction: CallDirection::Inbound,
            trunk: Some("carrier-a".into()),
            did: Some("+15555550100".into()),
            start_ms: base.start_ms + 1,
            answer_ms: None,
            end_ms: base.start_ms + 30_001,
            disposition: Disposition::NoAnswer,
            hangup: HangupSide::System,
            sip_status: 480,
            ..base.clone()
        },
        Cdr {
            id: Store::new_cdr_id(),
            callee: "+442079460958".into(),
            direction: CallDirection::Outbound,
            trunk: Some("carrier-b".into()),
            did: Some("+15555550101".into()),
            start_ms: base.start_ms + 2,
            answer_ms: None,
            end_ms: base.start_ms + 2,
            disposition: Disposition::Busy,
            hangup: HangupSide::Callee,
            sip_status: 486,
            ..base.clone()
        },
        Cdr {
            id: Store::new_cdr_id(),
            start_ms: base.start_ms + 3,
            answer_ms: None,
            end_ms: base.start_ms + 5_003,
            disposition: Disposition::Cancelled,
            sip_status: 487,
            ..base.clone()
        },
        Cdr {
            id: Store::new_cdr_id(),
            start_ms: base.start_ms + 4,
            answer_ms: None,
            end_ms: base.start_ms + 4,
            disposition: Disposition::Failed,
            hangup: HangupSide::System,
            sip_status: 500,
            ..base.clone()
        },
    ];
    store.insert_cdrs(&cdrs).await.unwrap();

    let read = store
        .cdrs_page(
            &compliance::CpniRequest::host_operator("operator:test", compliance::Purpose::NetworkOperations, "test"),
            &c1,
            None,
            100,
        )
        .await
        .unwrap();
    assert_eq!(read, cdr_support::newest_first(cdrs.clone()));
    assert_eq!(store.count_cdrs(&c1).await.unwrap(), 5);

    store.close().await;
    let reopened = dir.open().await;
    assert_eq!(
        reopened
            .cdrs_page(
                &compliance::CpniRequest::host_operator(
                    "operator:test",
                    compliance::Purpose::NetworkOperations,
                    "test"
                ),
                &c1,
                None,
                100
            )
            .await
            .unwrap(),
        cdr_support::newest_first(cdrs)
    );
}

on_both_backends!(every_field_survives_the_store);
