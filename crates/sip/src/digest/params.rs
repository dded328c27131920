//! The `auth-param` list shared by challenges and credentials
//! (RFC 7235 §2.1, RFC 3261 §25.1 `digest-cln`).
//!
//! Parsing is tolerant where clients differ in practice: names in any case,
//! parameters in any order, values quoted or not, linear white space and empty
//! list elements anywhere. It is strict where ambiguity would be unsafe: a
//! parameter the caller reads may not appear twice, quotes must close, and
//! every element must be `name=value`.

use std::fmt;

use super::DigestError;

/// One `name=value` pair; the name is lower-cased, the value unquoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Param {
    pub(crate) name: String,
    pub(crate) value: String,
}

/// Strips the `Digest` scheme and returns the parameter list after it.
pub(crate) fn strip_scheme(header: &str) -> Result<&str, DigestError> {
    let header = header.trim_start_matches(is_lws);
    let (scheme, rest) = header.split_at(header.find(is_lws).unwrap_or(header.len()));
    if !scheme.eq_ignore_ascii_case("Digest") {
        return Err(DigestError::NotDigest);
    }
    Ok(rest)
}

/// Parses a comma-separated `auth-param` list.
pub(crate) fn parse(list: &str) -> Result<Vec<Param>, DigestError> {
    let mut cursor = Cursor { text: list, pos: 0 };
    let mut params = Vec::new();
    loop {
        cursor.skip(|c| is_lws(c) || c == ',');
        if cursor.at_end() {
            return Ok(params);
        }
        params.push(cursor.param()?);
        cursor.skip(is_lws);
        if !cursor.at_end() && !cursor.eat(',') {
            return Err(cursor.error());
        }
    }
}

/// The value of `name`, refusing duplicates.
pub(crate) fn get<'a>(params: &'a [Param], name: &'static str) -> Result<Option<&'a str>, DigestError> {
    let mut found = params.iter().filter(|p| p.name == name);
    match (found.next(), found.next()) {
        (Some(_), Some(_)) => Err(DigestError::DuplicateParam(name)),
        (first, _) => Ok(first.map(|p| p.value.as_str())),
    }
}

/// The value of a required parameter.
pub(crate) fn require<'a>(params: &'a [Param], name: &'static str) -> Result<&'a str, DigestError> {
    get(params, name)?.ok_or(DigestError::MissingParam(name))
}

/// Parses a `true`/`false` flag (`stale`, `userhash`), quoted or not.
pub(crate) fn flag(params: &[Param], name: &'static str) -> Result<bool, DigestError> {
    match get(params, name)? {
        None => Ok(false),
        Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
        Some(_) => Err(DigestError::BadParam(name)),
    }
}

fn is_lws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_token(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl Cursor<'_> {
    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    fn error(&self) -> DigestError {
        DigestError::Syntax { at: self.pos }
    }

    fn skip(&mut self, while_: impl Fn(char) -> bool) -> &str {
        let start = self.pos;
        let len = self.rest().find(|c| !while_(c)).unwrap_or(self.rest().len());
        self.pos += len;
        &self.text[start..self.pos]
    }

    fn eat(&mut self, expected: char) -> bool {
        let found = self.rest().starts_with(expected);
        if found {
            self.pos += expected.len_utf8();
        }
        found
    }

    fn param(&mut self) -> Result<Param, DigestError> {
        let name = self.skip(is_token).to_ascii_lowercase();
        self.skip(is_lws);
        if name.is_empty() || !self.eat('=') {
            return Err(self.error());
        }
        self.skip(is_lws);
        let value = if self.eat('"') { self.quoted()? } else { self.bare()? };
        Ok(Param { name, value })
    }

    /// An unquoted value: a token, or token68-like text such as a base64 nonce.
    fn bare(&mut self) -> Result<String, DigestError> {
        let value = self.skip(|c| !is_lws(c) && c != ',' && c != '"');
        if value.is_empty() {
            return Err(self.error());
        }
        Ok(value.to_owned())
    }

    /// The rest of a quoted-string after its opening quote (RFC 3261 §25.1).
    fn quoted(&mut self) -> Result<String, DigestError> {
        let mut value = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((at, c)) = chars.next() {
            match c {
                '"' => {
                    self.pos += at + 1;
                    return Ok(value);
                }
                '\\' => value.push(chars.next().ok_or_else(|| self.error())?.1),
                c => value.push(c),
            }
        }
        Err(DigestError::Syntax { at: self.text.len() })
    }
}

/// Writes `name=value` pairs separated by `", "`.
pub(crate) struct Writer<'a, 'b> {
    f: &'a mut fmt::Formatter<'b>,
    first: bool,
}

impl<'a, 'b> Writer<'a, 'b> {
    /// Starts a header value with its scheme.
    pub(crate) fn digest(f: &'a mut fmt::Formatter<'b>) -> Result<Self, fmt::Error> {
        f.write_str("Digest ")?;
        Ok(Self { f, first: true })
    }

    fn name(&mut self, name: &str) -> fmt::Result {
        if !self.first {
            self.f.write_str(", ")?;
        }
        self.first = false;
        write!(self.f, "{name}=")
    }

    /// `name="value"` with `"` and `\` escaped.
    pub(crate) fn quoted(&mut self, name: &str, value: &str) -> fmt::Result {
        self.name(name)?;
        self.f.write_str("\"")?;
        for c in value.chars() {
            if c == '"' || c == '\\' {
                self.f.write_str("\\")?;
            }
            write!(self.f, "{c}")?;
        }
        self.f.write_str("\"")
    }

    /// `name=value`, for tokens that RFC 7616 §3.4 says must not be quoted.
    pub(crate) fn token(&mut self, name: &str, value: impl fmt::Display) -> fmt::Result {
        self.name(name)?;
        write!(self.f, "{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &str) -> Vec<(String, String)> {
        parse(list).unwrap().into_iter().map(|p| (p.name, p.value)).collect()
    }

    #[test]
    fn accepts_mixed_quoting_case_and_white_space() {
        let got = pairs(" Realm = \"a, b\" ,,\r\n\tNONCE=x/y+z==,qop=\"auth\\\"x\" ");
        assert_eq!(
            got,
            [("realm".into(), "a, b".into()), ("nonce".into(), "x/y+z==".into()), ("qop".into(), "auth\"x".into()),]
        );
    }

    #[test]
    fn refuses_broken_lists() {
        for bad in ["realm", "realm=", "=x", "realm=\"open", "a=b c=d", "a=\"x\\", "a=b\"c\""] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn duplicates_are_refused_only_when_read() {
        let params = parse("realm=a, realm=b, x=1, x=2").unwrap();
        assert_eq!(get(&params, "realm"), Err(DigestError::DuplicateParam("realm")));
        assert_eq!(get(&params, "nonce"), Ok(None));
    }

    #[test]
    fn scheme_is_case_insensitive_and_must_be_digest() {
        assert_eq!(strip_scheme("dIgEsT realm=x"), Ok(" realm=x"));
        assert_eq!(strip_scheme("Basic abc"), Err(DigestError::NotDigest));
        assert_eq!(strip_scheme("Digestrealm=x"), Err(DigestError::NotDigest));
    }
}
