//! Brute force: wrong passwords from one address lock it and the account
//! with exponential back-off capped at 15 minutes (checked on the computed
//! lock times, no sleeping); the real user signs in from a clean address
//! once the account's back-off is at the cap, while the attacker's address
//! stays locked even with the right password.

mod accounts_support;
#[macro_use]
mod backends;

use access::Role;
use access::lockout::{FREE_FAILURES, MAX_LOCK, lock_for};
use accounts_support::{ATTACKER, HOME, PASSWORD, attempt, customer, hasher, ip, later, person, t0};
use backends::DataDir;
use store::StoreError;

on_both_backends!(a_burst_locks_the_address_for_the_cap, a_patient_attacker_cannot_lock_the_user_out);

const LOGIN: &str = "fay@example.com";

async fn a_burst_locks_the_address_for_the_cap(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    let id = person(&store, &tenant, Role::User, LOGIN).await;
    let now = later(t0(), 60);

    for n in 0..20 {
        let result = store.authenticate(&hasher(), &attempt(LOGIN, &format!("wrong {n}"), None, ATTACKER), now).await;
        assert!(matches!(result, Err(StoreError::SignInFailed)), "{result:?}");
    }
    let source = store.source_sign_in_failures(ip(ATTACKER)).await.unwrap();
    assert_eq!(source.count, 20);
    assert_eq!(source.locked_until, Some(now + MAX_LOCK));
    let account = store.sign_in_failures(&id).await.unwrap();
    assert_eq!(account.count, FREE_FAILURES, "a locked address is refused before the account is tried");
    assert_eq!(account.locked_until, Some(now + lock_for(FREE_FAILURES)));

    let during = store.authenticate(&hasher(), &attempt(LOGIN, PASSWORD, None, HOME), now).await;
    assert!(matches!(during, Err(StoreError::SignInFailed)), "below the cap the account lock holds for all");
    let account = store.sign_in_failures(&id).await.unwrap();
    assert_eq!(account.locked_until, Some(now + lock_for(FREE_FAILURES + 1)), "an attempt while locked counts");
    let after = account.locked_until.unwrap();
    assert!(store.authenticate(&hasher(), &attempt(LOGIN, PASSWORD, None, HOME), after).await.is_ok());
    let still = store.authenticate(&hasher(), &attempt(LOGIN, PASSWORD, None, ATTACKER), after).await;
    assert!(matches!(still, Err(StoreError::SignInFailed)), "the attacker's address stays locked");
}

async fn a_patient_attacker_cannot_lock_the_user_out(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    let id = person(&store, &tenant, Role::User, LOGIN).await;
    let mut now = later(t0(), 60);
    let mut last_attempt = now;

    for n in 1..=20u32 {
        last_attempt = now;
        let result = store.authenticate(&hasher(), &attempt(LOGIN, "wrong", None, ATTACKER), now).await;
        assert!(matches!(result, Err(StoreError::SignInFailed)));
        let account = store.sign_in_failures(&id).await.unwrap();
        assert_eq!(account.count, n, "waiting out each lock, every guess reaches the account");
        let expected = (n >= FREE_FAILURES).then(|| now + lock_for(n));
        assert_eq!(account.locked_until, expected);
        now = expected.unwrap_or(now);
    }
    let account = store.sign_in_failures(&id).await.unwrap();
    assert_eq!(account.locked_until, Some(last_attempt + MAX_LOCK), "20 failures: locked for the cap, no longer");
    let source = store.source_sign_in_failures(ip(ATTACKER)).await.unwrap();
    assert_eq!(source.locked_until, Some(last_attempt + MAX_LOCK));

    let soon = later(last_attempt, 1);
    let attacker = store.authenticate(&hasher(), &attempt(LOGIN, PASSWORD, None, ATTACKER), soon).await;
    assert!(matches!(attacker, Err(StoreError::SignInFailed)), "even the right password from the attacker's address");
    let user = store.authenticate(&hasher(), &attempt(LOGIN, PASSWORD, None, HOME), soon).await;
    assert_eq!(user.unwrap().actor.person, id, "the real user, from a clean address, past the cap");
    assert_eq!(store.sign_in_failures(&id).await.unwrap().count, 0, "success clears the account's record");
}
