//! No user enumeration: an unknown name and a known name with a wrong
//! password end in the same error, with the same message, and both are
//! counted against the source address.

mod accounts_support;
#[macro_use]
mod backends;

use access::Role;
use accounts_support::{HOME, attempt, customer, hasher, person, t0};
use backends::DataDir;
use store::StoreError;

on_both_backends!(unknown_user_and_wrong_password_look_the_same);

async fn unknown_user_and_wrong_password_look_the_same(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    person(&store, &tenant, Role::User, "eve@example.com").await;

    let unknown = store.authenticate(&hasher(), &attempt("nobody@example.com", "guess one", None, HOME), t0()).await;
    let wrong = store.authenticate(&hasher(), &attempt("eve@example.com", "guess one", None, HOME), t0()).await;

    let (unknown, wrong) = (unknown.unwrap_err(), wrong.unwrap_err());
    assert!(matches!(unknown, StoreError::SignInFailed), "{unknown:?}");
    assert!(matches!(wrong, StoreError::SignInFailed), "{wrong:?}");
    assert_eq!(unknown.to_string(), wrong.to_string());
    assert_eq!(format!("{unknown:?}"), format!("{wrong:?}"));
    let source = store.source_sign_in_failures(HOME.parse().unwrap()).await.unwrap();
    assert_eq!(source.count, 2, "both attempts count against the address");
}
