//! Dialled numbers to E.164 (ITU-T E.164 §6; the North American Numbering
//! Plan for country code 1), and the emergency numbers (47 CFR §9.3: 911;
//! 933 is the carriers' 911 test number) that always go to a trunk as
//! dialled.
//!
//! NANP: ten digits → `+1…`, `1` + ten digits → `+1…`, `011` + digits →
//! `+…`; elsewhere the country's international prefix → `+…` and its trunk
//! prefix `0` → `+<code>…`. A leading `+` is kept. Visual separators
//! (RFC 3966 §5.1.1: `-`, `.`, `(`, `)`) are ignored.

/// The dialling habits of a country.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// The country calling code, without `+`.
    pub calling_code: &'static str,
    /// The prefix dialled before an international number.
    pub international_prefix: &'static str,
    /// The prefix of national numbers (`0`), if any.
    pub trunk_prefix: Option<&'static str>,
}

impl Default for Country {
    fn default() -> Self {
        Self::US
    }
}

impl Country {
    /// The United States (NANP).
    pub const US: Self = Self { calling_code: "1", international_prefix: "011", trunk_prefix: None };

    /// `number` as dialled here, in E.164 form, if it is one.
    pub fn normalise(self, number: &str) -> Option<String> {
        normalise(number, self)
    }

    /// The country of an ISO 3166-1 alpha-2 code, for the few supported.
    pub fn from_iso(code: &str) -> Option<Self> {
        let (calling_code, international_prefix, trunk_prefix) = match code.to_ascii_uppercase().as_str() {
            "US" | "CA" | "PR" => return Some(Self::US),
            "GB" => ("44", "00", Some("0")),
            "DE" => ("49", "00", Some("0")),
            "FR" => ("33", "00", Some("0")),
            "AU" => ("61", "0011", Some("0")),
            _ => return None,
        };
        Some(Self { calling_code, international_prefix, trunk_prefix })
    }
}

/// Whether `number` is an emergency number.
pub(crate) fn is_emergency(number: &str) -> bool {
    matches!(number, "911" | "933")
}

/// `number` in E.164 form (`+` and 8 to 15 digits), if it is one.
pub(crate) fn normalise(number: &str, country: Country) -> Option<String> {
    let cleaned: String = number.chars().filter(|c| !matches!(c, '-' | '.' | '(' | ')' | ' ')).collect();
    let (plus, digits) = match cleaned.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, cleaned.as_str()),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let international = if plus { Some(digits.to_owned()) } else { national(digits, country) };
    international.filter(|n| (8..=15).contains(&n.len()) && !n.starts_with('0')).map(|n| format!("+{n}"))
}

/// The international form (without `+`) of a number dialled without `+`.
fn national(digits: &str, country: Country) -> Option<String> {
    if let Some(rest) = digits.strip_prefix(country.international_prefix) {
        return Some(rest.to_owned());
    }
    if country == Country::US {
        return nanp(digits);
    }
    let trunk = country.trunk_prefix?;
    digits.strip_prefix(trunk).map(|rest| format!("{}{rest}", country.calling_code))
}

/// NANP: NXX-NXX-XXXX, optionally with the leading 1.
fn nanp(digits: &str) -> Option<String> {
    let ten = match digits.len() {
        10 => digits,
        11 => digits.strip_prefix('1')?,
        _ => return None,
    };
    let valid = |d: u8| (b'2'..=b'9').contains(&d);
    (valid(ten.as_bytes()[0]) && valid(ten.as_bytes()[3])).then(|| format!("1{ten}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn us(number: &str) -> Option<String> {
        normalise(number, Country::US)
    }

    #[test]
    fn nanp_forms_become_plus_one() {
        assert_eq!(us("2125551234").as_deref(), Some("+12125551234"));
        assert_eq!(us("12125551234").as_deref(), Some("+12125551234"));
        assert_eq!(us("(212) 555-1234").as_deref(), Some("+12125551234"));
        assert_eq!(us("+12125551234").as_deref(), Some("+12125551234"));
    }

    #[test]
    fn international_prefix_becomes_plus() {
        assert_eq!(us("011442071234567").as_deref(), Some("+442071234567"));
        let gb = Country::from_iso("GB").unwrap();
        assert_eq!(normalise("0012125551234", gb).as_deref(), Some("+12125551234"));
        assert_eq!(normalise("02071234567", gb).as_deref(), Some("+442071234567"));
    }

    #[test]
    fn short_and_invalid_numbers_are_not_e164() {
        assert_eq!(us("100"), None);
        assert_eq!(us("0125551234"), None, "NANP area codes start 2-9");
        assert_eq!(us("1212555123"), None);
        assert_eq!(us("+1abc"), None);
        assert_eq!(us("911"), None);
    }

    #[test]
    fn only_911_and_933_are_emergency() {
        assert!(is_emergency("911") && is_emergency("933"));
        assert!(!is_emergency("9911") && !is_emergency("112"));
    }
}
