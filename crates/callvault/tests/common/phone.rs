//! A scripted SIP phone over UDP for the call tests: registers with digest,
//! places calls (answering the 407 challenge), answers them, ACKs and hangs
//! up, one message at a time, so a test can do what no real phone does on
//! cue (several calls at once, a fault header).

use std::net::{SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

use sip::digest::{Challenge, Credentials, Secret};
use sip::parse::{Limits, parse_datagram};
use sip::{HeaderName, Headers, Message, Method, Request, Response, Uri};

use super::ua::random_hex;

/// A phone: one UDP socket, one extension.
pub struct Phone {
    socket: UdpSocket,
    server: SocketAddr,
    pub local: SocketAddr,
    pub user: String,
    domain: String,
    password: String,
    /// Messages read while waiting for something else.
    backlog: Vec<Message>,
}

/// One dialog as the phone sees it.
#[derive(Debug, Clone)]
pub struct Dialog {
    pub call_id: String,
    pub local: String,
    pub remote: String,
    pub target: Uri,
    pub cseq: u32,
}

impl Phone {
    pub fn new(server: SocketAddr, user: &str, domain: &str, password: &str) -> Self {
        let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
        let local = socket.local_addr().unwrap();
        let (user, domain, password) = (user.to_owned(), domain.to_owned(), password.to_owned());
        Self { socket, server, local, user, domain, password, backlog: Vec::new() }
    }

    /// A request from this phone with fresh branch; `to` and `uri` as given.
    fn request(&self, method: Method, uri: &str, from: &str, to: &str, call_id: &str, cseq: u32) -> Request {
        let mut headers = Headers::new();
        headers.push(HeaderName::Via, format!("SIP/2.0/UDP {};branch=z9hG4bK{};rport", self.local, random_hex()));
        headers.push(HeaderName::MaxForwards, "70");
        headers.push(HeaderName::From, from);
        headers.push(HeaderName::To, to);
        headers.push(HeaderName::CallId, call_id);
        headers.push(HeaderName::CSeq, format!("{cseq} {method}"));
        headers.push(HeaderName::Contact, format!("<sip:{}@{}>", self.user, self.local));
        Request { method, uri: uri.parse().unwrap(), headers, body: Vec::new() }
    }

    pub fn send(&self, message: &Message) {
        let bytes = match message {
            Message::Request(r) => r.to_bytes(),
            Message::Response(r) => r.to_bytes(),
        };
        self.socket.send_to(&bytes, self.server).unwrap();
    }

    /// The next message that `wanted` accepts, within `timeout`; others are kept.
    pub fn wait(&mut self, timeout: Duration, wanted: impl Fn(&Message) -> bool) -> Option<Message> {
        if let Some(at) = self.backlog.iter().position(&wanted) {
            return Some(self.backlog.remove(at));
        }
        let until = Instant::now() + timeout;
        let mut buf = vec![0u8; 65_535];
        while let Some(left) = until.checked_duration_since(Instant::now()).filter(|d| !d.is_zero()) {
            self.socket.set_read_timeout(Some(left)).unwrap();
            let Ok(len) = self.socket.recv(&mut buf) else { break };
            let Ok(message) = parse_datagram(&buf[..len], &Limits::default()) else { continue };
            if wanted(&message) {
                return Some(message);
            }
            self.backlog.push(message);
        }
        None
    }

    /// The final response to the request with `call_id` and CSeq `method`.
    pub fn final_response(&mut self, call_id: &str, method: &Method, timeout: Duration) -> Option<Response> {
        let found = self.wait(timeout, |m| match m {
            Message::Response(r) => r.status >= 200 && matches_call(&r.headers, call_id, method),
            Message::Request(_) => false,
        });
        match found {
            Some(Message::Response(r)) => Some(r),
            _ => None,
        }
    }

    /// The next request of `method`.
    pub fn request_of(&mut self, method: &Method, timeout: Duration) -> Option<Request> {
        match self.wait(timeout, |m| matches!(m, Message::Request(r) if r.method == *method)) {
            Some(Message::Request(r)) => Some(r),
            _ => None,
        }
    }

    /// Registers this phone's address for its extension.
    pub fn register(&mut self) -> u16 {
        let (aor, call_id) = (format!("<sip:{}@{}>", self.user, self.domain), random_hex());
        let uri = format!("sip:{}", self.domain);
        let from = format!("{aor};tag={}", random_hex());
        let mut request = self.request(Method::Register, &uri, &from, &aor, &call_id, 1);
        self.send(&Message::Request(request.clone()));
        let challenge = self.final_response(&call_id, &Method::Register, Duration::from_secs(5)).expect("a 401");
        request = self.request(Method::Register, &uri, &from, &aor, &call_id, 2);
        let auth = self.answer(&challenge, &HeaderName::WwwAuthenticate, &Method::Register, &uri);
        request.headers.push(HeaderName::Authorization, auth);
        self.send(&Message::Request(request));
        self.final_response(&call_id, &Method::Register, Duration::from_secs(5)).expect("a REGISTER answer").status
    }

    fn answer(&self, challenge: &Response, header: &HeaderName, method: &Method, uri: &str) -> String {
        let value = challenge.headers.get(header).expect("a challenge");
        let challenge: Challenge = value.parse().unwrap();
        let secret = Secret::Password(&self.password);
        Credentials::answer(&challenge, method, uri, &self.user, secret, &random_hex(), 1).unwrap().to_string()
    }

    /// Calls `number@host`, answering one 407; returns the dialog (with the
    /// callee's tag once answered) and the final response. Non-2xx finals are ACKed.
    pub fn call(&mut self, number: &str, host: &str, extra: &[(&str, &str)], sdp: &str) -> (Dialog, Response) {
        let uri = format!("sip:{number}@{host}");
        let from = format!("<sip:{}@{}>;tag={}", self.user, self.domain, random_hex());
        let to = format!("<sip:{number}@{host}>");
        let call_id = format!("{}@phone", random_hex());
        let build = |phone: &Self, cseq: u32| {
            let mut invite = phone.request(Method::Invite, &uri, &from, &to, &call_id, cseq);
            for (name, value) in extra {
                invite.headers.set(HeaderName::from_wire(name), *value);
            }
            invite.headers.push(HeaderName::ContentType, "application/sdp");
            invite.body = sdp.as_bytes().to_vec();
            invite
        };
        let first = build(self, 1);
        self.send(&Message::Request(first.clone()));
        let mut response = self.final_response(&call_id, &Method::Invite, Duration::from_secs(10)).expect("an answer");
        let mut sent = first;
        if response.status == 407 {
            self.ack_failure(&sent, &response);
            let mut second = build(self, 2);
            let auth = self.answer(&response, &HeaderName::ProxyAuthenticate, &Method::Invite, &uri);
            second.headers.push(HeaderName::ProxyAuthorization, auth);
            self.send(&Message::Request(second.clone()));
            response = self.final_response(&call_id, &Method::Invite, Duration::from_secs(30)).expect("an answer");
            sent = second;
        }
        if response.status >= 300 {
            self.ack_failure(&sent, &response);
        }
        let dialog = Dialog {
            call_id,
            local: from,
            remote: response.headers.get(&HeaderName::To).unwrap_or_default().to_owned(),
            target: contact(&response.headers).unwrap_or_else(|| uri.parse().unwrap()),
            cseq: sent.headers.cseq().unwrap().seq,
        };
        (dialog, response)
    }

    /// Sends an authenticated INVITE without waiting for its final answer;
    /// returns its Call-ID and the request as sent.
    pub fn invite_authenticated(&mut self, number: &str, host: &str, sdp: &str) -> (String, Request) {
        let uri = format!("sip:{number}@{host}");
        let from = format!("<sip:{}@{}>;tag={}", self.user, self.domain, random_hex());
        let (to, call_id) = (format!("<sip:{number}@{host}>"), format!("{}@phone", random_hex()));
        let mut invite = self.request(Method::Invite, &uri, &from, &to, &call_id, 1);
        invite.headers.push(HeaderName::ContentType, "application/sdp");
        invite.body = sdp.as_bytes().to_vec();
        self.send(&Message::Request(invite.clone()));
        let challenge = self.final_response(&call_id, &Method::Invite, Duration::from_secs(5)).expect("a 407");
        self.ack_failure(&invite, &challenge);
        let mut second = self.request(Method::Invite, &uri, &from, &to, &call_id, 2);
        let auth = self.answer(&challenge, &HeaderName::ProxyAuthenticate, &Method::Invite, &uri);
        second.headers.push(HeaderName::ProxyAuthorization, auth);
        second.headers.push(HeaderName::ContentType, "application/sdp");
        second.body = sdp.as_bytes().to_vec();
        self.send(&Message::Request(second.clone()));
        (call_id, second)
    }

    /// The CANCEL for an INVITE this phone sent (RFC 3261 §9.1).
    pub fn cancel_for(&self, invite: &Request) -> Request {
        sip::transaction::cancel_for(invite)
    }

    /// The hop-by-hop ACK for a non-2xx final (RFC 3261 §17.1.1.3).
    fn ack_failure(&self, invite: &Request, response: &Response) {
        let mut ack = invite.clone();
        ack.method = Method::Ack;
        ack.body.clear();
        ack.headers.remove(&HeaderName::ContentType);
        ack.headers.remove(&HeaderName::ProxyAuthorization);
        ack.headers.set(HeaderName::To, response.headers.get(&HeaderName::To).unwrap());
        ack.headers.set(HeaderName::CSeq, format!("{} ACK", invite.headers.cseq().unwrap().seq));
        self.send(&Message::Request(ack));
    }

    /// A request inside `dialog` (ACK reuses the INVITE's CSeq).
    pub fn in_dialog(&self, dialog: &mut Dialog, method: Method) -> Request {
        if method != Method::Ack {
            dialog.cseq += 1;
        }
        let target = dialog.target.to_string();
        self.request(method, &target, &dialog.local, &dialog.remote, &dialog.call_id, dialog.cseq)
    }

    /// Acknowledges the 2xx that set up `dialog`, holds the call for `hold`,
    /// hangs up and returns the BYE's final status (within 5 s).
    pub fn ack_then_hang_up(&mut self, dialog: &mut Dialog, hold: Duration) -> Option<u16> {
        let ack = self.in_dialog(dialog, Method::Ack);
        self.send(&Message::Request(ack));
        std::thread::sleep(hold);
        let bye = self.in_dialog(dialog, Method::Bye);
        self.send(&Message::Request(bye));
        self.final_response(&dialog.call_id, &Method::Bye, Duration::from_secs(5)).map(|r| r.status)
    }

    /// Answers `request` with `status` (and a To tag), with an SDP body if given.
    pub fn respond(&self, request: &Request, status: u16, tag: &str, sdp: Option<&str>) {
        let mut response = Response::for_request(request, status).with_to_tag(tag);
        response.headers.push(HeaderName::Contact, format!("<sip:{}@{}>", self.user, self.local));
        if let Some(sdp) = sdp {
            response.headers.push(HeaderName::ContentType, "application/sdp");
            response.body = sdp.as_bytes().to_vec();
        }
        self.send(&Message::Response(response));
    }

    /// The dialog an INVITE we answered with `tag` creates on our side.
    pub fn dialog_as_callee(&self, invite: &Request, tag: &str) -> Dialog {
        let to = invite.headers.get(&HeaderName::To).unwrap();
        Dialog {
            call_id: invite.headers.call_id().unwrap().to_owned(),
            local: format!("{to};tag={tag}"),
            remote: invite.headers.get(&HeaderName::From).unwrap().to_owned(),
            target: contact(&invite.headers).unwrap(),
            cseq: 100,
        }
    }
}

fn contact(headers: &Headers) -> Option<Uri> {
    match headers.contacts().ok()?? {
        sip::Contact::Addresses(list) => list.into_iter().next().map(|a| a.uri),
        sip::Contact::Star => None,
    }
}

fn matches_call(headers: &Headers, call_id: &str, method: &Method) -> bool {
    headers.call_id().is_ok_and(|id| id == call_id) && headers.cseq().is_ok_and(|c| c.method == *method)
}

/// A minimal audio offer or answer for `port`.
pub fn sdp(port: u16) -> String {
    format!(
        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n\
         m=audio {port} RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n"
    )
}
