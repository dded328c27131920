//! RFC 7616 §3.9, RFC 2617 §3.5 and RFC 2069 §2.4 worked examples, read from
//! `tests/data/rfc7616/vectors.txt`, checked on the client and server side.

use std::collections::HashMap;

use sip::Method;
use sip::digest::{Challenge, Credentials, Secret, ha1, response};

type Vector = HashMap<String, String>;

fn vectors() -> Vec<Vector> {
    let text = include_str!("data/rfc7616/vectors.txt");
    let body: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    body.join("\n")
        .split("\n\n")
        .filter(|block| !block.trim().is_empty())
        .map(|block| {
            block.lines().filter_map(|l| l.split_once(": ")).map(|(k, v)| (k.to_owned(), v.to_owned())).collect()
        })
        .collect()
}

fn challenge_of(v: &Vector) -> Challenge {
    let mut header = format!(
        "Digest realm=\"{}\", nonce=\"{}\", opaque=\"{}\", algorithm={}",
        v["realm"], v["nonce"], v["opaque"], v["algorithm"]
    );
    if let Some(qop) = v.get("qop") {
        header.push_str(&format!(", qop=\"{qop}\""));
    }
    if v.contains_key("userhash") {
        header.push_str(", userhash=true");
    }
    header.parse().expect("challenge parses")
}

fn answer(v: &Vector, secret: Secret<'_>) -> Credentials {
    let nc = v["nc"].parse().unwrap();
    let method = Method::from_token(&v["method"]);
    Credentials::answer(&challenge_of(v), &method, &v["uri"], &v["username"], secret, &v["cnonce"], nc).expect("answer")
}

#[test]
fn there_are_five_vectors() {
    assert_eq!(vectors().len(), 5);
}

#[test]
fn the_client_answer_reproduces_every_published_response() {
    for v in vectors() {
        let creds = answer(&v, Secret::Password(&v["password"]));
        assert_eq!(creds.response, v["response"], "{}", v["name"]);
        let username = v.get("hashed-username").unwrap_or(&v["username"]);
        assert_eq!(&creds.username, username, "{}", v["name"]);
    }
}

#[test]
fn answering_from_a_stored_ha1_gives_the_same_response() {
    for v in vectors() {
        let alg = challenge_of(&v).algorithm;
        let stored = ha1(alg, &v["username"], &v["realm"], &v["password"]);
        assert_eq!(answer(&v, Secret::Ha1(&stored)).response, v["response"], "{}", v["name"]);
    }
}

#[test]
fn printed_credentials_reparse_and_rehash_to_the_response() {
    for v in vectors() {
        let creds = answer(&v, Secret::Password(&v["password"]));
        let parsed: Credentials = creds.to_string().parse().expect("reparses");
        assert_eq!(parsed, creds, "{}", v["name"]);
        let alg = parsed.algorithm;
        let stored = ha1(alg, &v["username"], &v["realm"], &v["password"]);
        assert_eq!(response(&parsed, &v["method"], &stored), v["response"], "{}", v["name"]);
    }
}

#[test]
fn no_qop_answers_carry_neither_nc_nor_cnonce() {
    let v = vectors().into_iter().find(|v| !v.contains_key("qop")).unwrap();
    let printed = answer(&v, Secret::Password(&v["password"])).to_string();
    assert!(!printed.contains("nc=") && !printed.contains("cnonce=") && !printed.contains("qop="));
}

#[test]
fn the_md5_credentials_of_rfc_7616_parse_as_printed_in_the_rfc() {
    let text = "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", \
        algorithm=MD5, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", nc=00000001, \
        cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", qop=auth, \
        response=\"8ca523f5e9506fed4657c9700eebdbec\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
    let creds: Credentials = text.parse().unwrap();
    let stored = ha1(creds.algorithm, "Mufasa", "http-auth@example.org", "Circle of Life");
    assert_eq!(response(&creds, "GET", &stored), creds.response);
}
