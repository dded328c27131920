//! A deterministic driver for the transaction tests: a fake clock advanced
//! by hand from a fixed base, and builders for wire-shaped messages.

#![allow(dead_code, unreachable_pub)]

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use sip::transaction::{Config, Event, Peer, TransactionLayer, Transmit, TransportKind};
use sip::{HeaderName, Headers, Host, Message, Method, Request, Response, Scheme, Uri};

pub fn peer(transport: TransportKind) -> Peer {
    let addr: SocketAddr = "192.0.2.10:5060".parse().unwrap();
    Peer { transport, addr }
}

pub fn udp() -> Peer {
    peer(TransportKind::Udp)
}

pub fn tcp() -> Peer {
    peer(TransportKind::Tcp)
}

pub fn uri() -> Uri {
    Uri {
        scheme: Scheme::Sip,
        user: Some("bob".into()),
        password: None,
        host: Host::Domain("biloxi.example.com".into()),
        port: None,
        params: Vec::new(),
        headers: Vec::new(),
    }
}

/// A request as a phone at `pc33.atlanta.example.com` would send it.
pub fn request(method: Method, branch: &str) -> Request {
    let mut headers = Headers::new();
    headers.push(HeaderName::Via, format!("SIP/2.0/UDP pc33.atlanta.example.com;branch={branch}"));
    headers.push(HeaderName::MaxForwards, "70");
    headers.push(HeaderName::From, "Alice <sip:alice@atlanta.example.com>;tag=1928301774");
    headers.push(HeaderName::To, "Bob <sip:bob@biloxi.example.com>");
    headers.push(HeaderName::CallId, "a84b4c76e66710@pc33.atlanta.example.com");
    headers.push(HeaderName::CSeq, format!("314159 {method}"));
    Request { method, uri: uri(), headers, body: Vec::new() }
}

pub fn invite(branch: &str) -> Request {
    request(Method::Invite, branch)
}

/// A response to `request`, as the far end would build it.
pub fn response(request: &Request, status: u16) -> Response {
    let mut headers = Headers::new();
    for via in request.headers.get_all(&HeaderName::Via) {
        headers.push(HeaderName::Via, via);
    }
    for name in [HeaderName::From, HeaderName::CallId, HeaderName::CSeq] {
        headers.push(name.clone(), request.headers.get(&name).unwrap());
    }
    let to = request.headers.get(&HeaderName::To).unwrap();
    let to = if status > 100 { format!("{to};tag=a6c85cf") } else { to.to_owned() };
    headers.push(HeaderName::To, to);
    Response { status, reason: "Test".into(), headers, body: Vec::new() }
}

pub fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// The layer plus a hand-driven clock and everything it output, stamped with
/// the offset from the start.
pub struct Driver {
    pub layer: TransactionLayer,
    pub t0: Instant,
    pub now: Instant,
    pub sent: Vec<(Duration, Transmit)>,
    pub events: Vec<Event>,
}

impl Driver {
    pub fn new() -> Self {
        Self::with(Config::default())
    }

    pub fn with(config: Config) -> Self {
        let t0 = Instant::now();
        Self { layer: TransactionLayer::new(config), t0, now: t0, sent: Vec::new(), events: Vec::new() }
    }

    pub fn elapsed(&self) -> Duration {
        self.now - self.t0
    }

    /// Drains transmits and events, as the drain rule says.
    pub fn drain(&mut self) {
        let at = self.elapsed();
        while let Some(t) = self.layer.poll_transmit() {
            self.sent.push((at, t));
        }
        while let Some(e) = self.layer.poll_event() {
            self.events.push(e);
        }
    }

    /// Advances the clock by `d`, firing every deadline on the way at its
    /// exact time.
    pub fn advance(&mut self, d: Duration) {
        let end = self.now + d;
        while let Some(deadline) = self.layer.poll_timeout().filter(|t| *t <= end) {
            self.now = deadline.max(self.now);
            self.layer.handle_timeout(self.now);
            self.drain();
        }
        self.now = end;
    }

    pub fn recv_request(&mut self, request: Request, from: Peer) {
        self.layer.handle_request(self.now, request, from);
        self.drain();
    }

    pub fn recv_response(&mut self, response: Response, from: Peer) {
        self.layer.handle_response(self.now, response, from);
        self.drain();
    }

    /// Takes what was sent so far.
    pub fn take_sent(&mut self) -> Vec<(Duration, Transmit)> {
        std::mem::take(&mut self.sent)
    }

    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }
}

/// The status codes of sent responses, in order.
pub fn statuses(sent: &[(Duration, Transmit)]) -> Vec<u16> {
    sent.iter()
        .filter_map(|(_, t)| match &t.message {
            Message::Response(r) => Some(r.status),
            Message::Request(_) => None,
        })
        .collect()
}

/// The methods of sent requests, in order.
pub fn methods(sent: &[(Duration, Transmit)]) -> Vec<Method> {
    sent.iter()
        .filter_map(|(_, t)| match &t.message {
            Message::Request(r) => Some(r.method.clone()),
            Message::Response(_) => None,
        })
        .collect()
}

/// When each message was sent, in milliseconds from the start.
pub fn times_ms(sent: &[(Duration, Transmit)]) -> Vec<u128> {
    sent.iter().map(|(at, _)| at.as_millis()).collect()
}
