//! Transport limits (issue 6 item 1): per-client rate limits on sign-in and
//! the API answer 429 with `Retry-After` (JSON error shape on the API), an
//! oversized body gets 413, a request over its deadline 408.

mod common;

use std::time::Duration;

use portal::Limits;

fn tight() -> Limits {
    Limits {
        sign_in_burst: 3,
        sign_in_every: Duration::from_secs(60),
        api_burst: 5,
        api_every: Duration::from_secs(30),
        token_burst: 4,
        token_every: Duration::from_secs(60),
        body_bytes: 1024,
        request_timeout: Duration::from_millis(300),
    }
}

#[tokio::test]
async fn sign_in_is_rate_limited_per_client() {
    let running = common::start(common::small_app(), tight()).await;
    let https = running.portal.https_addrs()[0];
    for _ in 0..3 {
        assert_eq!(common::client::https(https, "POST", "/sign-in", "", "").await.status, 200);
    }
    let refused = common::client::https(https, "POST", "/sign-in", "", "").await;
    assert_eq!(refused.status, 429);
    let wait: u64 = refused.header("retry-after").expect("Retry-After").parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(common::client::https(https, "GET", "/", "", "").await.status, 200, "pages stay open");
}

#[tokio::test]
async fn the_api_is_rate_limited_with_a_json_error() {
    let running = common::start(common::small_app(), tight()).await;
    let https = running.portal.https_addrs()[0];
    for _ in 0..5 {
        assert_eq!(common::client::https(https, "GET", "/api/v1/ping", "", "").await.status, 200);
    }
    let refused = common::client::https(https, "GET", "/api/v1/ping", "", "").await;
    assert_eq!(refused.status, 429);
    assert!(refused.header("retry-after").is_some());
    let body: serde_json::Value = serde_json::from_str(&refused.body).expect("JSON body");
    assert_eq!(body["error"]["code"], "rate_limited");
    assert!(body["error"]["message"].is_string());
}

/// RFC 6749 §2.3.1: client passwords at the token endpoint are guarded
/// against brute force; pages and sign-in keep their own buckets.
#[tokio::test]
async fn code_exchanges_are_rate_limited_per_client_with_a_json_error() {
    let running = common::start(common::small_app(), tight()).await;
    let https = running.portal.https_addrs()[0];
    let form = "Content-Type: application/x-www-form-urlencoded\r\n";
    for _ in 0..4 {
        let answer = common::client::https(https, "POST", "/oauth2/token", form, "grant_type=x").await;
        assert_ne!(answer.status, 429);
    }
    let refused = common::client::https(https, "POST", "/oauth2/token", form, "grant_type=x").await;
    assert_eq!(refused.status, 429);
    let wait: u64 = refused.header("retry-after").expect("Retry-After").parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let body: serde_json::Value = serde_json::from_str(&refused.body).expect("JSON body");
    assert_eq!(body["error"]["code"], "rate_limited");
    assert_eq!(common::client::https(https, "POST", "/sign-in", "", "").await.status, 200, "sign-in has its own");
}

#[tokio::test]
async fn oversized_bodies_and_slow_requests_are_cut_off() {
    let running = common::start(common::small_app(), tight()).await;
    let https = running.portal.https_addrs()[0];
    let big = "x".repeat(4096);
    let refused = common::client::https(https, "POST", "/sign-in", "Content-Type: text/plain\r\n", &big).await;
    assert_eq!(refused.status, 413);
    let slow = common::client::https(https, "GET", "/slow", "", "").await;
    assert_eq!(slow.status, 408);
}
