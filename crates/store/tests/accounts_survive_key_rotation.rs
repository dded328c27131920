//! After the customer's data key is rotated and every value re-sealed (the
//! old key shredded), its people still sign in with their password and
//! TOTP, and are still found by sign-in name: their sealed columns were
//! re-sealed, and the blind index does not depend on the data key.

mod accounts_support;
#[macro_use]
mod backends;

use std::ops::ControlFlow;
use std::time::Duration;

use access::Role;
use accounts_support::{HOME, PASSWORD, attempt, customer, hasher, later, person_with_totp, t0};
use backends::DataDir;
use store::ResealOptions;

on_both_backends!(people_are_resealed);

const LOGIN: &str = "pia@example.com";

async fn people_are_resealed(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    let (id, totp, _) = person_with_totp(&store, &tenant, Role::CustomerAdmin, LOGIN).await;

    assert_eq!(store.rotate_data_key(&tenant).await.unwrap(), 2);
    let options = ResealOptions { batch_size: 10, retire_after: Duration::ZERO };
    let report = store.reseal_tenant(&tenant, &options, |_| ControlFlow::Continue(())).await.unwrap();
    assert!(report.finished);
    assert_eq!(report.retired, [1]);
    let people = report.tables.iter().find(|table| table.table == "people").expect("people are re-sealed");
    assert_eq!((people.done, people.total), (1, 1));

    assert_eq!(store.person_by_login(LOGIN).await.unwrap().map(|p| p.id), Some(id));
    let now = later(t0(), 60);
    let code = totp.code_at(now);
    assert!(store.authenticate(&hasher(), &attempt(LOGIN, PASSWORD, Some(&code), HOME), now).await.is_ok());
}
