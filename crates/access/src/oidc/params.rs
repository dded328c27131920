//! Request parameters as decoded name/value pairs (RFC 6749 §3.1–3.2):
//! each may appear at most once, and one sent with an empty value counts
//! as omitted.

/// Longest value accepted for any parameter: bounds what is stored and echoed.
pub(crate) const MAX_VALUE_LEN: usize = 2048;

/// Why a parameter could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParamProblem {
    /// It appears more than once.
    Repeated,
    /// Its value is longer than [`MAX_VALUE_LEN`].
    TooLong,
}

/// The value of `name`, `None` if absent or empty.
pub(crate) fn single<'a>(pairs: &'a [(String, String)], name: &str) -> Result<Option<&'a str>, ParamProblem> {
    let mut found = pairs.iter().filter(|(key, _)| key == name).map(|(_, value)| value.as_str());
    let first = found.next();
    if found.next().is_some() {
        return Err(ParamProblem::Repeated);
    }
    match first {
        Some(value) if value.len() > MAX_VALUE_LEN => Err(ParamProblem::TooLong),
        Some("") | None => Ok(None),
        Some(value) => Ok(Some(value)),
    }
}

/// The first parameter name that appears more than once.
pub(crate) fn first_repeated(pairs: &[(String, String)]) -> Option<&str> {
    pairs
        .iter()
        .enumerate()
        .find(|(i, (name, _))| pairs[..*i].iter().any(|(seen, _)| seen == name))
        .map(|(_, (n, _))| n.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn absent_empty_repeated_and_long_values() {
        let p = pairs(&[("a", "1"), ("b", ""), ("c", "x"), ("c", "y"), ("d", &"z".repeat(MAX_VALUE_LEN + 1))]);
        assert_eq!(single(&p, "a"), Ok(Some("1")));
        assert_eq!(single(&p, "b"), Ok(None));
        assert_eq!(single(&p, "missing"), Ok(None));
        assert_eq!(single(&p, "c"), Err(ParamProblem::Repeated));
        assert_eq!(single(&p, "d"), Err(ParamProblem::TooLong));
        assert_eq!(first_repeated(&p), Some("c"));
        assert_eq!(first_repeated(&pairs(&[("a", "1"), ("b", "2")])), None);
    }
}
