//! A minimal test user agent: sends hand-written requests over UDP, TCP or
//! TLS and answers digest challenges. Real phones (SIPp, baresip) are
//! driven by the other tests; this one is for the paths they cannot show.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::sync::Arc;
use std::time::Duration;

use sip::digest::{Challenge, Credentials, Secret};
use sip::parse::{Limits, parse_datagram, parse_stream};
use sip::{HeaderName, Message, Response};

/// How the UA reaches the server.
pub enum Link {
    Udp(UdpSocket, SocketAddr),
    Tcp(TcpStream, Vec<u8>),
    Tls(Box<rustls::StreamOwned<rustls::ClientConnection, TcpStream>>, Vec<u8>),
}

/// A test UA bound to one server address.
pub struct Ua {
    link: Link,
    transport: &'static str,
    pub local: SocketAddr,
    cseq: u32,
    pub call_id: String,
}

impl Ua {
    pub fn udp(server: SocketAddr) -> Self {
        let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
        socket.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let local = socket.local_addr().unwrap();
        Self::new(Link::Udp(socket, server), "UDP", local)
    }

    pub fn tcp(server: SocketAddr) -> Self {
        let stream = TcpStream::connect(server).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let local = stream.local_addr().unwrap();
        Self::new(Link::Tcp(stream, Vec::new()), "TCP", local)
    }

    /// TLS to the demo, trusting exactly its self-signed certificate and
    /// checking it is valid for `localhost`.
    pub fn tls(server: SocketAddr, trusted_cert: &std::path::Path) -> Self {
        use rustls_pki_types::pem::PemObject;
        let stream = TcpStream::connect(server).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let local = stream.local_addr().unwrap();
        let mut roots = rustls::RootCertStore::empty();
        roots.add(rustls_pki_types::CertificateDer::from_pem_file(trusted_cert).unwrap()).unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        let name = rustls_pki_types::ServerName::try_from("localhost").unwrap();
        let connection = rustls::ClientConnection::new(Arc::new(config), name).unwrap();
        let tls = rustls::StreamOwned::new(connection, stream);
        Self::new(Link::Tls(Box::new(tls), Vec::new()), "TLS", local)
    }

    fn new(link: Link, transport: &'static str, local: SocketAddr) -> Self {
        let call_id = format!("{}@test", random_hex());
        Self { link, transport, local, cseq: 0, call_id }
    }

    /// A REGISTER for `user` at `domain` with `extra` header lines.
    pub fn register_text(&mut self, user: &str, domain: &str, extra: &str) -> String {
        self.cseq += 1;
        format!(
            "REGISTER sip:{domain} SIP/2.0\r\nVia: SIP/2.0/{t} {local};branch=z9hG4bK{b};rport\r\n\
             Max-Forwards: 70\r\nFrom: <sip:{user}@{domain}>;tag={tag}\r\nTo: <sip:{user}@{domain}>\r\n\
             Call-ID: {cid}\r\nCSeq: {cseq} REGISTER\r\n{extra}Content-Length: 0\r\n\r\n",
            t = self.transport,
            local = self.local,
            b = random_hex(),
            tag = random_hex(),
            cid = self.call_id,
            cseq = self.cseq,
        )
    }

    /// Sends raw bytes and returns the final response (skipping 1xx).
    /// Over UDP the request is retransmitted like a phone does (Timer E,
    /// RFC 3261 §17.1.2.2: 500 ms doubling to 4 s) for up to 8 s.
    pub fn request(&mut self, bytes: &[u8]) -> Response {
        let mut interval = Duration::from_millis(500);
        let mut waited = Duration::ZERO;
        self.send(bytes);
        loop {
            self.set_timeout(interval);
            match self.receive() {
                Some(response) if response.status >= 200 => return response,
                Some(_) => {}
                None if self.is_udp() && waited < Duration::from_secs(8) => {
                    waited += interval;
                    interval = (interval * 2).min(Duration::from_secs(4));
                    self.send(bytes);
                }
                None => panic!("no response after {waited:?}"),
            }
        }
    }

    fn is_udp(&self) -> bool {
        matches!(self.link, Link::Udp(..))
    }

    fn set_timeout(&self, timeout: Duration) {
        let timeout = if self.is_udp() { timeout } else { Duration::from_secs(5) };
        let _ = match &self.link {
            Link::Udp(socket, _) => socket.set_read_timeout(Some(timeout)),
            Link::Tcp(stream, _) => stream.set_read_timeout(Some(timeout)),
            Link::Tls(stream, _) => stream.get_ref().set_read_timeout(Some(timeout)),
        };
    }

    /// REGISTER with digest: answers one challenge with `password`.
    pub fn register(&mut self, user: &str, domain: &str, password: &str, extra: &str) -> Response {
        let first = self.register_text(user, domain, extra);
        let challenge = self.request(first.as_bytes());
        if challenge.status != 401 {
            return challenge;
        }
        let authorization = answer(&challenge, user, domain, password);
        let second = self.register_text(user, domain, &format!("Authorization: {authorization}\r\n{extra}"));
        self.request(second.as_bytes())
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.try_send(bytes).expect("sent");
    }

    /// Sends, reporting failure (over TLS the first send runs the handshake).
    pub fn try_send(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match &mut self.link {
            Link::Udp(socket, server) => socket.send_to(bytes, *server).map(drop),
            Link::Tcp(stream, _) => stream.write_all(bytes),
            Link::Tls(stream, _) => stream.write_all(bytes).and_then(|()| stream.flush()),
        }
    }

    /// The next response, or `None` on timeout or close.
    pub fn receive(&mut self) -> Option<Response> {
        let message = match &mut self.link {
            Link::Udp(socket, _) => {
                let mut buf = vec![0u8; 65_535];
                let (len, _) = socket.recv_from(&mut buf).ok()?;
                parse_datagram(&buf[..len], &Limits::default()).ok()?
            }
            Link::Tcp(stream, buf) => read_framed(stream, buf)?,
            Link::Tls(stream, buf) => read_framed(stream.as_mut(), buf)?,
        };
        match message {
            Message::Response(response) => Some(response),
            Message::Request(_) => None,
        }
    }
}

fn read_framed(stream: &mut impl Read, buf: &mut Vec<u8>) -> Option<Message> {
    loop {
        if let Ok(Some((message, used))) = parse_stream(buf, &Limits::default()) {
            buf.drain(..used);
            return Some(message);
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// The Authorization value answering the first challenge of a 401.
pub fn answer(response: &Response, user: &str, domain: &str, password: &str) -> String {
    let value = response.headers.get(&HeaderName::WwwAuthenticate).expect("a challenge");
    let challenge: Challenge = value.parse().expect("a valid challenge");
    let uri = format!("sip:{domain}");
    let credentials = Credentials::answer(
        &challenge,
        &sip::Method::Register,
        &uri,
        user,
        Secret::Password(password),
        &random_hex(),
        1,
    );
    credentials.expect("an answerable challenge").to_string()
}

pub fn random_hex() -> String {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).unwrap();
    hex::encode(bytes)
}
