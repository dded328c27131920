//! Plain HTTP answers every method and path with only a 301 to the same
//! path and query on the HTTPS origin (issue 6 item 1).

mod common;

#[tokio::test]
async fn every_method_and_path_is_redirected_to_https() {
    let running = common::start(common::small_app(), portal::Limits::default()).await;
    let (http, https_port) = (running.portal.http_addrs()[0], running.portal.https_addrs()[0].port());
    let cases = [
        ("GET", "/"),
        ("GET", "/sign-in?next=%2Fdashboard"),
        ("POST", "/api/v1/ping"),
        ("PUT", "/does/not/exist"),
        ("DELETE", "/api/v1/extensions/1001"),
        ("HEAD", "/static/portal.css"),
    ];
    for (method, path) in cases {
        let response = common::client::http(http, method, path, "").await;
        assert_eq!(response.status, 301, "{method} {path}");
        let expected = format!("https://localhost:{https_port}{path}");
        assert_eq!(response.header("location"), Some(expected.as_str()), "{method} {path}");
        assert!(!response.body.contains("home") && !response.body.contains("pong"), "{method} {path}: no content");
    }
}

#[tokio::test]
async fn a_hostile_host_header_is_not_echoed() {
    let running = common::start(common::small_app(), portal::Limits::default()).await;
    let http = running.portal.http_addrs()[0];
    let stream = tokio::net::TcpStream::connect(http).await.unwrap();
    let raw = "GET /x HTTP/1.1\r\nHost: evil.example/@other\r\nConnection: close\r\n\r\n";
    let response = send_raw(stream, raw).await;
    assert!(response.starts_with("HTTP/1.1 301"), "{response}");
    assert!(!response.contains("evil.example"), "{response}");
}

async fn send_raw(mut stream: tokio::net::TcpStream, raw: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream.write_all(raw.as_bytes()).await.unwrap();
    let mut out = String::new();
    let _ = stream.read_to_string(&mut out).await;
    out
}
