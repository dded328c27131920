//! A recovery code signs in once in place of a TOTP code; the second use
//! fails and the others stay usable.

mod accounts_support;
#[macro_use]
mod backends;

use access::{AuthStrength, Role};
use accounts_support::{HOME, PASSWORD, attempt, customer, hasher, later, person_with_totp, t0};
use backends::DataDir;
use store::StoreError;

on_both_backends!(a_recovery_code_works_once);

const LOGIN: &str = "hal@example.com";

async fn a_recovery_code_works_once(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    let (id, _, codes) = person_with_totp(&store, &tenant, Role::CustomerAdmin, LOGIN).await;
    assert_eq!(store.recovery_codes_left(&id).await.unwrap(), 10);
    let now = later(t0(), 300);
    let first = codes.codes[0].to_lowercase();

    let signed_in = store.authenticate(&hasher(), &attempt(LOGIN, PASSWORD, Some(&first), HOME), now).await.unwrap();
    assert_eq!(signed_in.actor.strength, AuthStrength::PasswordAndTotp);
    assert_eq!(store.recovery_codes_left(&id).await.unwrap(), 9);

    let again = store.authenticate(&hasher(), &attempt(LOGIN, PASSWORD, Some(&first), HOME), now).await;
    assert!(matches!(again, Err(StoreError::SignInFailed)), "{again:?}");
    let second = codes.codes[1].as_str();
    assert!(store.authenticate(&hasher(), &attempt(LOGIN, PASSWORD, Some(second), HOME), now).await.is_ok());
    assert_eq!(store.recovery_codes_left(&id).await.unwrap(), 8);
}
