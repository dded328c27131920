//! Sessions end when idle too long or too old, whatever their use (issue 5
//! item 3; OWASP Session Management): each use moves the idle clock, never
//! the absolute one. Time is passed in, so the test walks it.

mod accounts_support;
#[macro_use]
mod backends;

use access::Role;
use accounts_support::{customer, later, person, t0};
use backends::DataDir;
use jiff::SignedDuration;
use store::SessionPolicy;

on_both_backends!(idle_and_absolute_timeouts_end_sessions, the_default_policy_is_30_minutes_and_12_hours);

async fn idle_and_absolute_timeouts_end_sessions(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    let id = person(&store, &tenant, Role::User, "ida@example.com").await;
    let policy = SessionPolicy { idle: SignedDuration::from_mins(10), absolute: SignedDuration::from_mins(25) };

    let idle = store.create_session(&id, false, policy, t0()).await.unwrap();
    assert!(store.session(&idle.token, later(t0(), 600)).await.unwrap().is_some(), "10 minutes idle: still live");
    assert!(store.session(&idle.token, later(t0(), 1201)).await.unwrap().is_none(), "over 10 minutes idle: ended");

    let busy = store.create_session(&id, false, policy, t0()).await.unwrap();
    for minute in [8, 16, 24] {
        let seen = store.session(&busy.token, later(t0(), minute * 60)).await.unwrap();
        assert_eq!(seen.expect("used every 8 minutes: live").person, id);
    }
    assert!(store.session(&busy.token, later(t0(), 25 * 60 + 1)).await.unwrap().is_none(), "25 minutes: over");
}

async fn the_default_policy_is_30_minutes_and_12_hours(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    let id = person(&store, &tenant, Role::User, "ida@example.com").await;
    assert_eq!(
        SessionPolicy::default(),
        SessionPolicy { idle: SignedDuration::from_mins(30), absolute: SignedDuration::from_hours(12) }
    );
    let session = store.create_session(&id, true, SessionPolicy::default(), t0()).await.unwrap();
    let mut at = t0();
    for _ in 0..24 {
        at = later(at, 29 * 60);
        let live = store.session(&session.token, at).await.unwrap().expect("used within 30 minutes");
        assert!(live.second_factor);
    }
    assert!(store.session(&session.token, later(at, 31 * 60)).await.unwrap().is_none(), "idle 31 minutes");
    let fresh = store.create_session(&id, true, SessionPolicy::default(), t0()).await.unwrap();
    let mut at = t0();
    while at < later(t0(), 12 * 3600) {
        at = later(at, 25 * 60);
        let live = store.session(&fresh.token, at).await.unwrap();
        assert_eq!(live.is_some(), at <= later(t0(), 12 * 3600), "at {at}");
    }
}
