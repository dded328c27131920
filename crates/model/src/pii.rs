//! Personal data in logs (ARCHITECTURE.md "Logs"; issue 3): phone numbers,
//! SIP URIs, e-mail and IP addresses and names are CPNI or personal data, and
//! logs are copied, shipped and kept far more loosely than the database, so
//! they never hold them in the clear (47 CFR 64.2010(a): reasonable measures
//! against unauthorized disclosure of CPNI).
//!
//! A value that may reach a log is wrapped in [`Pii`]; its `Display` and
//! `Debug` print a redaction: `***` and the last four digits for a phone
//! number ([`Pii::number`], only when it has more than six digits, so short
//! extension numbers show nothing), `<redacted>` for anything else
//! ([`Pii::new`]). The operator may turn redaction off process-wide for
//! local debugging (`[log] pii = "show"`, [`show_pii`]).

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether [`Pii`] values print in the clear; off unless [`show_pii`] says so.
static SHOWN: AtomicBool = AtomicBool::new(false);

/// Digits of a phone number left visible when redacted.
const VISIBLE_DIGITS: usize = 4;
/// Numbers with at most this many digits show none.
const MIN_DIGITS_TO_SHOW_ANY: usize = 6;

/// Turns printing personal data in the clear on (`true`) or off, for the
/// whole process. Only for local debugging.
pub fn show_pii(shown: bool) {
    SHOWN.store(shown, Ordering::Relaxed);
}

/// Whether personal data prints in the clear.
pub fn pii_shown() -> bool {
    SHOWN.load(Ordering::Relaxed)
}

/// How a value is redacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A phone number: the last digits stay visible.
    Number,
    /// Anything else: nothing stays visible.
    Other,
}

/// A personal value on its way to a log: prints redacted unless
/// [`show_pii`] turned redaction off.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Pii<T> {
    value: T,
    kind: Kind,
}

impl<T> Pii<T> {
    /// A personal value (an address, a name, a URI): prints `<redacted>`.
    pub const fn new(value: T) -> Self {
        Self { value, kind: Kind::Other }
    }

    /// A phone number: prints `***` and its last four digits.
    pub const fn number(value: T) -> Self {
        Self { value, kind: Kind::Number }
    }

    /// The value itself.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T: fmt::Display> Pii<T> {
    fn redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            Kind::Other => f.write_str("<redacted>"),
            Kind::Number => f.write_str(&redact_number(&self.value.to_string())),
        }
    }
}

impl<T: fmt::Display> fmt::Display for Pii<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if pii_shown() { fmt::Display::fmt(&self.value, f) } else { self.redacted(f) }
    }
}

impl<T: fmt::Display + fmt::Debug> fmt::Debug for Pii<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if pii_shown() { fmt::Debug::fmt(&self.value, f) } else { self.redacted(f) }
    }
}

/// `***` and the last digits of `number`, or `***` alone if it is short.
fn redact_number(number: &str) -> String {
    let digits: Vec<char> = number.chars().filter(char::is_ascii_digit).collect();
    if digits.len() <= MIN_DIGITS_TO_SHOW_ANY {
        return "***".to_owned();
    }
    let last: String = digits[digits.len() - VISIBLE_DIGITS..].iter().collect();
    format!("***{last}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One test touches the process-wide switch, so tests cannot race on it.
    #[test]
    fn values_print_redacted_unless_shown() {
        let number = Pii::number("+1 (202) 555-0143");
        let address = Pii::new(std::net::Ipv4Addr::new(192, 0, 2, 7));
        assert_eq!(number.to_string(), "***0143");
        assert_eq!(format!("{number:?}"), "***0143");
        assert_eq!(format!("{address} {address:?}"), "<redacted> <redacted>");
        assert_eq!(Pii::number("1001").to_string(), "***", "an extension shows nothing");

        show_pii(true);
        let shown = (number.to_string(), format!("{address:?}"));
        show_pii(false);

        assert_eq!(shown, ("+1 (202) 555-0143".to_owned(), "192.0.2.7".to_owned()));
        assert_eq!(number.to_string(), "***0143");
    }
}
