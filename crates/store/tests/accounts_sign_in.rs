//! Sign-in success and failure paths: password-only users, roles that need
//! TOTP (not enrolled, enrolled with and without a code), disabled accounts,
//! and names matched whatever their case.

mod accounts_support;
#[macro_use]
mod backends;

use access::{AuthStrength, Role};
use accounts_support::{HOME, PASSWORD, attempt, customer, hasher, later, person, person_with_totp, t0};
use backends::DataDir;
use store::StoreError;

on_both_backends!(end_user_with_password, admin_needs_totp, disabled_account_refused);

async fn end_user_with_password(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    let id = person(&store, &tenant, Role::User, "ann@example.com").await;

    let signed_in =
        store.authenticate(&hasher(), &attempt("ANN@Example.com ", PASSWORD, None, HOME), t0()).await.unwrap();
    assert_eq!(signed_in.actor.person, id);
    assert_eq!(signed_in.actor.role, Role::User);
    assert_eq!(signed_in.actor.strength, AuthStrength::Password);
    assert_eq!(signed_in.actor.home.leaf(), &tenant);

    let wrong = store.authenticate(&hasher(), &attempt("ann@example.com", "not the password", None, HOME), t0()).await;
    assert!(matches!(wrong, Err(StoreError::SignInFailed)), "{wrong:?}");
}

async fn admin_needs_totp(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    person(&store, &tenant, Role::CustomerAdmin, "bob@example.com").await;
    let (_, totp, _) = person_with_totp(&store, &tenant, Role::CustomerAdmin, "cat@example.com").await;
    let now = later(t0(), 120);

    let unenrolled = store.authenticate(&hasher(), &attempt("bob@example.com", PASSWORD, None, HOME), now).await;
    assert!(matches!(unenrolled, Err(StoreError::SecondFactorNotEnrolled)), "{unenrolled:?}");
    let no_code = store.authenticate(&hasher(), &attempt("cat@example.com", PASSWORD, None, HOME), now).await;
    assert!(matches!(no_code, Err(StoreError::SignInFailed)), "{no_code:?}");
    let wrong_code = totp.code_at(later(now, 600));
    let wrong =
        store.authenticate(&hasher(), &attempt("cat@example.com", PASSWORD, Some(&wrong_code), HOME), now).await;
    assert!(matches!(wrong, Err(StoreError::SignInFailed)), "{wrong:?}");

    let code = totp.code_at(now);
    let signed_in = store.authenticate(&hasher(), &attempt("cat@example.com", PASSWORD, Some(&code), HOME), now).await;
    assert_eq!(signed_in.unwrap().actor.strength, AuthStrength::PasswordAndTotp);
}

async fn disabled_account_refused(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    let id = person(&store, &tenant, Role::User, "dan@example.com").await;
    store.set_disabled(&id, true, "test", t0()).await.unwrap();

    let refused = store.authenticate(&hasher(), &attempt("dan@example.com", PASSWORD, None, HOME), t0()).await;
    assert!(matches!(refused, Err(StoreError::SignInFailed)), "{refused:?}");

    store.set_disabled(&id, false, "test", t0()).await.unwrap();
    assert!(store.authenticate(&hasher(), &attempt("dan@example.com", PASSWORD, None, HOME), t0()).await.is_ok());
}
