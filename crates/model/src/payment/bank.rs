//! Bank account numbers in free text, for the guard (issue 3 item 5).
//!
//! A bare account number is just digits, indistinguishable from any other
//! number, so only account numbers that carry their own evidence are found:
//!
//! - **IBAN** (ISO 13616-1:2020 §5): a country code, two check digits and the
//!   national account number (BBAN), written compact or in groups of four
//!   (the "paper format"). It is found when the country is in the SWIFT IBAN
//!   Registry (the ISO 13616 registration authority), the string has exactly
//!   that country's length, starts and ends at word boundaries, and the
//!   ISO 7064 MOD 97-10 check gives 1. Letters may be in either case. A random
//!   string passes the check one time in 97 and must first have the shape.
//! - **US bank account**: a routing transit number (9 digits; first two in
//!   00–12, 21–32, 61–72 or 80, Federal Reserve/ABA routing number policy;
//!   check digit with weights 3, 7, 1 so that the weighted sum is a multiple
//!   of 10) together with another number of 4 to 17 digits in the same text
//!   (17 is the width of the DFI account number field of a NACHA entry
//!   detail record). A routing number alone names a bank, not an account,
//!   and is public, so it passes. Phone numbers written internationally do
//!   not count as the account number.

use super::digits::DigitRun;

/// ISO 13616 IBAN length per country code (SWIFT IBAN Registry).
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BI", 27),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DJ", 27),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FK", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("LY", 25),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MN", 20),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NI", 28),
    ("NL", 18),
    ("NO", 15),
    ("OM", 23),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("RU", 33),
    ("SA", 24),
    ("SC", 31),
    ("SD", 18),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("SO", 23),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
    ("YE", 30),
];

/// Digits of a routing transit number.
const ROUTING_DIGITS: usize = 9;
/// Fewest digits counted as an account number beside a routing number.
const ACCOUNT_MIN_DIGITS: usize = 4;
/// Most digits of a US account number (NACHA DFI account number field).
const ACCOUNT_MAX_DIGITS: usize = 17;

/// Whether `text` holds a valid IBAN, compact or in groups.
pub(super) fn has_iban(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len()).any(|start| starts_word(&chars, start) && iban_at(&chars, start))
}

fn starts_word(chars: &[char], at: usize) -> bool {
    at == 0 || !chars[at - 1].is_alphanumeric()
}

/// Whether a valid IBAN starts at `start`.
fn iban_at(chars: &[char], start: usize) -> bool {
    let Some(length) = iban_length(chars, start) else {
        return false;
    };
    let Some(compact) = read_compact(chars, start, length) else {
        return false;
    };
    compact[2..4].iter().all(char::is_ascii_digit) && mod97(&compact) == 1
}

/// The registered IBAN length of the country code at `start`.
fn iban_length(chars: &[char], start: usize) -> Option<usize> {
    let code: String = chars.get(start..start + 2)?.iter().map(char::to_ascii_uppercase).collect();
    IBAN_LENGTHS.iter().find(|&&(country, _)| country == code).map(|&(_, length)| length)
}

/// `length` letters and digits from `start`, upper-cased, skipping single
/// spaces between groups; `None` unless exactly that many end a word there.
fn read_compact(chars: &[char], start: usize, length: usize) -> Option<Vec<char>> {
    let mut compact = Vec::with_capacity(length);
    let mut at = start;
    while compact.len() < length {
        let c = *chars.get(at)?;
        let next_is_alphanumeric = chars.get(at + 1).is_some_and(char::is_ascii_alphanumeric);
        if c.is_ascii_alphanumeric() {
            compact.push(c.to_ascii_uppercase());
        } else if c != ' ' || !next_is_alphanumeric {
            return None;
        }
        at += 1;
    }
    chars.get(at).is_none_or(|c| !c.is_alphanumeric()).then_some(compact)
}

/// ISO 7064 MOD 97-10 over the IBAN rearranged (ISO 13616-1 Annex A):
/// the first four characters moved to the end, letters as 10–35.
fn mod97(compact: &[char]) -> u32 {
    let rearranged = compact[4..].iter().chain(&compact[..4]);
    rearranged.fold(0, |remainder, c| {
        let value = c.to_digit(36).unwrap_or(0);
        let shift = if value < 10 { 10 } else { 100 };
        (remainder * shift + value) % 97
    })
}

/// Whether `runs` hold a routing number and, elsewhere, an account number.
pub(super) fn has_us_bank_account(runs: &[DigitRun]) -> bool {
    let numbers: Vec<&[u8]> = runs
        .iter()
        .filter(|run| !run.is_international_phone())
        .flat_map(|run| run.groups.iter().map(Vec::as_slice))
        .collect();
    numbers.iter().enumerate().any(|(i, number)| {
        is_routing_number(number) && numbers.iter().enumerate().any(|(j, other)| j != i && is_account_sized(other))
    })
}

fn is_account_sized(digits: &[u8]) -> bool {
    (ACCOUNT_MIN_DIGITS..=ACCOUNT_MAX_DIGITS).contains(&digits.len())
}

/// A routing transit number: 9 digits, a Federal Reserve prefix, and the
/// 3-7-1 weighted sum a multiple of 10.
pub(super) fn is_routing_number(digits: &[u8]) -> bool {
    if digits.len() != ROUTING_DIGITS || digits.iter().all(|&d| d == 0) {
        return false;
    }
    let prefix = digits[0] * 10 + digits[1];
    let assigned = matches!(prefix, 0..=12 | 21..=32 | 61..=72 | 80);
    let weighted: u32 = digits.iter().zip([3, 7, 1].iter().cycle()).map(|(&d, &w)| u32::from(d) * w).sum();
    assigned && weighted.is_multiple_of(10)
}
