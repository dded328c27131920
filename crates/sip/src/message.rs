//! SIP requests and responses (RFC 3261 §7).

use crate::header::RawNameAddr;
use crate::{HeaderName, Headers, Method, Uri};

/// A SIP request (RFC 3261 §7.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The Request-URI.
    pub uri: Uri,
    /// Header fields in wire order.
    pub headers: Headers,
    /// The message body (its length is Content-Length).
    pub body: Vec<u8>,
}

/// A SIP response (RFC 3261 §7.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The status code, 100–699.
    pub status: u16,
    /// The reason phrase.
    pub reason: String,
    /// Header fields in wire order.
    pub headers: Headers,
    /// The message body.
    pub body: Vec<u8>,
}

/// Either kind of SIP message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// A request.
    Request(Request),
    /// A response.
    Response(Response),
}

impl Response {
    /// The response a UAS or stateless proxy builds for `req` (RFC 3261
    /// §8.2.6.2): every Via in order, From, To, Call-ID and CSeq copied, the
    /// default reason phrase for `status` (§21), and no body.
    pub fn for_request(req: &Request, status: u16) -> Response {
        let mut headers = Headers::new();
        let copied = [HeaderName::Via, HeaderName::From, HeaderName::To, HeaderName::CallId, HeaderName::CSeq];
        for name in copied {
            for value in req.headers.get_all(&name) {
                headers.push(name.clone(), value);
            }
        }
        let reason = crate::status::reason(status).to_owned();
        Response { status, reason, headers, body: Vec::new() }
    }

    /// Adds `;tag=` to To unless it already has a tag (§8.2.6.2, §12.1.1).
    pub fn with_to_tag(mut self, tag: &str) -> Self {
        let Some(to) = self.headers.get(&HeaderName::To) else {
            return self;
        };
        let has_tag = RawNameAddr::parse(to)
            .map_or_else(|_| to.to_ascii_lowercase().contains(";tag="), |raw| raw.params.contains("tag"));
        if !has_tag {
            let tagged = format!("{to};tag={tag}");
            self.headers.set(HeaderName::To, tagged);
        }
        self
    }
}
