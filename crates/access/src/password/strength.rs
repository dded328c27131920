//! The strength check for new passwords, after NIST SP 800-63B §5.1.1.2
//! (issue 5, item 1): at least [`MIN_LENGTH`] and at most [`MAX_LENGTH`]
//! characters, not a common or breached password (a bundled list: see
//! `data/README.md`), not repetitive or sequential, and not containing the
//! account's username or e-mail local part. No composition rules, as §5.1.1.2
//! advises.

use std::collections::HashSet;
use std::fmt;
use std::sync::OnceLock;

use crate::AccessError;

/// Fewest characters (Unicode scalar values) a password may have.
pub const MIN_LENGTH: usize = 12;
/// Most characters a password may have (bounds the hashing input).
pub const MAX_LENGTH: usize = 128;
/// Account names shorter than this are not searched for in passwords.
const MIN_NAME_LENGTH: usize = 3;
/// A stripped core shorter than this is not looked up in the list.
const MIN_CORE_LENGTH: usize = 4;

static COMMON_LIST: &str = include_str!("../../data/common-passwords.txt");

/// Why a password was refused. It never carries the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Weakness {
    /// Shorter than [`MIN_LENGTH`].
    TooShort,
    /// Longer than [`MAX_LENGTH`].
    TooLong,
    /// On the common-password list, alone or with digits, symbols or look-alike characters around it.
    Common,
    /// One short pattern repeated, or a run like `abcdef…` or `98765…`.
    Repetitive,
    /// Contains the account's username or e-mail local part.
    ContainsAccountName,
}

impl fmt::Display for Weakness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Weakness::TooShort => "shorter than 12 characters",
            Weakness::TooLong => "longer than 128 characters",
            Weakness::Common => "a commonly used password",
            Weakness::Repetitive => "repetitive or sequential",
            Weakness::ContainsAccountName => "contains the account name",
        })
    }
}

/// The names of the account a password is for.
#[derive(Debug, Clone, Copy)]
pub struct AccountNames<'a> {
    /// The sign-in name.
    pub username: &'a str,
    /// The e-mail address; its local part (before `@`) is checked.
    pub email: &'a str,
}

/// Refuses a new password that is too short, too long, common, repetitive or
/// contains the account's names.
pub fn check_strength(password: &str, account: &AccountNames<'_>) -> Result<(), AccessError> {
    weakness(password, account).map_or(Ok(()), |weakness| Err(AccessError::WeakPassword(weakness)))
}

fn weakness(password: &str, account: &AccountNames<'_>) -> Option<Weakness> {
    let length = password.chars().count();
    let lower = password.to_lowercase();
    if length < MIN_LENGTH {
        Some(Weakness::TooShort)
    } else if length > MAX_LENGTH {
        Some(Weakness::TooLong)
    } else if contains_account_name(&lower, account) {
        Some(Weakness::ContainsAccountName)
    } else if is_repetitive(&lower) || is_sequential(&lower) {
        Some(Weakness::Repetitive)
    } else if is_common(&lower) {
        Some(Weakness::Common)
    } else {
        None
    }
}

fn contains_account_name(lower: &str, account: &AccountNames<'_>) -> bool {
    let local_part = account.email.split('@').next().unwrap_or_default();
    [account.username, local_part]
        .iter()
        .map(|name| name.trim().to_lowercase())
        .any(|name| name.chars().count() >= MIN_NAME_LENGTH && lower.contains(&name))
}

/// The whole password is one unit said twice or more (`monkeymonkey`, `abcabcabcabc`).
fn is_repetitive(lower: &str) -> bool {
    let chars: Vec<char> = lower.chars().collect();
    (1..=chars.len() / 2)
        .filter(|unit| chars.len().is_multiple_of(*unit))
        .any(|unit| chars.chunks(unit).all(|chunk| chunk == &chars[..unit]))
}

/// Every character is the previous one plus one, or every one minus one (digits wrap).
fn is_sequential(lower: &str) -> bool {
    let steps: Vec<i64> = lower.chars().collect::<Vec<_>>().windows(2).map(|pair| step(pair[0], pair[1])).collect();
    steps.iter().all(|&s| s == 1) || steps.iter().all(|&s| s == -1)
}

fn step(from: char, to: char) -> i64 {
    match (from, to) {
        ('9', '0') => 1,
        ('0', '9') => -1,
        _ => i64::from(u32::from(to)) - i64::from(u32::from(from)),
    }
}

fn is_common(lower: &str) -> bool {
    let list = common_list();
    let core = lower.trim_matches(|c: char| !c.is_alphabetic());
    let core_known =
        core.chars().count() >= MIN_CORE_LENGTH && (list.contains(core) || list.contains(unswap(core).as_str()));
    list.contains(lower) || list.contains(unswap(lower).as_str()) || core_known
}

/// Undoes the usual look-alike swaps: `p@ssw0rd` → `password`.
fn unswap(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '@' | '4' => 'a',
            '8' => 'b',
            '3' => 'e',
            '9' => 'g',
            '1' | '!' => 'i',
            '0' => 'o',
            '5' | '$' => 's',
            '7' => 't',
            other => other,
        })
        .collect()
}

fn common_list() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| COMMON_LIST.lines().map(str::trim).filter(|line| !line.is_empty()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_loaded_whole() {
        assert_eq!(common_list().len(), 19_640);
    }

    #[test]
    fn sequences_and_repeats_are_recognised() {
        assert!(is_sequential("abcdefghijkl"));
        assert!(is_sequential("098765432109"));
        assert!(!is_sequential("abcdefghijkm"));
        assert!(is_repetitive("abcabcabcabc"));
        assert!(!is_repetitive("abcabcabcabd"));
    }

    #[test]
    fn look_alikes_are_undone() {
        assert_eq!(unswap("p@ssw0rd"), "password");
    }
}
