//! Only TLS 1.2 and 1.3 (issue 6 item 1): rustls clients limited to each
//! version get through; hand-made TLS 1.0 and 1.1 ClientHellos (RFC 2246,
//! RFC 4346) get an alert, never a ServerHello.

mod common;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[tokio::test]
async fn tls_1_2_and_1_3_are_accepted() {
    let running = common::start(common::small_app(), portal::Limits::default()).await;
    let addr = running.portal.https_addrs()[0];
    for version in [&rustls::version::TLS12, &rustls::version::TLS13] {
        let (stream, _) = common::client::connect(addr, &[version]).await.expect("handshake");
        assert_eq!(stream.get_ref().1.protocol_version(), Some(version.version));
        let response = common::client::exchange(stream, "GET", "/", "", "").await;
        assert_eq!((response.status, response.body.as_str()), (200, "home"), "{version:?}");
    }
}

#[tokio::test]
async fn tls_1_0_and_1_1_are_refused() {
    let running = common::start(common::small_app(), portal::Limits::default()).await;
    let addr = running.portal.https_addrs()[0];
    let control = first_record(addr, 3).await;
    assert_eq!(control.first(), Some(&0x16), "the same hello as TLS 1.2 gets a ServerHello: {control:02x?}");
    for minor in [1u8, 2] {
        let reply = first_record(addr, minor).await;
        assert!(!reply.is_empty(), "TLS 1.{}: the server should answer with an alert", minor - 1);
        assert_eq!(reply[0], 0x15, "TLS 1.{}: an alert record, not a handshake: {reply:02x?}", minor - 1);
        assert_eq!(reply.get(6), Some(&70), "TLS 1.{}: alert protocol_version (70): {reply:02x?}", minor - 1);
    }
}

/// The first bytes the server sends back to [`client_hello`].
async fn first_record(addr: std::net::SocketAddr, minor: u8) -> Vec<u8> {
    let mut tcp = TcpStream::connect(addr).await.unwrap();
    tcp.write_all(&client_hello(minor)).await.unwrap();
    let mut reply = vec![0; 7];
    let read = tokio::time::timeout(std::time::Duration::from_secs(5), tcp.read_exact(&mut reply)).await;
    if !matches!(read, Ok(Ok(_))) {
        reply.clear();
    }
    reply
}

/// A ClientHello of TLS 1.`minor - 1` (version 3.`minor`), offering
/// ECDHE-ECDSA (the self-signed key) with AES-128-CBC-SHA and AES-128-GCM, without the
/// supported_versions extension of TLS 1.3.
fn client_hello(minor: u8) -> Vec<u8> {
    let mut body = vec![3, minor];
    body.extend([7u8; 32]); // random
    body.push(0); // session id
    body.extend([0, 4, 0xc0, 0x09, 0xc0, 0x2b]); // cipher suites
    body.extend([1, 0]); // null compression
    let extensions = [
        0x00, 0x0a, 0, 4, 0, 2, 0, 0x17, // supported_groups: secp256r1
        0x00, 0x0b, 0, 2, 1, 0, // ec_point_formats: uncompressed
        0x00, 0x0d, 0, 8, 0, 6, 0x08, 0x04, 0x04, 0x03, 0x04, 0x01, // signature_algorithms
    ];
    body.extend(u16::try_from(extensions.len()).unwrap().to_be_bytes());
    body.extend(extensions);
    let mut handshake = vec![1, 0];
    handshake.extend(u16::try_from(body.len()).unwrap().to_be_bytes());
    handshake.extend(body);
    let mut record = vec![0x16, 3, 1];
    record.extend(u16::try_from(handshake.len()).unwrap().to_be_bytes());
    record.extend(handshake);
    record
}
