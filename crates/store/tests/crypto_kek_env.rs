//! `CALLVAULT_KEK` (64 hex digits) wins over the key file; a wrong length
//! or non-hex value is refused with an error that names the variable and
//! never echoes the value.

use store::{KEK_ENV, KEK_FILE, Kek, StoreError};

#[test]
fn a_wrong_length_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (value, bytes) in [("", 0), ("00ff", 2), (&"ab".repeat(31)[..], 31), (&"ab".repeat(33)[..], 33)] {
        let refused = Kek::resolve(Some(value), dir.path());
        match refused {
            Err(StoreError::KekLength { origin, found }) => {
                assert_eq!((origin.as_str(), found), (KEK_ENV, bytes));
            }
            other => panic!("{value:?} gave {other:?}"),
        }
    }
    assert!(!dir.path().join(KEK_FILE).exists(), "no key file is made when the variable is set");
}

#[test]
fn non_hex_is_refused_without_echoing_it() {
    let dir = tempfile::tempdir().unwrap();
    let value = "zz".repeat(32);
    let error = Kek::resolve(Some(&value), dir.path()).unwrap_err();
    assert!(matches!(error, StoreError::KekNotHex { .. }));
    assert!(!error.to_string().contains(&value));
}

#[test]
fn a_good_value_is_used_instead_of_the_key_file() {
    let dir = tempfile::tempdir().unwrap();
    let value = format!("  {}\n", "5a".repeat(32));
    let from_env = Kek::resolve(Some(&value), dir.path()).unwrap();
    assert_eq!(from_env.id(), Kek::from_bytes(&[0x5a; 32]).id());
    assert!(!dir.path().join(KEK_FILE).exists());
    assert!(!format!("{from_env:?}").contains("5a5a"));
}
