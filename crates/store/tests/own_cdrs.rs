//! An end user sees only their own calls (issue 5 item 4): the calls to
//! and from the extensions assigned to them, of their own customer, found
//! through the gate (audited as `cdr.read_own`); never the whole
//! customer's, nor another person's. An extension is assigned only to one
//! of its customer's people, each assignment audited, and the link goes
//! with the extension.

#[macro_use]
mod backends;
mod accounts_support;
mod cdr_support;
mod cpni_support;

use access::{PersonId, Role};
use backends::DataDir;
use cdr_support::extension;
use compliance::{Accessor, CpniRequest, Purpose};
use cpni_support::{actor, audit_rows, audit_tail, path_of, request};
use model::{Cdr, TenantId};
use store::{CdrQuery, StoreError};

const T: i64 = 1_790_000_000_000;

fn self_service(store_path: &str, person: &PersonId) -> CpniRequest {
    request(Accessor::Person(actor(&person.0, Role::User, store_path)), Purpose::CustomerSelfService)
}

fn pairs(cdrs: &[Cdr]) -> Vec<(String, String)> {
    cdrs.iter().map(|c| (c.caller.clone(), c.callee.clone())).collect()
}

async fn a_user_reads_only_the_calls_of_their_own_extensions(dir: DataDir) {
    let store = dir.open().await;
    let pool = dir.raw().await;
    let (c1, c2) = cdr_support::two_customers(&store).await;
    let ada = accounts_support::person(&store, &c1, Role::User, "ada@example.com").await;
    let bo = accounts_support::person(&store, &c1, Role::User, "bo@example.com").await;
    let cy = accounts_support::person(&store, &c1, Role::User, "cy@example.com").await;
    let other = accounts_support::person(&store, &c2, Role::User, "dee@example.com").await;
    for number in ["201", "202", "203"] {
        extension(&store, &c1, number).await;
    }
    extension(&store, &c2, "201").await;
    store.assign_extension(&c1, "201", Some(&ada), "test").await.unwrap();
    store.assign_extension(&c1, "202", Some(&bo), "test").await.unwrap();
    assert_eq!(store.extension_owner(&c1, "201").await.unwrap(), Some(ada.clone()));
    let refused = store.assign_extension(&c1, "203", Some(&other), "test").await;
    assert!(matches!(refused, Err(StoreError::Invalid(_))), "another customer's person: {refused:?}");
    assert!(matches!(store.assign_extension(&c1, "299", Some(&ada), "test").await, Err(StoreError::Invalid(_))));

    let call =
        |customer: &TenantId, caller: &str, callee: &str, at: i64| cdr_support::call(customer, caller, callee, at);
    store
        .insert_cdrs(&[
            call(&c1, "201", "202", T),
            call(&c1, "203", "+12025550143", T + 1),
            call(&c1, "+12025550143", "201", T + 2),
            call(&c1, "202", "203", T + 3),
            call(&c2, "201", "202", T + 4),
        ])
        .await
        .unwrap();
    let path = path_of(&store, "c1").await;
    let before = audit_tail(&pool).await;

    let own = store.own_cdrs_page(&self_service(&path, &ada), &c1, &ada, None, 50).await.unwrap();
    let expected = [("+12025550143".to_owned(), "201".to_owned()), ("201".to_owned(), "202".to_owned())];
    assert_eq!(pairs(&own), expected, "ada's extension 201 of c1, newest first");
    let query = CdrQuery { limit: 1, ..CdrQuery::default() };
    let (first, next) = store.own_cdrs_query(&self_service(&path, &ada), &c1, &ada, &query).await.unwrap();
    assert_eq!(pairs(&first), expected[..1]);
    let query = CdrQuery { limit: 1, after: next, ..CdrQuery::default() };
    let (second, _) = store.own_cdrs_query(&self_service(&path, &ada), &c1, &ada, &query).await.unwrap();
    assert_eq!(pairs(&second), expected[1..], "the API's pages too");

    let nothing = store.own_cdrs_page(&self_service(&path, &cy), &c1, &cy, None, 50).await.unwrap();
    assert!(nothing.is_empty(), "no extension, no calls: {nothing:?}");
    let whole = store.cdrs_page(&self_service(&path, &ada), &c1, None, 50).await;
    assert!(matches!(whole, Err(StoreError::CpniDenied(_))), "the whole customer's: {whole:?}");
    let someone_else = store.own_cdrs_page(&self_service(&path, &ada), &c1, &bo, None, 50).await;
    assert!(matches!(someone_else, Err(StoreError::CpniDenied(_))), "bo's calls: {someone_else:?}");

    store.flush_audit().await.unwrap();
    let actions: Vec<_> =
        audit_rows(&pool, before).await.into_iter().map(|row| (row[1].clone(), row[4].clone())).collect();
    let expect = |action: &str, decision: &str| (action.to_owned(), decision.to_owned());
    let own_allowed = expect("cdr.read_own", "allow");
    assert_eq!(
        actions,
        [
            own_allowed.clone(),
            own_allowed.clone(),
            own_allowed.clone(),
            own_allowed,
            expect("cdr.read", "deny"),
            expect("cdr.read_own", "deny")
        ]
    );

    assert!(store.delete_extension(&c1, "201").await.unwrap());
    assert_eq!(store.numbers_of(&c1, &ada).await.unwrap(), Vec::<String>::new(), "the link went with it");
    let before_unassign = audit_tail(&pool).await;
    store.assign_extension(&c1, "202", None, "test").await.unwrap();
    let audited = audit_rows(&pool, before_unassign).await;
    let audited: Vec<_> = audited.iter().map(|row| (row[0].as_str(), row[1].as_str(), row[3].as_str())).collect();
    assert_eq!(audited, [("test", "extension.assign", "owner=none")], "who changed whose calls a person sees");
    assert_eq!(store.extension_owner(&c1, "202").await.unwrap(), None);
    store.close().await;
}

on_both_backends!(a_user_reads_only_the_calls_of_their_own_extensions);
