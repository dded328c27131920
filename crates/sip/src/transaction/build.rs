//! Messages the transaction layer writes itself: the ACK for a non-2xx final
//! response (RFC 3261 §17.1.1.3), CANCEL (§9.1), and responses it sends
//! without the TU: 100 Trying (§17.2.1, §8.2.6.1) and stateless 481/503
//! (§8.2.6.2).

use crate::{HeaderName, Headers, Method, Request, Response};

/// Builds the CANCEL for an INVITE this side sent (RFC 3261 §9.1): same
/// Request-URI, Call-ID, From, To, CSeq number and Route set, and a single
/// Via equal to the INVITE's top Via, so it shares the INVITE's branch.
/// Send it with [`super::TransactionLayer::send_request`]; it is its own
/// non-INVITE transaction.
pub fn cancel_for(invite: &Request) -> Request {
    hop_request(invite, Method::Cancel, invite.headers.get(&HeaderName::To))
}

/// The ACK for a 300–699 response to `invite` (RFC 3261 §17.1.1.3).
pub(crate) fn ack_for(invite: &Request, response: &Response) -> Request {
    hop_request(invite, Method::Ack, response.headers.get(&HeaderName::To))
}

fn hop_request(original: &Request, method: Method, to: Option<&str>) -> Request {
    let mut headers = Headers::new();
    let from = &original.headers;
    if let Some(via) = super::fields::top_via_text(from) {
        headers.push(HeaderName::Via, via);
    }
    copy_first(from, &mut headers, HeaderName::MaxForwards);
    copy_all(from, &mut headers, &HeaderName::Route);
    copy_first(from, &mut headers, HeaderName::From);
    if let Some(to) = to {
        headers.push(HeaderName::To, to);
    }
    copy_first(from, &mut headers, HeaderName::CallId);
    if let Some((number, _)) = super::fields::cseq(from) {
        headers.push(HeaderName::CSeq, format!("{number} {method}"));
    }
    Request { method, uri: original.uri.clone(), headers, body: Vec::new() }
}

/// A response the layer sends on its own (§8.2.6.2, via
/// [`Response::for_request`]), with Timestamp copied into 100 (§8.2.6.1).
/// Responses above 100 get a To tag derived from the top Via: stateless
/// replies need no randomness and a retransmission gets the same tag.
pub(crate) fn response_to(request: &Request, status: u16) -> Response {
    let response = Response::for_request(request, status);
    if status == 100 {
        let mut response = response;
        copy_first(&request.headers, &mut response.headers, HeaderName::Other("Timestamp".into()));
        return response;
    }
    let seed = super::fields::top_via_text(&request.headers).unwrap_or("");
    response.with_to_tag(&format!("cv{:016x}", fnv1a(seed.as_bytes())))
}

/// FNV-1a, 64 bit: a stable hash with no key, for tags only.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| (hash ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3))
}

fn copy_first(from: &Headers, to: &mut Headers, name: HeaderName) {
    if let Some(value) = from.get(&name) {
        to.push(name, value);
    }
}

fn copy_all(from: &Headers, to: &mut Headers, name: &HeaderName) {
    for value in from.get_all(name) {
        to.push(name.clone(), value);
    }
}
