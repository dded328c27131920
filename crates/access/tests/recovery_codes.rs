//! Issue 5, item 2: ten one-time recovery codes, random, human-friendly,
//! stored hashed and consumed once.

use access::totp::{RECOVERY_CODE_COUNT, RecoveryCodes, RecoveryKey, match_recovery_code, recovery_code_hash};

fn key() -> RecoveryKey {
    RecoveryKey::from_bytes([7; 32])
}

#[test]
fn ten_distinct_codes_in_four_groups_of_four() {
    let set = RecoveryCodes::generate(&key()).unwrap();
    assert_eq!(set.codes.len(), RECOVERY_CODE_COUNT);
    assert_eq!(set.hashes.len(), RECOVERY_CODE_COUNT);
    for code in &set.codes {
        let groups: Vec<&str> = code.split('-').collect();
        assert_eq!(groups.len(), 4, "{}", code.len());
        assert!(groups.iter().all(|g| g.len() == 4 && g.bytes().all(|b| b.is_ascii_alphanumeric())));
        assert!(!code.contains(['I', 'L', 'O', 'U']), "Crockford alphabet only");
    }
    let mut unique: Vec<&str> = set.codes.iter().map(|code| code.as_str()).collect();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), RECOVERY_CODE_COUNT);
}

#[test]
fn only_hashes_are_stored_and_they_need_the_key() {
    let set = RecoveryCodes::generate(&key()).unwrap();
    let code = set.codes[3].as_str();
    assert_eq!(recovery_code_hash(&key(), code), Some(set.hashes[3]));
    assert_ne!(recovery_code_hash(&RecoveryKey::from_bytes([8; 32]), code), Some(set.hashes[3]));
}

#[test]
fn a_code_is_consumed_once() {
    let set = RecoveryCodes::generate(&key()).unwrap();
    let mut stored = set.hashes.clone();
    let code = set.codes[5].as_str();
    let index = match_recovery_code(&key(), code, &stored).expect("first use matches");
    stored.remove(index);
    assert_eq!(match_recovery_code(&key(), code, &stored), None, "second use refused");
    assert_eq!(stored.len(), RECOVERY_CODE_COUNT - 1);
    assert!(match_recovery_code(&key(), set.codes[6].as_str(), &stored).is_some(), "others still work");
}

#[test]
fn typing_variations_are_forgiven() {
    let set = RecoveryCodes::generate(&key()).unwrap();
    let code = set.codes[0].as_str();
    let sloppy = code.replace('-', " ").to_lowercase().replace('0', "o").replace('1', "l");
    assert_eq!(match_recovery_code(&key(), &sloppy, &set.hashes), Some(0));
}

#[test]
fn malformed_codes_match_nothing() {
    let set = RecoveryCodes::generate(&key()).unwrap();
    for entered in ["", "ABCD-EFGH", "UUUU-UUUU-UUUU-UUUU", &format!("{}0", set.codes[0].as_str())] {
        assert_eq!(match_recovery_code(&key(), entered, &set.hashes), None, "{entered}");
    }
}
