//! One leg's dialog as the B2BUA holds it (RFC 3261 §12): Call-ID, the local
//! and remote From/To values with their tags, the remote target (the peer's
//! Contact, §12.1.1–2), our local CSeq, and where requests go. Requests
//! within it are built per §12.2.1.1; the ACK for a 2xx per §13.2.2.4.

use std::net::SocketAddr;

use sip::transaction::{Peer, TransportKind};
use sip::{HeaderName, Headers, Method, Request, Response, Uri};

/// A dialog on one leg.
#[derive(Debug, Clone)]
pub(crate) struct Dialog {
    /// The Call-ID.
    pub(crate) call_id: String,
    /// Our From (on requests we send), with our tag.
    pub(crate) local: String,
    /// Their address, with their tag.
    pub(crate) remote: String,
    /// Where in-dialog requests are addressed.
    pub(crate) remote_target: Uri,
    /// Our last CSeq number.
    pub(crate) local_cseq: u32,
    /// Where requests are sent.
    pub(crate) peer: Peer,
    /// Our address for Via and Contact.
    pub(crate) local_addr: SocketAddr,
}

impl Dialog {
    /// A new request in this dialog with the next CSeq (§12.2.1.1).
    pub(crate) fn request(&mut self, method: Method, max_forwards: u32) -> Request {
        self.local_cseq += 1;
        self.build(method, self.local_cseq, max_forwards)
    }

    /// The ACK for the 2xx to our INVITE with CSeq `cseq` (§13.2.2.4).
    pub(crate) fn ack(&self, cseq: u32) -> Request {
        self.build(Method::Ack, cseq, 70)
    }

    fn build(&self, method: Method, cseq: u32, max_forwards: u32) -> Request {
        let mut headers = Headers::new();
        headers.push(HeaderName::Via, via(self.peer.transport, self.local_addr));
        headers.push(HeaderName::MaxForwards, max_forwards.to_string());
        headers.push(HeaderName::From, self.local.clone());
        headers.push(HeaderName::To, self.remote.clone());
        headers.push(HeaderName::CallId, self.call_id.clone());
        headers.push(HeaderName::CSeq, format!("{cseq} {method}"));
        if matches!(method, Method::Invite | Method::Update) {
            headers.push(HeaderName::Contact, contact(self.peer.transport, self.local_addr));
        }
        let uri = self.remote_target.clone();
        Request { method, uri, headers, body: Vec::new() }
    }
}

/// A top Via with a fresh branch (§8.1.1.7) asking for rport (RFC 3581).
pub(crate) fn via(transport: TransportKind, local: SocketAddr) -> String {
    format!("SIP/2.0/{} {local};branch={};rport", transport_name(transport), new_branch())
}

/// A fresh RFC 3261 branch.
pub(crate) fn new_branch() -> String {
    format!("{}{}", sip::transaction::MAGIC_COOKIE, hex::encode(crate::random::bytes::<10>()))
}

/// Our Contact for a leg (§8.1.1.8).
pub(crate) fn contact(transport: TransportKind, local: SocketAddr) -> String {
    let param = match transport {
        TransportKind::Udp => "",
        TransportKind::Tcp => ";transport=tcp",
        TransportKind::Tls => ";transport=tls",
    };
    format!("<sip:callvault@{local}{param}>")
}

/// The Via transport token.
pub(crate) fn transport_name(transport: TransportKind) -> &'static str {
    match transport {
        TransportKind::Udp => "UDP",
        TransportKind::Tcp => "TCP",
        TransportKind::Tls => "TLS",
    }
}

/// The body and its Content-Type, copied onto `headers`.
pub(crate) fn put_body(headers: &mut Headers, body: &mut Vec<u8>, content_type: Option<&str>, bytes: Vec<u8>) {
    headers.remove(&HeaderName::ContentType);
    if let (Some(kind), false) = (content_type, bytes.is_empty()) {
        headers.push(HeaderName::ContentType, kind);
    }
    *body = bytes;
}

/// The remote target a 2xx or request names in its Contact (§12.1.2).
pub(crate) fn contact_uri(headers: &Headers) -> Option<Uri> {
    match headers.contacts().ok()?? {
        sip::Contact::Addresses(addresses) => addresses.into_iter().next().map(|a| a.uri),
        sip::Contact::Star => None,
    }
}

/// The response's To value (with the peer's tag), for the dialog's remote side.
pub(crate) fn to_value(response: &Response) -> Option<String> {
    response.headers.get(&HeaderName::To).map(str::to_owned)
}
