//! Header parameters: `*( SEMI generic-param )` (RFC 3261 §7.3.1, §25.1
//! generic-param, gen-value).
//!
//! Names compare case-insensitively (§7.3.1). Values are kept as written: a
//! quoted-string value keeps its quotes, so printing reproduces it exactly.

use std::fmt;
use std::str::FromStr;

use super::scan::{is_token, is_wsp, quoted_len, skip_lws, take_token};
use crate::error::SyntaxError;

/// An ordered list of `;name[=value]` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    entries: Vec<(String, Option<String>)>,
}

impl Params {
    /// No parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// The parameter called `name`: `None` if absent, `Some(None)` if it has
    /// no value.
    pub fn get(&self, name: &str) -> Option<Option<&str>> {
        self.entries.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_deref())
    }

    /// Whether `name` is present, with or without a value.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets `name` to `value`, replacing it in place or appending it.
    pub fn set(&mut self, name: &str, value: Option<&str>) {
        let value = value.map(str::to_owned);
        match self.entries.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            Some(entry) => entry.1 = value,
            None => self.entries.push((name.to_owned(), value)),
        }
    }

    /// Removes `name`.
    pub fn remove(&mut self, name: &str) {
        self.entries.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    /// Every parameter in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.entries.iter().map(|(n, v)| (n.as_str(), v.as_deref()))
    }

    /// The number of parameters.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl FromStr for Params {
    type Err = SyntaxError;

    /// Parses `;a=1 ; b ;c="x y"`; LWS may surround `;` and `=`. The input
    /// must be empty or start with `;` (after LWS).
    fn from_str(s: &str) -> Result<Self, SyntaxError> {
        let mut params = Self::new();
        let mut rest = skip_lws(s);
        while let Some(after) = rest.strip_prefix(';') {
            let (name, value, tail) = one_param(skip_lws(after))?;
            params.entries.push((name.to_owned(), value.map(str::to_owned)));
            rest = skip_lws(tail);
        }
        match rest {
            "" => Ok(params),
            _ => Err(SyntaxError::Trailing),
        }
    }
}

/// Reads `name [= value]` and returns the rest.
fn one_param(s: &str) -> Result<(&str, Option<&str>, &str), SyntaxError> {
    let (name, rest) = take_token(s);
    if !is_token(name) {
        return Err(SyntaxError::Param);
    }
    match skip_lws(rest).strip_prefix('=') {
        Some(after) => {
            let (value, tail) = take_value(skip_lws(after))?;
            Ok((name, Some(value), tail))
        }
        None => Ok((name, None, rest)),
    }
}

/// Reads a gen-value: a quoted-string or a token/host (IPv6 included).
fn take_value(s: &str) -> Result<(&str, &str), SyntaxError> {
    let end = if s.starts_with('"') {
        quoted_len(s)?
    } else {
        s.find(|c: char| c == ';' || c == ',' || is_wsp(c) || !is_value_char(c)).unwrap_or(s.len())
    };
    match end {
        0 => Err(SyntaxError::Param),
        _ => Ok(s.split_at(end)),
    }
}

/// Characters of an unquoted gen-value: token chars plus host punctuation.
fn is_value_char(c: char) -> bool {
    super::scan::is_token_char(c) || matches!(c, ':' | '[' | ']')
}

impl fmt::Display for Params {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, value) in &self.entries {
            match value {
                Some(value) => write!(f, ";{name}={value}")?,
                None => write!(f, ";{name}")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lws_around_separators() {
        let params: Params = " ;   tag    = 1918181833n ; lr".parse().unwrap();
        assert_eq!(params.get("TAG"), Some(Some("1918181833n")));
        assert_eq!(params.get("lr"), Some(None));
        assert_eq!(params.get("maddr"), None);
    }

    #[test]
    fn keeps_quoted_values_and_ipv6() {
        let params: Params = r#";p="a;b";received=2001:db8::9:1"#.parse().unwrap();
        assert_eq!(params.get("p"), Some(Some(r#""a;b""#)));
        assert_eq!(params.get("received"), Some(Some("2001:db8::9:1")));
    }

    #[test]
    fn rejects_empty_names_and_values() {
        assert_eq!(";;tag=1".parse::<Params>(), Err(SyntaxError::Param));
        assert_eq!(";tag=".parse::<Params>(), Err(SyntaxError::Param));
        assert_eq!(";a b".parse::<Params>(), Err(SyntaxError::Trailing));
    }

    #[test]
    fn prints_in_order_and_round_trips() {
        let mut params: Params = ";B=2;a".parse().unwrap();
        params.set("b", Some("3"));
        params.set("c", None);
        assert_eq!(params.to_string(), ";B=3;a;c");
        assert_eq!(params.to_string().parse::<Params>(), Ok(params));
    }
}
