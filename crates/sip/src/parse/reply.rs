//! The reply to a request that failed to parse (RFC 3261 §8.2.2, §8.2.6.2):
//! Via, From, To, Call-ID and CSeq copied from whatever lines survive in the
//! raw bytes. Without all five, or for a response, there is no reply.

use super::frame::leading_crlf;
use super::head::name_value;
use crate::error::ParseError;
use crate::header::scan::{is_wsp, split_top_level};
use crate::{HeaderName, Headers, Response};

/// How much of a rejected message is searched for headers.
const SALVAGE_BYTES: usize = 64 * 1024;

/// Builds the reply `err` calls for, or `None` when there is none to send.
pub fn error_response(buf: &[u8], err: &ParseError) -> Option<Response> {
    let (status, reason) = err.status()?;
    let headers = salvage(buf)?;
    Some(Response { status, reason: reason.to_owned(), headers, body: Vec::new() })
}

/// The five headers a reply needs, from the raw head of a request.
fn salvage(buf: &[u8]) -> Option<Headers> {
    let buf = &buf[leading_crlf(buf)..];
    let text = String::from_utf8_lossy(&buf[..buf.len().min(SALVAGE_BYTES)]);
    let mut lines = text.lines().take_while(|line| !line.is_empty());
    let start = lines.next()?;
    if start.get(..4).is_none_or(|p| p.eq_ignore_ascii_case("SIP/")) {
        return None;
    }
    let found = collect(&unfold(lines));
    found.into_headers()
}

/// Joins continuation lines onto their field (§7.3.1).
fn unfold<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut fields: Vec<String> = Vec::new();
    for line in lines {
        match (line.starts_with(is_wsp), fields.last_mut()) {
            (true, Some(field)) => field.push_str(line),
            _ => fields.push(line.to_owned()),
        }
    }
    fields
}

/// The salvaged values, first occurrence of each (all Vias).
#[derive(Default)]
struct Found {
    vias: Vec<String>,
    from: Option<String>,
    to: Option<String>,
    call_id: Option<String>,
    cseq: Option<String>,
}

/// Picks the five headers out of the fields, ignoring unparsable lines.
fn collect(fields: &[String]) -> Found {
    let mut found = Found::default();
    for (name, value) in fields.iter().filter_map(|f| name_value(f).ok()) {
        let slot = match name {
            HeaderName::Via => {
                found.vias.extend(split_top_level(value, b',').into_iter().map(str::to_owned));
                continue;
            }
            HeaderName::From => &mut found.from,
            HeaderName::To => &mut found.to,
            HeaderName::CallId => &mut found.call_id,
            HeaderName::CSeq => &mut found.cseq,
            _ => continue,
        };
        slot.get_or_insert_with(|| value.to_owned());
    }
    found
}

impl Found {
    /// The reply's headers, if all five are there. The Vias are copied even
    /// when malformed (e.g. `SIP/7.0/UDP` in a request earning 505): the
    /// transport answers to the packet's source (§18.2.2, RFC 3581).
    fn into_headers(self) -> Option<Headers> {
        self.vias.first().filter(|via| !via.is_empty())?;
        let singles = [
            (HeaderName::From, self.from?),
            (HeaderName::To, self.to?),
            (HeaderName::CallId, self.call_id?),
            (HeaderName::CSeq, self.cseq?),
        ];
        let mut headers = Headers::new();
        for via in self.vias {
            headers.push(HeaderName::Via, via);
        }
        for (name, value) in singles.into_iter().filter(|(_, v)| !v.is_empty()) {
            headers.push(name, value);
        }
        (headers.len() == headers.get_all(&HeaderName::Via).count() + 4).then_some(headers)
    }
}
