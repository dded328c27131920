//! The portal's two-step sign-in: the password step says a code must
//! follow only after a right password; the code step accepts a TOTP code
//! once, counts wrong codes toward the account's lockout, and an enrolled
//! role without TOTP comes back with password strength only.

mod accounts_support;
#[macro_use]
mod backends;

use access::{AuthStrength, Role};
use accounts_support::{HOME, PASSWORD, customer, hasher, ip, later, person, person_with_totp, t0};
use backends::DataDir;
use store::StoreError;

on_both_backends!(password_then_code, wrong_codes_lock_the_code_step);

async fn password_then_code(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    let (id, totp, _) = person_with_totp(&store, &tenant, Role::CustomerAdmin, "ada@example.com").await;
    let now = later(t0(), 90);
    let wrong = store.authenticate_password(&hasher(), "ada@example.com", "wrong password", ip(HOME), now).await;
    assert!(matches!(wrong, Err(StoreError::SignInFailed)));
    let first = store.authenticate_password(&hasher(), "ada@example.com", PASSWORD, ip(HOME), now).await.unwrap();
    assert!(first.code_required);
    assert_eq!(first.actor.strength, AuthStrength::Password);
    assert!(matches!(store.authenticate_code(&id, "000000", ip(HOME), now).await, Err(StoreError::SignInFailed)));
    let code = totp.code_at(now);
    let second = store.authenticate_code(&id, &code, ip(HOME), now).await.unwrap();
    assert_eq!(second.actor.strength, AuthStrength::PasswordAndTotp);
    assert!(store.authenticate_code(&id, &code, ip(HOME), now).await.is_err(), "a code works once");

    let plain = person(&store, &tenant, Role::CustomerAdmin, "bea@example.com").await;
    let unenrolled = store.authenticate_password(&hasher(), "bea@example.com", PASSWORD, ip(HOME), now).await.unwrap();
    assert_eq!((unenrolled.code_required, unenrolled.actor.strength), (false, AuthStrength::Password));
    assert_eq!(unenrolled.actor.person, plain);
    assert!(store.authenticate_code(&plain, "123456", ip(HOME), now).await.is_err(), "no TOTP, no code step");
}

async fn wrong_codes_lock_the_code_step(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    let (id, totp, _) = person_with_totp(&store, &tenant, Role::CustomerAdmin, "ada@example.com").await;
    let now = later(t0(), 90);
    for _ in 0..10 {
        let _ = store.authenticate_code(&id, "000000", ip(HOME), now).await;
    }
    assert!(store.sign_in_failures(&id).await.unwrap().is_locked(now), "wrong codes count");
    let locked = store.authenticate_code(&id, &totp.code_at(now), ip(HOME), now).await;
    assert!(matches!(locked, Err(StoreError::SignInFailed)), "while locked, even the right code fails");
}
