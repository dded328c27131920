//! A handler that panics answers that one request 500; the server serves on.

use std::net::{SocketAddr, UdpSocket};
use std::sync::Arc;
use std::time::Duration;

use net::{Handler, ListenerConfig, Listeners, SipServer, Source};
use sip::parse::{Limits, parse_datagram};
use sip::{Message, Method, Request, Response};

struct PanicsOnOptions;

impl Handler for PanicsOnOptions {
    async fn handle(&self, request: &Request, _source: Source) -> Option<Response> {
        assert!(request.method != Method::Options, "deliberate panic for the test");
        Some(Response::for_request(request, 200))
    }
}

fn exchange(server: SocketAddr, method: &str, branch: &str) -> u16 {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let local = socket.local_addr().unwrap();
    let text = format!(
        "{method} sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP {local};branch=z9hG4bK{branch}\r\n\
         Max-Forwards: 70\r\nTo: <sip:x@127.0.0.1>\r\nFrom: <sip:y@127.0.0.1>;tag=1\r\n\
         Call-ID: {branch}\r\nCSeq: 1 {method}\r\nContent-Length: 0\r\n\r\n"
    );
    socket.send_to(text.as_bytes(), server).unwrap();
    let mut buf = vec![0u8; 65_535];
    let (len, _) = socket.recv_from(&mut buf).expect("a response");
    match parse_datagram(&buf[..len], &Limits::default()).unwrap() {
        Message::Response(response) => response.status,
        Message::Request(_) => panic!("a request came back"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_handler_costs_one_request_a_500() {
    let listeners =
        Listeners { listeners: vec![ListenerConfig::Udp("127.0.0.1:0".parse().unwrap())], tls: None, dial: vec![] };
    let server = SipServer::start(&listeners, Arc::new(PanicsOnOptions)).await.unwrap();
    let ListenerConfig::Udp(addr) = server.local_addrs()[0] else { panic!("a UDP listener") };
    let statuses = tokio::task::spawn_blocking(move || {
        [exchange(addr, "OPTIONS", "a1"), exchange(addr, "MESSAGE", "b2"), exchange(addr, "OPTIONS", "c3")]
    })
    .await
    .unwrap();
    assert_eq!(statuses, [500, 200, 500]);
    server.shutdown().await;
}
