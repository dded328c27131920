//! Issue 5, item 1 and NIST SP 800-63B §5.1.1.2: length 12–128, not common,
//! not repetitive, not containing the account's names.

use access::AccessError;
use access::password::{AccountNames, Weakness, check_strength};

const ANN: AccountNames<'static> = AccountNames { username: "annlee", email: "ann.lee@example.com" };

fn weakness(password: &str) -> Option<Weakness> {
    match check_strength(password, &ANN) {
        Ok(()) => None,
        Err(AccessError::WeakPassword(weakness)) => Some(weakness),
        Err(other) => panic!("unexpected {other:?}"),
    }
}

#[test]
fn good_passphrases_pass() {
    for password in ["violet tractor umbrella", "Tr4in-sk1es-m3lt!", "ökonomie kaffeetasse"] {
        assert_eq!(weakness(password), None, "{password}");
    }
}

#[test]
fn length_is_counted_in_characters_between_12_and_128() {
    assert_eq!(weakness("short phrase"), None);
    assert_eq!(weakness("short phras"), Some(Weakness::TooShort));
    assert_eq!(weakness("ééééé ààààà"), Some(Weakness::TooShort), "11 characters, 22 bytes");
    let varied: String = (0..128).map(|i| char::from(b'a' + (i * 7 % 26) as u8)).collect::<String>();
    assert_eq!(weakness(&format!("{}Q", &varied[..127])), None);
    assert_eq!(weakness(&format!("{varied}x")), Some(Weakness::TooLong));
}

#[test]
fn common_passwords_are_refused_with_decorations() {
    for password in
        ["qwerty123456", "1q2w3e4r5t6y", "Password2024!!", "P@ssw0rd123456", "!!sunshine1234", "football123456"]
    {
        assert_eq!(weakness(password), Some(Weakness::Common), "{password}");
    }
}

#[test]
fn repetitive_and_sequential_passwords_are_refused() {
    for password in ["aaaaaaaaaaaa", "abcabcabcabc", "abcdefghijklm", "9876543210987", "monkeymonkeymonkey"] {
        assert_eq!(weakness(password), Some(Weakness::Repetitive), "{password}");
    }
}

#[test]
fn the_username_and_email_local_part_are_refused() {
    assert_eq!(weakness("my name is AnnLee ok"), Some(Weakness::ContainsAccountName));
    assert_eq!(weakness("ann.lee rocks the phone"), Some(Weakness::ContainsAccountName));
    let short_names = AccountNames { username: "al", email: "al@example.com" };
    assert_eq!(check_strength("totally alright here", &short_names), Ok(()));
}
