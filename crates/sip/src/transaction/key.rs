//! Transaction keys: which transaction a message belongs to
//! (RFC 3261 §17.1.3 for responses, §17.2.3 for requests).
//!
//! A server transaction is keyed by the top Via's branch and sent-by and the
//! request method, with ACK folded into INVITE so that the ACK for a non-2xx
//! final response finds its INVITE transaction; CANCEL keeps its own method
//! and so is its own transaction (§9.2). A client transaction is keyed by the
//! branch it put in the top Via and the CSeq method.
//!
//! Requests whose branch lacks the RFC 3261 magic cookie `z9hG4bK` (from
//! RFC 2543 peers) get a fallback branch built from the Call-ID, CSeq number,
//! From tag and the whole top Via. That approximates §17.2.3's RFC 2543 rules
//! without the To-tag and Request-URI comparisons.

use crate::{HeaderName, Method, Request, Response};

use super::fields;

/// The RFC 3261 branch prefix (§8.1.1.7).
pub const MAGIC_COOKIE: &str = "z9hG4bK";

/// Identifies a server transaction.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ServerKey {
    branch: String,
    sent_by: String,
    method: Method,
}

/// Identifies a client transaction.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClientKey {
    branch: String,
    method: Method,
}

/// Either kind of transaction key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TransactionKey {
    /// A transaction this side started.
    Client(ClientKey),
    /// A transaction the peer started.
    Server(ServerKey),
}

impl ServerKey {
    /// The key of the transaction `request` belongs to, if it has a Via and
    /// a CSeq.
    pub fn for_request(request: &Request) -> Option<Self> {
        let (branch, sent_by) = fields::top_via(&request.headers)?;
        let method = match request.method {
            Method::Ack => Method::Invite,
            ref other => other.clone(),
        };
        let branch = match branch {
            Some(b) if b.starts_with(MAGIC_COOKIE) => b,
            _ => rfc2543_branch(request)?,
        };
        Some(Self { branch, sent_by, method })
    }

    /// The branch parameter.
    pub fn branch(&self) -> &str {
        &self.branch
    }

    /// The top Via sent-by, lower-cased.
    pub fn sent_by(&self) -> &str {
        &self.sent_by
    }

    /// The method; INVITE for an INVITE's ACK.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// For a CANCEL's key, the key of the INVITE it cancels (§9.2).
    pub fn cancelled_invite(&self) -> Self {
        Self { method: Method::Invite, ..self.clone() }
    }
}

fn rfc2543_branch(request: &Request) -> Option<String> {
    let headers = &request.headers;
    let call_id = headers.get(&HeaderName::CallId)?;
    let (number, _) = fields::cseq(headers)?;
    let from_tag = fields::from_tag(headers).unwrap_or_default();
    let via = fields::top_via_text(headers)?;
    Some(format!("rfc2543;{call_id};{number};{from_tag};{via}"))
}

impl ClientKey {
    /// The key for a request this side sends: its top Via must carry an
    /// RFC 3261 branch.
    pub fn for_request(request: &Request) -> Option<Self> {
        let branch = cookie_branch(&request.headers)?;
        Some(Self { branch, method: request.method.clone() })
    }

    /// The key a response matches: its top Via branch and CSeq method.
    pub fn for_response(response: &Response) -> Option<Self> {
        let branch = cookie_branch(&response.headers)?;
        let (_, method) = fields::cseq(&response.headers)?;
        Some(Self { branch, method })
    }

    /// The branch parameter.
    pub fn branch(&self) -> &str {
        &self.branch
    }

    /// The method of the request that started the transaction.
    pub fn method(&self) -> &Method {
        &self.method
    }
}

fn cookie_branch(headers: &crate::Headers) -> Option<String> {
    let (branch, _) = fields::top_via(headers)?;
    branch.filter(|b| b.starts_with(MAGIC_COOKIE))
}
