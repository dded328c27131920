//! Replayed credentials are refused: the nonce count must grow, and a nonce
//! answered without qop is single-use (RFC 7616 §3.3 `nc`, §5.5). Replay
//! state covers the last `replay_window` challenges: nonces inside it stay
//! usable however fast challenges are issued, older ones are stale.

mod digest_support;

use digest_support::*;
use sip::Method;
use sip::digest::{Challenge, Credentials, DigestError, Secret, Verifier};

fn challenge(v: &mut Verifier) -> Challenge {
    challenge_at(v, T0, [6; 16])
}

#[test]
fn the_same_credentials_twice_are_a_replay() {
    let mut v = verifier();
    let creds = answer(&challenge(&mut v), PASSWORD, 1);
    assert_eq!(verify(&mut v, &creds, T0), Ok(()));
    assert_eq!(verify(&mut v, &creds, T0 + 1), Err(DigestError::Replay));
}

#[test]
fn a_lower_count_after_a_higher_one_is_a_replay() {
    let mut v = verifier();
    let c = challenge(&mut v);
    assert_eq!(verify(&mut v, &answer(&c, PASSWORD, 5), T0), Ok(()));
    assert_eq!(verify(&mut v, &answer(&c, PASSWORD, 3), T0), Err(DigestError::Replay));
    assert_eq!(verify(&mut v, &answer(&c, PASSWORD, 6), T0), Ok(()));
}

#[test]
fn a_failed_attempt_does_not_burn_the_count() {
    let mut v = verifier();
    let c = challenge(&mut v);
    assert_eq!(verify(&mut v, &answer(&c, "wrong", 1), T0), Err(DigestError::WrongResponse));
    assert_eq!(verify(&mut v, &answer(&c, PASSWORD, 1), T0), Ok(()));
}

#[test]
fn a_nonce_answered_without_qop_is_single_use() {
    let mut v = verifier();
    let mut c = challenge(&mut v);
    c.qop.clear();
    let creds = Credentials::answer(&c, &Method::Register, URI, USER, Secret::Password(PASSWORD), "x", 1).unwrap();
    assert_eq!(creds.qop, None);
    assert_eq!(verify(&mut v, &creds, T0), Ok(()));
    assert_eq!(verify(&mut v, &creds, T0), Err(DigestError::Replay));
}

#[test]
fn a_used_nonce_pushed_out_of_the_window_is_stale_not_reopened() {
    let mut v = verifier_with_window(2);
    let first = answer(&challenge_at(&mut v, T0, [1; 16]), PASSWORD, 1);
    assert_eq!(verify(&mut v, &first, T0), Ok(()));
    for (i, random) in [[2; 16], [3; 16]].into_iter().enumerate() {
        let now = T0 + 1 + i as u64;
        let creds = answer(&challenge_at(&mut v, now, random), PASSWORD, 1);
        assert_eq!(verify(&mut v, &creds, now), Ok(()));
    }
    assert_eq!(verify(&mut v, &first, T0 + 5), Err(DigestError::Stale));
}

/// 20,000 REGISTERs at 5,000 per second, each answered as soon as it is
/// challenged: more challenges per second than the window holds, yet every
/// answer is accepted (the table this window replaced answered these stale).
#[test]
fn a_burst_larger_than_the_window_is_all_accepted() {
    let mut v = verifier_with_window(4096);
    for i in 0..20_000_u64 {
        let now = T0 + i / 5_000;
        let c = challenge_at(&mut v, now, random_for(i));
        assert_eq!(verify(&mut v, &answer(&c, PASSWORD, 1), now), Ok(()), "{i}");
    }
}

/// As above, with 4,000 challenges in flight at any time.
#[test]
fn answers_lagging_inside_the_window_are_all_accepted() {
    const IN_FLIGHT: usize = 4_000;
    let mut v = verifier_with_window(4096);
    let mut pending = std::collections::VecDeque::new();
    for i in 0..12_000_u64 {
        let now = T0 + i / 5_000;
        pending.push_back(challenge_at(&mut v, now, random_for(i)));
        if pending.len() > IN_FLIGHT {
            let c = pending.pop_front().unwrap();
            assert_eq!(verify(&mut v, &answer(&c, PASSWORD, 1), now), Ok(()), "{i}");
        }
    }
}

#[test]
fn an_answer_after_5000_newer_challenges_is_stale() {
    let mut v = verifier_with_window(4096);
    let old = challenge_at(&mut v, T0, [1; 16]);
    for i in 0..5_000 {
        challenge_at(&mut v, T0, random_for(i));
    }
    let err = verify(&mut v, &answer(&old, PASSWORD, 1), T0 + 1).unwrap_err();
    assert_eq!(err, DigestError::Stale);
}

#[test]
fn the_window_holds_exactly_its_capacity() {
    let mut v = verifier_with_window(4096);
    let oldest = challenge_at(&mut v, T0, [1; 16]);
    let next = challenge_at(&mut v, T0, [2; 16]);
    for i in 0..4_094 {
        challenge_at(&mut v, T0, random_for(i));
    }
    assert_eq!(verify(&mut v, &answer(&oldest, PASSWORD, 1), T0), Ok(()));
    challenge_at(&mut v, T0, [3; 16]);
    assert_eq!(verify(&mut v, &answer(&next, PASSWORD, 1), T0), Ok(()));
    challenge_at(&mut v, T0, [4; 16]);
    assert_eq!(verify(&mut v, &answer(&next, PASSWORD, 2), T0), Err(DigestError::Stale));
}

fn random_for(i: u64) -> [u8; 16] {
    let mut random = [0u8; 16];
    random[..8].copy_from_slice(&i.to_le_bytes());
    random
}
