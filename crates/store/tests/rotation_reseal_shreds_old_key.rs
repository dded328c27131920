//! The re-seal job leaves no value or blob of the tenant under the old key
//! version, deletes the old key's row, reports every table complete, and
//! every value still opens (also after a reopen, with nothing cached).
//! Other tenants are untouched.

#[macro_use]
mod backends;

mod rotation_support;

use std::ops::ControlFlow;

use backends::DataDir;

async fn after_a_reseal_nothing_needs_the_old_key_and_it_is_gone(dir: DataDir) {
    let store = dir.open().await;
    let customer = rotation_support::fill(&store, 7).await;
    let reseller = store.tenant_by_slug("r").await.unwrap().unwrap().id;
    store.rotate_data_key(&customer).await.unwrap();

    let mut seen = Vec::new();
    let report = store
        .reseal_tenant(&customer, &rotation_support::options(), |tables| {
            seen.push(tables.to_vec());
            ControlFlow::Continue(())
        })
        .await
        .unwrap();

    assert!(report.finished);
    assert_eq!((report.key_version, report.retired.as_slice()), (2, &[1][..]));
    assert_eq!(report.resealed, 1 + 7 + 2 + 5 + 2, "the name, extensions, payment methods, CDRs and blobs");
    let last = seen.last().unwrap();
    assert!(last.iter().all(|table| table.done == table.total), "{last:?}");
    let totals: Vec<_> = last.iter().map(|table| (table.table, table.total)).collect();
    assert_eq!(
        totals,
        [
            ("tenants", 1),
            ("extensions", 7),
            ("payment_methods", 2),
            ("cdrs", 5),
            ("people", 0),
            ("trunks", 0),
            ("oidc_signing_keys", 0),
            ("outbox", 0),
            ("blobs", 2)
        ]
    );
    assert!(seen.len() > 4, "progress after every batch");

    let pool = dir.raw().await;
    assert_eq!(rotation_support::versions_in_use(&pool, &customer).await.into_iter().collect::<Vec<_>>(), [2]);
    assert_eq!(rotation_support::stored_key_versions(&pool, &customer).await, [2]);
    assert_eq!(rotation_support::stored_key_versions(&pool, &reseller).await, [1], "another tenant keeps its key");
    rotation_support::assert_everything_opens(&store, &customer, 100..107).await;
    store.close().await;

    let reopened = dir.open().await;
    rotation_support::assert_everything_opens(&reopened, &customer, 100..107).await;
    let again = reopened.reseal_tenant(&customer, &rotation_support::options(), |_| ControlFlow::Continue(())).await;
    let again = again.unwrap();
    assert!(again.finished && again.resealed == 0 && again.retired.is_empty(), "{again:?}");
}

on_both_backends!(after_a_reseal_nothing_needs_the_old_key_and_it_is_gone);
