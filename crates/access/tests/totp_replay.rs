//! RFC 6238 §5.2 and issue 5, item 2: ±1 step accepted, "no code accepted
//! twice", through the last-used step the caller persists.

use access::AccessError;
use access::totp::{Secret, Totp};
use jiff::Timestamp;

const STEP_START: i64 = 1_800_000_010 - 1_800_000_010 % 30;

fn totp() -> Totp {
    Totp::new(Secret::from_bytes(b"a 20-byte test secret".to_vec()))
}

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(seconds).unwrap()
}

#[test]
fn a_code_is_accepted_once_and_refused_after() {
    let totp = totp();
    let now = at(STEP_START + 5);
    let code = totp.code_at(now);
    let step = totp.verify(&code, now, None).unwrap();
    assert_eq!(step, totp.step_at(now));
    assert_eq!(
        totp.verify(&code, now + jiff::SignedDuration::from_secs(10), Some(step)),
        Err(AccessError::TotpReplayed)
    );
}

#[test]
fn an_older_code_is_refused_once_a_newer_one_was_used() {
    let totp = totp();
    let now = at(STEP_START + 5);
    let previous = totp.code_for_step(totp.step_at(now) - 1);
    let current_step = totp.step_at(now);
    assert_eq!(totp.verify(&previous, now, Some(current_step)), Err(AccessError::TotpReplayed));
}

#[test]
fn the_next_steps_code_is_accepted_after_the_current_one() {
    let totp = totp();
    let now = at(STEP_START + 5);
    let used = totp.step_at(now);
    let next = totp.code_for_step(used + 1);
    assert_eq!(totp.verify(&next, now, Some(used)), Ok(used + 1));
}

#[test]
fn one_step_of_drift_either_way_is_accepted_two_are_not() {
    let totp = totp();
    let now = at(STEP_START + 5);
    let step = totp.step_at(now);
    for accepted in [step - 1, step + 1] {
        assert_eq!(totp.verify(&totp.code_for_step(accepted), now, None), Ok(accepted));
    }
    for refused in [step - 2, step + 2] {
        let code = totp.code_for_step(refused);
        let nearby = [step - 1, step, step + 1].map(|s| totp.code_for_step(s));
        if !nearby.contains(&code) {
            assert_eq!(totp.verify(&code, now, None), Err(AccessError::TotpInvalid));
        }
    }
}

#[test]
fn malformed_codes_are_refused_before_any_hmac() {
    let totp = totp();
    for code in ["", "12345", "1234567", "12a456", "١٢٣٤٥٦"] {
        assert_eq!(totp.verify(code, at(STEP_START), None), Err(AccessError::TotpMalformed), "{code:?}");
    }
    let spaced = totp.code_at(at(STEP_START));
    let spaced = format!("{} {}", &spaced[..3], &spaced[3..]);
    assert!(totp.verify(&spaced, at(STEP_START), None).is_ok());
}
