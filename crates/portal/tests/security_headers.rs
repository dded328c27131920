//! Security headers on every response, including errors and redirects, and
//! no `Server` banner (issue 6 item 1).

mod common;

const EXPECTED: [(&str, &str); 5] = [
    ("strict-transport-security", "max-age=63072000; includeSubDomains"),
    ("content-security-policy", "default-src 'self'; script-src 'self'; frame-ancestors 'none'"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
    ("x-content-type-options", "nosniff"),
];

fn assert_secure(response: &common::client::Response, what: &str) {
    for (name, value) in EXPECTED {
        assert_eq!(response.header(name), Some(value), "{what}: {name}");
    }
    assert_eq!(response.header("server"), None, "{what}: no Server banner");
}

#[tokio::test]
async fn every_response_carries_the_headers() {
    let running = common::start(common::small_app(), portal::Limits::default()).await;
    let https = running.portal.https_addrs()[0];
    let ok = common::client::https(https, "GET", "/", "", "").await;
    assert_eq!(ok.status, 200);
    assert_secure(&ok, "200");
    let missing = common::client::https(https, "GET", "/nowhere", "", "").await;
    assert_eq!(missing.status, 404);
    assert_secure(&missing, "404");
    let redirect = common::client::http(running.portal.http_addrs()[0], "GET", "/", "").await;
    assert_eq!(redirect.status, 301);
    assert_secure(&redirect, "301");
}
