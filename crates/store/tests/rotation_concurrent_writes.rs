//! Writes carry on while the re-seal job runs and none is lost: new
//! extensions and CDRs inserted (through the same store and through a second store
//! on the same database, as another node) and existing ones renamed during
//! the job all read back as written, and the job still finishes with
//! nothing left under the old version.

#[macro_use]
mod backends;

mod rotation_support;

use std::ops::ControlFlow;

use backends::DataDir;
use model::TenantId;
use store::{NewExtension, ResealOptions, Store};

const EXISTING: std::ops::Range<u32> = 100..140;

fn renamed(number: u32) -> String {
    format!("Renamed {number}")
}

/// Inserts extensions `numbers`, renaming one of the existing `renames` after each.
async fn write_during(store: Store, customer: TenantId, numbers: std::ops::Range<u32>, renames: std::ops::Range<u32>) {
    for (number, existing) in numbers.zip(renames.map(Some).chain(std::iter::repeat(None))) {
        store.upsert_extension(&rotation_support::extension(&customer, number)).await.unwrap();
        store.insert_cdrs(&[rotation_support::call(&customer, i64::from(number))]).await.unwrap();
        if let Some(existing) = existing {
            let rename =
                NewExtension { display_name: renamed(existing), ..rotation_support::extension(&customer, existing) };
            store.upsert_extension(&rename).await.unwrap();
        }
        tokio::task::yield_now().await;
    }
}

async fn writes_during_a_reseal_are_not_lost(dir: DataDir) {
    let store = dir.open().await;
    let customer = rotation_support::fill(&store, EXISTING.len() as u32).await;
    store.rotate_data_key(&customer).await.unwrap();
    let other_node = dir.open().await;

    let here = tokio::spawn(write_during(store.clone(), customer.clone(), 500..540, 100..120));
    let there = tokio::spawn(write_during(other_node, customer.clone(), 700..740, 120..140));
    let options = ResealOptions { batch_size: 2, ..rotation_support::options() };
    let report = store.reseal_tenant(&customer, &options, |_| ControlFlow::Continue(())).await.unwrap();
    here.await.unwrap();
    there.await.unwrap();
    let report = if report.retired.is_empty() {
        store.reseal_tenant(&customer, &options, |_| ControlFlow::Continue(())).await.unwrap()
    } else {
        report
    };

    assert!(report.finished);
    let all = store.extensions(&customer).await.unwrap();
    assert_eq!(all.len(), EXISTING.len() + 80);
    for extension in &all {
        let number: u32 = extension.number.parse().unwrap();
        let expected =
            if EXISTING.contains(&number) { renamed(number) } else { rotation_support::display_name(number) };
        assert_eq!(extension.display_name, expected, "extension {number}");
    }
    assert_eq!(store.count_cdrs(&customer).await.unwrap(), rotation_support::CDRS as u64 + 80);
    let calls = store
        .cdrs_for_party(
            &compliance::CpniRequest::host_operator("operator:test", compliance::Purpose::NetworkOperations, "test"),
            &customer,
            rotation_support::CALLER,
            None,
            1_000,
        )
        .await
        .unwrap();
    assert_eq!(calls.len() as i64, rotation_support::CDRS + 80);
    let pool = dir.raw().await;
    assert_eq!(rotation_support::versions_in_use(&pool, &customer).await.into_iter().collect::<Vec<_>>(), [2]);
    assert_eq!(rotation_support::stored_key_versions(&pool, &customer).await, [2]);
}

on_both_backends!(writes_during_a_reseal_are_not_lost);
