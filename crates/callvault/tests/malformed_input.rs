//! Malformed and tortuous SIP thrown at the UDP and TCP ports (RFC 4475,
//! RFC 5118 messages from the sip crate's corpus, plus mutated messages):
//! every reply is a well-formed response, the server keeps answering, and
//! its memory does not grow with repetition.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::path::PathBuf;
use std::time::Duration;

use common::Demo;
use common::ua::Ua;

/// Every message file of the sip crate's torture corpus.
fn corpus() -> Vec<(PathBuf, Vec<u8>)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../sip/tests/data");
    let mut files = Vec::new();
    for dir in ["rfc4475", "rfc5118"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("the sip corpus exists") {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "sip") {
                files.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    assert!(files.len() >= 20, "the corpus is unexpectedly small: {}", files.len());
    files.sort();
    files
}

/// The server still answers OPTIONS.
fn assert_alive(demo: &Demo) {
    let mut ua = Ua::udp(demo.addr("udp"));
    let text = ua.register_text("1001", "demo.callvault.test", "").replace("REGISTER", "OPTIONS");
    assert_eq!(ua.request(text.as_bytes()).status, 200, "the server stopped answering");
}

/// Sends one datagram; returns the reply if one came within the wait.
fn udp_exchange(server: SocketAddr, bytes: &[u8]) -> Option<Vec<u8>> {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket.set_read_timeout(Some(Duration::from_millis(300))).unwrap();
    socket.send_to(bytes, server).ok()?;
    let mut buf = vec![0u8; 65_535];
    let (len, _) = socket.recv_from(&mut buf).ok()?;
    Some(buf[..len].to_vec())
}

/// Sends on a fresh connection; returns whatever came back before close or timeout.
fn tcp_exchange(server: SocketAddr, bytes: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(server).unwrap();
    stream.set_read_timeout(Some(Duration::from_millis(300))).unwrap();
    let _ = stream.write_all(bytes);
    let mut reply = Vec::new();
    let mut chunk = [0u8; 4096];
    while let Ok(n) = stream.read(&mut chunk) {
        if n == 0 {
            break;
        }
        reply.extend_from_slice(&chunk[..n]);
    }
    reply
}

/// A reply starts with a SIP/2.0 status line (a 400 echoes the request's
/// headers, RFC 3261 §8.2.6.2, malformed ones included, so only the status
/// line is ours to check).
fn assert_is_response(path: &std::path::Path, reply: &[u8]) {
    let line = reply.split(|&b| b == b'\r').next().unwrap_or_default();
    let line = String::from_utf8_lossy(line);
    let status: Option<u16> = line.strip_prefix("SIP/2.0 ").and_then(|rest| rest.get(..3)?.parse().ok());
    assert!(status.is_some_and(|s| (100..700).contains(&s)), "{}: reply starts {line:?}", path.display());
}

#[test]
fn every_corpus_message_over_udp_gets_a_response_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(dir.path());
    for (path, bytes) in corpus() {
        if let Some(reply) = udp_exchange(demo.addr("udp"), &bytes) {
            assert_is_response(&path, &reply);
        }
    }
    assert_alive(&demo);
}

#[test]
fn every_corpus_message_over_tcp_gets_responses_or_a_close() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(dir.path());
    for (path, bytes) in corpus() {
        let reply = tcp_exchange(demo.addr("tcp"), &bytes);
        if !reply.is_empty() {
            assert_is_response(&path, &reply);
        }
    }
    assert_alive(&demo);
}

#[test]
fn mutated_messages_never_stop_the_server_nor_grow_its_memory() {
    let dir = tempfile::tempdir().unwrap();
    let mut demo = Demo::start(dir.path());
    let corpus = corpus();
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut round = |demo: &Demo| {
        for (_, bytes) in &corpus {
            let mutated = mutate(bytes, &mut state);
            let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
            let _ = socket.send_to(&mutated, demo.addr("udp"));
        }
    };
    for _ in 0..5 {
        round(&demo);
    }
    assert_alive(&demo);
    let warm = demo.rss_kib();
    for _ in 0..40 {
        round(&demo);
    }
    assert_alive(&demo);
    let after = demo.rss_kib();
    assert!(demo.is_running());
    assert!(after < warm + 16 * 1024, "memory grew from {warm} KiB to {after} KiB");
}

/// Flips, drops or duplicates a few bytes (xorshift, deterministic).
fn mutate(bytes: &[u8], state: &mut u64) -> Vec<u8> {
    let mut next = || {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    };
    let mut out = bytes.to_vec();
    for _ in 0..1 + next() % 4 {
        if out.is_empty() {
            break;
        }
        let at = (next() as usize) % out.len();
        match next() % 3 {
            0 => out[at] = next() as u8,
            1 => drop(out.remove(at)),
            _ => out.insert(at, out[at]),
        }
    }
    out
}
