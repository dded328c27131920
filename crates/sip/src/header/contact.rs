//! The Contact header (RFC 3261 §20.10, §10.2.2 for `*`).
//!
//! `Contact: *` removes every binding in a REGISTER; otherwise the header is
//! a comma-separated list of name-addrs with `expires` and `q` parameters.

use std::fmt;
use std::str::FromStr;

use super::NameAddr;
use super::scan::{split_top_level, trim_lws};
use crate::error::SyntaxError;

/// The value(s) of the Contact header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contact {
    /// `*`: all bindings (§10.2.2).
    Star,
    /// One or more addresses.
    Addresses(Vec<NameAddr>),
}

impl Contact {
    /// Builds the header from the stored values (one per address).
    pub(crate) fn from_values<'a>(values: impl Iterator<Item = &'a str>) -> Result<Self, SyntaxError> {
        let values: Vec<&str> = values.map(trim_lws).collect();
        if values.contains(&"*") {
            return match values.len() {
                1 => Ok(Contact::Star),
                _ => Err(SyntaxError::Star),
            };
        }
        let addresses = values.into_iter().map(str::parse).collect::<Result<_, _>>()?;
        Ok(Contact::Addresses(addresses))
    }
}

impl FromStr for Contact {
    type Err = SyntaxError;

    /// Parses one header line's value, which may list several addresses.
    fn from_str(s: &str) -> Result<Self, SyntaxError> {
        Self::from_values(split_top_level(s, b',').into_iter())
    }
}

impl fmt::Display for Contact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Contact::Addresses(addresses) = self else {
            return f.write_str("*");
        };
        for (at, address) in addresses.iter().enumerate() {
            if at > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{address}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_star_and_lists() {
        assert_eq!(" * ".parse::<Contact>(), Ok(Contact::Star));
        let Ok(Contact::Addresses(list)) =
            r#""Quoted string \"\"" <sip:jdrosen@example.com> ; newparam = newvalue ; secondparam ; q = 0.33, sip:b@c;expires=5"#
                .parse::<Contact>()
        else {
            panic!("expected addresses");
        };
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].display_name.as_deref(), Some(r#"Quoted string """#));
        assert_eq!(list[0].q(), Some(0.33));
        assert_eq!(list[1].expires(), Some(5));
    }

    #[test]
    fn star_must_stand_alone() {
        assert_eq!("*, <sip:a@b>".parse::<Contact>(), Err(SyntaxError::Star));
        assert_eq!("".parse::<Contact>(), Err(SyntaxError::Empty));
    }

    #[test]
    fn prints_and_round_trips() {
        let contact: Contact = "<sip:a@b>;expires=60, \"B\" <sip:b@c>".parse().unwrap();
        let printed = contact.to_string();
        assert_eq!(printed, "<sip:a@b>;expires=60, \"B\" <sip:b@c>");
        assert_eq!(printed.parse::<Contact>(), Ok(contact));
        assert_eq!(Contact::Star.to_string(), "*");
    }
}
