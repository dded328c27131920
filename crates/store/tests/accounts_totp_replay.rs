//! A TOTP code is accepted once (RFC 6238 §5.2): the same code again, or the
//! code of the step used at enrolment, is refused though still in the ±1
//! step window; the next step's code passes.

mod accounts_support;
#[macro_use]
mod backends;

use access::Role;
use accounts_support::{HOME, PASSWORD, attempt, customer, hasher, later, person_with_totp, t0};
use backends::DataDir;
use store::StoreError;

on_both_backends!(a_code_is_accepted_once);

const LOGIN: &str = "gus@example.com";

async fn a_code_is_accepted_once(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    let (_, totp, _) = person_with_totp(&store, &tenant, Role::CustomerAdmin, LOGIN).await;

    let enrolment_code = totp.code_at(t0());
    let soon = later(t0(), 20);
    let replayed = store.authenticate(&hasher(), &attempt(LOGIN, PASSWORD, Some(&enrolment_code), HOME), soon).await;
    assert!(matches!(replayed, Err(StoreError::SignInFailed)), "the confirming code is used up");

    let now = later(t0(), 90);
    let code = totp.code_at(now);
    assert!(store.authenticate(&hasher(), &attempt(LOGIN, PASSWORD, Some(&code), HOME), now).await.is_ok());
    let again = store.authenticate(&hasher(), &attempt(LOGIN, PASSWORD, Some(&code), HOME), now).await;
    assert!(matches!(again, Err(StoreError::SignInFailed)), "{again:?}");

    let next = later(now, 30);
    let next_code = totp.code_at(next);
    assert_ne!(next_code, code);
    assert!(store.authenticate(&hasher(), &attempt(LOGIN, PASSWORD, Some(&next_code), HOME), next).await.is_ok());
}
