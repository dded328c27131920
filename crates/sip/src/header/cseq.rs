//! The CSeq header (RFC 3261 §20.16, §8.1.1.5): a 32-bit sequence number and
//! the request method.

use std::fmt;
use std::str::FromStr;

use super::scan::{is_token, is_wsp, parse_number, trim_lws};
use crate::Method;
use crate::error::SyntaxError;

/// `CSeq: 4711 INVITE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CSeq {
    /// The sequence number (below 2^32, §8.1.1.5).
    pub seq: u32,
    /// The method of the request.
    pub method: Method,
}

impl FromStr for CSeq {
    type Err = SyntaxError;

    fn from_str(s: &str) -> Result<Self, SyntaxError> {
        let s = trim_lws(s);
        let (seq, method) = s.split_once(is_wsp).ok_or(SyntaxError::Token)?;
        let method = trim_lws(method);
        if !is_token(method) {
            return Err(SyntaxError::Token);
        }
        Ok(CSeq { seq: parse_number(seq)?, method: Method::from_token(method) })
    }
}

impl fmt::Display for CSeq {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.seq, self.method)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_leading_zeros_and_lws() {
        assert_eq!("0009  \t INVITE".parse(), Ok(CSeq { seq: 9, method: Method::Invite }));
        let other: CSeq = "29 RE%47IST%45R".parse().unwrap();
        assert_eq!(other.method, Method::Other("RE%47IST%45R".into()));
    }

    #[test]
    fn rejects_overflow_and_garbage() {
        assert_eq!("36893488147419103232 REGISTER".parse::<CSeq>(), Err(SyntaxError::Number));
        assert_eq!("-1 INVITE".parse::<CSeq>(), Err(SyntaxError::Number));
        assert_eq!("1".parse::<CSeq>(), Err(SyntaxError::Token));
        assert_eq!("1 INVITE x".parse::<CSeq>(), Err(SyntaxError::Token));
    }

    #[test]
    fn prints_and_round_trips() {
        let cseq = CSeq { seq: 4711, method: Method::Register };
        assert_eq!(cseq.to_string(), "4711 REGISTER");
        assert_eq!(cseq.to_string().parse(), Ok(cseq));
    }
}
