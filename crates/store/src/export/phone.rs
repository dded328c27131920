//! Shape-preserving pseudonyms for telephone numbers (issue 3 item 4).
//!
//! - NANP (`+1` and ten digits, ITU-T E.164 country code 1): `+1 NPA 555
//!   01XX`, the exchange and lines NANPA reserves for fiction (ATIS-0300115
//!   §5: 555-0100 through 555-0199 in every area code), with a valid-looking
//!   area code (first digit 2–9, never N11), so numbers look real and can
//!   never reach anyone.
//! - Other E.164 numbers: the country code kept (its length from the ITU-T
//!   E.164 code ranges), every later digit replaced, the length kept.
//! - Other all-digit strings (dialled short or national numbers): digits of
//!   the same length.
//! - Anything else (a SIP user such as `anonymous`, a URI): `party-<hex>`.
//!
//! The digits come from an HMAC digest made by the caller, so the mapping
//! is keyed; collisions are the caller's to retry (`pseudonym`).

/// E.164 country codes of two digits; 1 and 7 are the only one-digit codes
/// and all others have three (ITU-T E.164 Annex to OB 1096).
const TWO_DIGIT_CODES: [&str; 44] = [
    "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49", "51",
    "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66", "81", "82", "84", "86", "90",
    "91", "92", "93", "94", "95", "98",
];

/// The pseudonym of `number` made from `digest`'s bytes.
pub(super) fn pseudonym(number: &str, digest: &[u8; 32]) -> String {
    let digits = number.strip_prefix('+').filter(|rest| all_digits(rest));
    match digits {
        Some(rest) if rest.len() == 11 && rest.starts_with('1') => nanp(digest),
        Some(rest) => {
            let kept = country_code_len(rest).min(rest.len());
            format!("+{}{}", &rest[..kept], digits_from(digest, rest.len() - kept))
        }
        None if all_digits(number) => digits_from(digest, number.len()),
        None => format!("party-{}", hex::encode(&digest[..6])),
    }
}

/// `+1 NPA 555 01XX` with the area code and line from `digest`.
fn nanp(digest: &[u8; 32]) -> String {
    let first = 2 + digest[0] % 8;
    let second = digest[1] % 10;
    let mut third = digest[2] % 10;
    if second == 1 && third == 1 {
        third = 0; // N11 codes are service codes, not area codes
    }
    format!("+1{first}{second}{third}55501{:02}", digest[3] % 100)
}

/// How many of `digits` (an E.164 number without `+`) are its country code.
fn country_code_len(digits: &str) -> usize {
    match digits.as_bytes().first() {
        Some(b'1' | b'7') => 1,
        _ if TWO_DIGIT_CODES.iter().any(|code| digits.starts_with(code)) => 2,
        _ => 3,
    }
}

/// `len` decimal digits drawn from `digest` (cycled with the position mixed
/// in for numbers longer than the digest).
fn digits_from(digest: &[u8; 32], len: usize) -> String {
    (0..len).map(|i| char::from(b'0' + (digest[i % 32] ^ (i / 32) as u8) % 10)).collect()
}

fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(seed: u8) -> [u8; 32] {
        std::array::from_fn(|i| seed.wrapping_mul(31).wrapping_add(i as u8 * 7))
    }

    #[test]
    fn nanp_numbers_land_in_the_fictional_555_01xx_lines() {
        for seed in 0..=255 {
            let fake = pseudonym("+12125551234", &digest(seed));
            assert_eq!(fake.len(), 12, "{fake}");
            assert_eq!(&fake[5..10], "55501", "{fake}");
            assert!(matches!(fake.as_bytes()[2], b'2'..=b'9'), "{fake}");
            assert_ne!(&fake[3..5], "11", "{fake}");
        }
    }

    #[test]
    fn other_e164_numbers_keep_country_code_and_length() {
        let fake = pseudonym("+442079460958", &digest(3));
        assert!(fake.starts_with("+44") && fake.len() == 13, "{fake}");
        let fake = pseudonym("+35318500000", &digest(3));
        assert!(fake.starts_with("+353") && fake.len() == 12, "{fake}");
        let fake = pseudonym("+79161234567", &digest(3));
        assert!(fake.starts_with("+7") && fake.len() == 12 && fake[1..].bytes().all(|b| b.is_ascii_digit()));
    }

    #[test]
    fn digits_stay_digits_and_names_become_parties() {
        let fake = pseudonym("0114930901820", &digest(9));
        assert!(fake.len() == 13 && fake.bytes().all(|b| b.is_ascii_digit()), "{fake}");
        assert!(pseudonym("anonymous", &digest(9)).starts_with("party-"));
    }
}
