//! Fuzzes RFC 3261 §17 transactions: the input is decoded into a sequence
//! of operations (requests and responses from wire templates with
//! fuzz-chosen method, branch, status and transport; raw datagrams; TU
//! responds and sends; clock steps and timeouts) that drive one
//! `TransactionLayer`. It must never panic, never hold more than
//! `max_transactions`, always have a deadline while a transaction lives, and
//! drain to empty once enough time has passed.
#![no_main]

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use sip::parse::{Limits, parse_datagram};
use sip::transaction::{Config, Event, Peer, ServerKey, TransactionLayer, TransportKind};
use sip::{Message, Request, Response};

const MAX: usize = 16;
const METHODS: [&str; 7] = [
    "INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "REGISTER", "PRACK",
];
const STATUSES: [u16; 10] = [100, 180, 183, 200, 202, 302, 404, 486, 487, 603];

/// Reads operands from the fuzz input; exhausted input reads as zeros.
struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn byte(&mut self) -> u8 {
        let (first, rest) = self.0.split_first().unwrap_or((&0, &[]));
        self.0 = rest;
        *first
    }

    fn pick<'t, T>(&mut self, table: &'t [T]) -> &'t T {
        &table[usize::from(self.byte()) % table.len()]
    }

    fn u16(&mut self) -> u16 {
        u16::from_be_bytes([self.byte(), self.byte()])
    }

    fn branch(&mut self) -> String {
        match self.byte() % 8 {
            0 => "legacy".to_owned(),
            1 => String::new(),
            n => format!("z9hG4bK{}", n % 4),
        }
    }

    fn peer(&mut self) -> Peer {
        let transport = *self.pick(&[TransportKind::Udp, TransportKind::Tcp, TransportKind::Tls]);
        let addr: SocketAddr = ([192, 0, 2, self.byte() % 3], 5060).into();
        Peer { transport, addr }
    }

    fn rest(&mut self, len: usize) -> &[u8] {
        let (taken, rest) = self.0.split_at(len.min(self.0.len()));
        self.0 = rest;
        taken
    }
}

fn request_text(input: &mut Input<'_>) -> String {
    let method = input.pick(&METHODS);
    let cseq_method = if input.byte() % 8 == 0 {
        input.pick(&METHODS)
    } else {
        method
    };
    let branch = input.branch();
    let host = input.pick(&[
        "pc33.atlanta.example.com",
        "PC33.atlanta.example.com:5060",
        "[2001:db8::1]",
    ]);
    format!(
        "{method} sip:bob@biloxi.example.com SIP/2.0\r\n\
         Via: SIP/2.0/UDP {host};branch={branch}\r\n\
         Max-Forwards: 70\r\n\
         From: <sip:alice@atlanta.example.com>;tag=1928\r\n\
         To: <sip:bob@biloxi.example.com>\r\n\
         Call-ID: a84b4c76e66710\r\n\
         CSeq: 314159 {cseq_method}\r\n\
         Content-Length: 0\r\n\r\n"
    )
}

fn response_text(input: &mut Input<'_>) -> String {
    let status = match input.byte() % 8 {
        0 => input.u16() % 1000,
        _ => *input.pick(&STATUSES),
    };
    let method = input.pick(&METHODS);
    let branch = input.branch();
    format!(
        "SIP/2.0 {status} Whatever\r\n\
         Via: SIP/2.0/UDP pc33.atlanta.example.com;branch={branch}\r\n\
         From: <sip:alice@atlanta.example.com>;tag=1928\r\n\
         To: <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n\
         Call-ID: a84b4c76e66710\r\n\
         CSeq: 314159 {method}\r\n\
         Content-Length: 0\r\n\r\n"
    )
}

fn parse(text: &[u8]) -> Option<Message> {
    parse_datagram(text, &Limits::default()).ok()
}

fn parse_request(text: &str) -> Option<Request> {
    match parse(text.as_bytes())? {
        Message::Request(r) => Some(r),
        Message::Response(_) => None,
    }
}

fn parse_response(text: &str) -> Option<Response> {
    match parse(text.as_bytes())? {
        Message::Response(r) => Some(r),
        Message::Request(_) => None,
    }
}

struct Harness {
    layer: TransactionLayer,
    now: Instant,
    keys: Vec<ServerKey>,
    last_request: Option<Request>,
}

impl Harness {
    fn step(&mut self, input: &mut Input<'_>) {
        let now = self.now;
        match input.byte() % 8 {
            0 | 1 => {
                if let Some(req) = parse_request(&request_text(input)) {
                    self.last_request = Some(req.clone());
                    self.layer.handle_request(now, req, input.peer());
                }
            }
            2 => {
                if let Some(resp) = parse_response(&response_text(input)) {
                    self.layer.handle_response(now, resp, input.peer());
                }
            }
            3 => self.respond(input),
            4 => {
                if let Some(req) = parse_request(&request_text(input)) {
                    let _ = self.layer.send_request(now, req, input.peer());
                }
            }
            5 => {
                let len = usize::from(input.byte());
                match parse(input.rest(len)) {
                    Some(Message::Request(r)) => self.layer.handle_request(now, r, input.peer()),
                    Some(Message::Response(r)) => self.layer.handle_response(now, r, input.peer()),
                    None => {}
                }
            }
            6 => {
                if let Some(ack) = parse_request(&request_text(input)) {
                    let _ = self.layer.send_ack(ack, input.peer());
                }
            }
            _ => {
                let step =
                    Duration::from_millis(u64::from(input.u16()) * u64::from(input.byte() % 4 + 1));
                self.now += step;
                self.layer.handle_timeout(self.now);
            }
        }
    }

    fn respond(&mut self, input: &mut Input<'_>) {
        let Some(key) = self
            .keys
            .get(usize::from(input.byte()) % self.keys.len().max(1))
            .cloned()
        else {
            return;
        };
        let Some(req) = &self.last_request else {
            return;
        };
        let status = match input.byte() % 8 {
            0 => input.u16() % 1000,
            _ => *input.pick(&STATUSES),
        };
        let _ = self
            .layer
            .respond(self.now, &key, Response::for_request(req, status));
    }

    fn drain(&mut self) {
        while self.layer.poll_transmit().is_some() {}
        while let Some(event) = self.layer.poll_event() {
            if let Event::Request { key, .. } = event {
                if self.keys.len() >= 64 {
                    self.keys.remove(0);
                }
                self.keys.push(key);
            }
        }
    }

    fn check(&self) {
        assert!(self.layer.len() <= MAX, "table over its bound");
        assert_eq!(
            self.layer.is_empty(),
            self.layer.poll_timeout().is_none(),
            "live transaction without a deadline"
        );
        if let Some(at) = self.layer.poll_timeout() {
            assert!(at > self.now, "a due timer was not fired");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let config = Config {
        max_transactions: MAX,
        proceeding_limit: Duration::from_secs(180),
        ..Config::default()
    };
    let mut h = Harness {
        layer: TransactionLayer::new(config),
        now: Instant::now(),
        keys: Vec::new(),
        last_request: None,
    };
    let mut input = Input(data);
    while !input.0.is_empty() {
        h.step(&mut input);
        h.drain();
        h.check();
    }
    h.now += Duration::from_secs(180 + 64 + 32);
    h.layer.handle_timeout(h.now);
    h.drain();
    assert!(
        h.layer.is_empty(),
        "transactions left after every timer expired"
    );
});
