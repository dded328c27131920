//! Numbers as people type them in free text: runs of digit groups joined by
//! single spaces or dashes (`4111 1111 1111 1111`, `+44 20 7946 0958`,
//! `212-555-0100`), the raw material of the payment-number guard.

/// Most digits an E.164 number has, country code included
/// (ITU-T E.164 (11/2010) §6.1).
const E164_MAX_DIGITS: usize = 15;

/// A maximal run of digit groups joined by single separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DigitRun {
    /// Each group's digits (values 0–9), in order.
    pub(super) groups: Vec<Vec<u8>>,
    /// Whether a `+` stood right before the first digit.
    plus: bool,
}

impl DigitRun {
    /// How many digits the run has in all.
    pub(super) fn digit_count(&self) -> usize {
        self.groups.iter().map(Vec::len).sum()
    }

    /// Whether the run is written as an international phone number: a `+`
    /// (E.164 §12.2, E.123 §2.5) or an international call prefix (`00`, the
    /// ITU-T recommended one; `011`, NANP's) before at most 15 digits whose
    /// country code does not start with 0 (no E.164 country code does).
    pub(super) fn is_international_phone(&self) -> bool {
        let digits: Vec<u8> = self.groups.concat();
        let number = match (self.plus, digits.as_slice()) {
            (true, number) => number,
            (false, [0, 1, 1, number @ ..]) | (false, [0, 0, number @ ..]) => number,
            (false, _) => return false,
        };
        number.first().is_some_and(|&first| first != 0) && number.len() <= E164_MAX_DIGITS
    }
}

/// Every digit run of `text`, in order.
pub(super) fn digit_runs(text: &str) -> Vec<DigitRun> {
    let chars: Vec<char> = text.chars().collect();
    let mut runs = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        if digit(chars[at]).is_none() {
            at += 1;
            continue;
        }
        let plus = at > 0 && chars[at - 1] == '+';
        let (groups, end) = read_groups(&chars, at);
        runs.push(DigitRun { groups, plus });
        at = end;
    }
    runs
}

/// The digit groups starting at `start` (a digit) and the index after them.
fn read_groups(chars: &[char], start: usize) -> (Vec<Vec<u8>>, usize) {
    let mut groups = vec![Vec::new()];
    let mut at = start;
    while let Some(&c) = chars.get(at) {
        if let Some(value) = digit(c) {
            groups.last_mut().expect("never empty").push(value);
        } else if is_separator(c) && chars.get(at + 1).copied().and_then(digit).is_some() {
            groups.push(Vec::new());
        } else {
            break;
        }
        at += 1;
    }
    (groups, at)
}

/// A decimal digit's value: ASCII, or full-width as East Asian input
/// methods type them (U+FF10–U+FF19).
fn digit(c: char) -> Option<u8> {
    let value = match c {
        '0'..='9' => u32::from(c) - u32::from('0'),
        '\u{ff10}'..='\u{ff19}' => u32::from(c) - 0xff10,
        _ => return None,
    };
    u8::try_from(value).ok()
}

/// A single character people put between digit groups: a space (also
/// no-break) or a dash (hyphen-minus, Unicode hyphens, en dash).
fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '-' | '\u{2010}'..='\u{2013}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(text: &str) -> Vec<Vec<Vec<u8>>> {
        digit_runs(text).into_iter().map(|run| run.groups).collect()
    }

    #[test]
    fn single_spaces_and_dashes_join_groups_other_characters_split_runs() {
        assert_eq!(groups("a 12 3-4b"), vec![vec![vec![1, 2], vec![3], vec![4]]]);
        assert_eq!(groups("12  34"), vec![vec![vec![1, 2]], vec![vec![3, 4]]]);
        assert_eq!(groups("12/34.5"), vec![vec![vec![1, 2]], vec![vec![3, 4]], vec![vec![5]]]);
        assert_eq!(groups("1 - 2"), vec![vec![vec![1]], vec![vec![2]]]);
    }

    #[test]
    fn full_width_digits_count() {
        assert_eq!(groups("４１ ２"), vec![vec![vec![4, 1], vec![2]]]);
    }

    #[test]
    fn international_phones_are_recognized_by_plus_or_call_prefix() {
        let phone = |text: &str| digit_runs(text)[0].is_international_phone();
        assert!(phone("+44 20 7946 0958"));
        assert!(phone("0044 20 7946 0958"));
        assert!(phone("011 44 20 7946 0958"));
        assert!(!phone("44 20 7946 0958"));
        assert!(!phone("+0 123"), "no country code starts with 0");
        assert!(!phone("+4111 1111 1111 1111"), "16 digits is longer than any E.164 number");
    }
}
