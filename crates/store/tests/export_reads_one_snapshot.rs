//! Issue 3 item 4: an export reads one snapshot while the store keeps
//! writing. CDR batches are stored one transaction each, so an export that
//! mixed moments would hold part of a batch; it must hold whole batches
//! only, no fewer than before it began and no more than after it ended.

mod export_support;

use export_support::*;
use model::{CallDirection, Cdr, Disposition, HangupSide, TenantId};
use store::Store;

const BATCH: usize = 7;

fn batch(customer: &TenantId, n: usize) -> Vec<Cdr> {
    let cdr = |i: usize| Cdr {
        id: Store::new_cdr_id(),
        customer: customer.clone(),
        caller: format!("+1212555{:04}", (n * BATCH + i) % 10_000),
        callee: "201".into(),
        direction: CallDirection::Inbound,
        trunk: None,
        did: None,
        start_ms: 1_700_000_000_000 + (n * BATCH + i) as i64,
        answer_ms: None,
        end_ms: 1_700_000_000_500 + (n * BATCH + i) as i64,
        disposition: Disposition::Busy,
        hangup: HangupSide::Callee,
        sip_status: 486,
    };
    (0..BATCH).map(cdr).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_during_writes_holds_whole_batches_only() {
    let source_dir = tempfile::tempdir().unwrap();
    let source = open(source_dir.path()).await;
    let customer = populate(&source).await.remove(0);
    let before = source.count_cdrs(&customer).await.unwrap();
    let writer = {
        let (source, customer) = (source.clone(), customer.clone());
        tokio::spawn(async move {
            for n in 0..300 {
                source.insert_cdrs(&batch(&customer, n)).await.unwrap();
            }
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let out = tempfile::tempdir().unwrap();
    source.export_anonymized(out.path()).await.unwrap();
    writer.await.unwrap();
    let after = source.count_cdrs(&customer).await.unwrap();
    source.close().await;

    let export = open_export(out.path()).await;
    let mut exported = None;
    for copy in customers(&export, out.path()).await.into_iter().filter(|c| c.is_default) {
        exported = Some(export.count_cdrs(&copy.id).await.unwrap());
    }
    export.close().await;
    let exported = exported.expect("the default customer was exported");
    assert!((before..=after).contains(&exported), "{before} ≤ {exported} ≤ {after}");
    assert_eq!((exported - before) % BATCH as u64, 0, "a batch was split: the export mixed moments");
}
