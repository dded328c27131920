//! The few header fields transactions read (RFC 3261 §20.42 Via, §20.16
//! CSeq, §19.3 tags), through the typed header views.
//!
//! Transactions must never fail on a malformed value: each reader returns
//! `None` instead, and the message is dropped.

use crate::{Headers, Method};

/// The top Via's branch, if any, and its sent-by as `host[:port]` with the
/// host lower-cased (hosts compare case-insensitively, §19.1.4).
pub(crate) fn top_via(headers: &Headers) -> Option<(Option<String>, String)> {
    let via = headers.top_via().ok()?;
    let host = via.host.to_string().to_ascii_lowercase();
    let sent_by = match via.port {
        Some(port) => format!("{host}:{port}"),
        None => host,
    };
    Some((via.branch().map(str::to_owned), sent_by))
}

/// The top Via value as received, for the RFC 2543 fallback key and for
/// copying into ACK and CANCEL (§17.1.1.3, §9.1).
pub(crate) fn top_via_text(headers: &Headers) -> Option<&str> {
    headers.get(&crate::HeaderName::Via)
}

/// The CSeq number and method.
pub(crate) fn cseq(headers: &Headers) -> Option<(u32, Method)> {
    headers.cseq().ok().map(|cseq| (cseq.seq, cseq.method))
}

/// The From tag, if any.
pub(crate) fn from_tag(headers: &Headers) -> Option<String> {
    headers.from().ok()?.tag().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::HeaderName;

    #[test]
    fn reads_branch_and_sent_by_with_odd_spacing_and_case() {
        let mut headers = Headers::new();
        headers.push(HeaderName::Via, "SIP / 2.0 / UDP  PC33.Example.com:5060 ;received=192.0.2.1;branch=z9hG4bK776");
        let (branch, sent_by) = top_via(&headers).unwrap();
        assert_eq!(branch.as_deref(), Some("z9hG4bK776"));
        assert_eq!(sent_by, "pc33.example.com:5060");
    }

    #[test]
    fn reads_cseq_and_refuses_junk() {
        let mut headers = Headers::new();
        headers.push(HeaderName::CSeq, " 4711  INVITE ");
        assert_eq!(cseq(&headers), Some((4711, Method::Invite)));
        for junk in ["INVITE", "x INVITE", "99999999999 ACK", ""] {
            headers.set(HeaderName::CSeq, junk);
            assert_eq!(cseq(&headers), None, "{junk:?}");
        }
    }

    #[test]
    fn a_garbage_via_reads_as_none() {
        let mut headers = Headers::new();
        headers.push(HeaderName::Via, "garbage");
        assert_eq!(top_via(&headers), None);
        assert_eq!(top_via(&Headers::new()), None);
    }
}
