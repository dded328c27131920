//! Issue 5, item 1: Argon2id in PHC form at or above the OWASP minimum,
//! verification, and re-hashing when the parameters rise.

use access::AccessError;
use access::password::{CURRENT_COST, Cost, Hasher, OWASP_MINIMUM};

const PASSWORD: &str = "violet tractor umbrella 42";

fn fast() -> Hasher {
    Hasher::with_cost(OWASP_MINIMUM).unwrap()
}

#[test]
fn hashes_are_argon2id_phc_strings_with_their_parameters() {
    let phc = fast().hash(PASSWORD).unwrap();
    assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
    assert_eq!(phc.split('$').count(), 6);
    assert!(!phc.contains(PASSWORD));
}

#[test]
fn the_current_cost_is_above_the_owasp_minimum() {
    assert!(Hasher::with_cost(CURRENT_COST).is_ok(), "with_cost refuses anything below the minimum");
    let phc = Hasher::current().hash(PASSWORD).unwrap();
    let expected =
        format!("m={},t={},p={}$", CURRENT_COST.memory_kib, CURRENT_COST.iterations, CURRENT_COST.parallelism);
    assert!(phc.contains(&expected), "{phc}");
}

#[test]
fn the_right_password_verifies_and_a_wrong_one_does_not() {
    let hasher = fast();
    let phc = hasher.hash(PASSWORD).unwrap();
    assert_eq!(hasher.verify(PASSWORD, &phc), Ok(true));
    assert_eq!(hasher.verify("violet tractor umbrella 43", &phc), Ok(false));
    assert_eq!(hasher.verify("", &phc), Ok(false));
}

#[test]
fn each_hash_has_its_own_salt() {
    let hasher = fast();
    assert_ne!(hasher.hash(PASSWORD).unwrap(), hasher.hash(PASSWORD).unwrap());
}

#[test]
fn a_hash_made_at_lower_cost_verifies_and_asks_for_a_rehash() {
    let old = fast().hash(PASSWORD).unwrap();
    let stronger = Hasher::with_cost(Cost { memory_kib: 20 * 1024, ..OWASP_MINIMUM }).unwrap();
    assert_eq!(stronger.verify(PASSWORD, &old), Ok(true));
    assert_eq!(stronger.needs_rehash(&old), Ok(true));
    assert_eq!(fast().needs_rehash(&old), Ok(false));
    let renewed = stronger.hash(PASSWORD).unwrap();
    assert_eq!(stronger.needs_rehash(&renewed), Ok(false));
}

#[test]
fn other_argon2_variants_ask_for_a_rehash() {
    let argon2i = "$argon2i$v=19$m=65536,t=3,p=1$c29tZXNhbHRzb21lc2FsdA$ZmFrZWhhc2hmYWtlaGFzaGZha2VoYXNoZmFrZWhhc2g";
    assert_eq!(fast().needs_rehash(argon2i), Ok(true));
}

#[test]
fn costs_below_the_owasp_minimum_are_refused() {
    for cost in [
        Cost { memory_kib: 19 * 1024 - 1, ..OWASP_MINIMUM },
        Cost { iterations: 1, ..OWASP_MINIMUM },
        Cost { parallelism: 0, ..OWASP_MINIMUM },
    ] {
        assert_eq!(Hasher::with_cost(cost).unwrap_err(), AccessError::CostBelowMinimum, "{cost:?}");
    }
}

#[test]
fn garbage_in_the_store_is_an_error_not_a_match() {
    assert_eq!(fast().verify(PASSWORD, "not a phc string"), Err(AccessError::MalformedPasswordHash));
    assert_eq!(fast().needs_rehash("$argon2id$"), Err(AccessError::MalformedPasswordHash));
}

#[test]
fn unknown_accounts_never_verify() {
    assert!(!fast().verify_unknown_account(PASSWORD));
}
