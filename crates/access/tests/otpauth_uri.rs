//! Issue 5 check: an authenticator-compatible `otpauth://` URI, parsed back
//! here and its codes computed by a second RFC 6238 implementation written in
//! this file (HMAC-SHA-1, dynamic truncation, 6 digits, 30 s), not the crate's.

use std::collections::HashMap;

use access::totp::{Enrolment, Totp};
use hmac::{Hmac, KeyInit, Mac};
use jiff::Timestamp;
use sha1::Sha1;

struct Parsed {
    kind: String,
    label: String,
    query: HashMap<String, String>,
}

fn parse(uri: &str) -> Parsed {
    let rest = uri.strip_prefix("otpauth://").expect("otpauth scheme");
    let (kind, rest) = rest.split_once('/').expect("type/label");
    let (label, query) = rest.split_once('?').expect("query");
    let query = query
        .split('&')
        .map(|pair| pair.split_once('=').expect("key=value"))
        .map(|(k, v)| (k.to_owned(), percent_decode(v)))
        .collect();
    Parsed { kind: kind.to_owned(), label: percent_decode(label), query }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).expect("hex"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

/// RFC 4648 base 32, unpadded, decoded bit by bit.
fn base32_decode(text: &str) -> Vec<u8> {
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let bits: Vec<u8> = text
        .chars()
        .flat_map(|c| {
            let value = alphabet.find(c).expect("base32 symbol") as u8;
            (0..5).rev().map(move |shift| (value >> shift) & 1)
        })
        .collect();
    bits.chunks_exact(8).map(|byte| byte.iter().fold(0u8, |acc, bit| (acc << 1) | bit)).collect()
}

/// RFC 6238 §4: TOTP = HOTP(K, floor(unix / 30)), RFC 4226 §5.3 truncation.
fn reference_totp(key: &[u8], unix_seconds: u64) -> String {
    let counter = unix_seconds / 30;
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[19] & 0xf) as usize;
    let binary = ((u32::from(digest[offset]) & 0x7f) << 24)
        | (u32::from(digest[offset + 1]) << 16)
        | (u32::from(digest[offset + 2]) << 8)
        | u32::from(digest[offset + 3]);
    format!("{:06}", binary % 1_000_000)
}

#[test]
fn the_uri_follows_the_key_uri_format() {
    let enrolment = Enrolment::start("callvault", "ann.lee@example.com").unwrap();
    let parsed = parse(&enrolment.uri);
    assert_eq!(parsed.kind, "totp");
    assert_eq!(parsed.label, "callvault:ann.lee@example.com");
    assert_eq!(parsed.query["issuer"], "callvault");
    assert_eq!(parsed.query["algorithm"], "SHA1");
    assert_eq!(parsed.query["digits"], "6");
    assert_eq!(parsed.query["period"], "30");
    assert!(!parsed.query["secret"].contains('='), "authenticators expect the secret unpadded");
}

#[test]
fn the_secret_is_160_random_bits() {
    let first = Enrolment::start("callvault", "a@example.com").unwrap();
    let second = Enrolment::start("callvault", "a@example.com").unwrap();
    let key = base32_decode(&parse(&first.uri).query["secret"]);
    assert_eq!(key.len(), 20);
    assert_eq!(key, first.secret.as_bytes());
    assert_ne!(first.secret.as_bytes(), second.secret.as_bytes());
}

#[test]
fn codes_from_the_uri_match_an_independent_implementation() {
    let enrolment = Enrolment::start("Example Carrier", "ann@example.com").unwrap();
    let key = base32_decode(&parse(&enrolment.uri).query["secret"]);
    let totp = Totp::new(enrolment.secret);
    for unix in [59u64, 1_111_111_109, 1_700_000_000, 1_800_000_029, 1_800_000_030, 4_102_444_800] {
        let now = Timestamp::from_second(unix as i64).unwrap();
        let expected = reference_totp(&key, unix);
        assert_eq!(totp.code_at(now), expected, "at {unix}");
        assert!(totp.verify(&expected, now, None).is_ok(), "verify at {unix}");
    }
}
