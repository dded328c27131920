//! Registration with digest authentication against the running demo
//! (RFC 3261 §10.3, §22; RFC 7616), over UDP, TCP and TLS.

mod common;

use common::Demo;
use common::ua::Ua;
use sip::HeaderName;

const DOMAIN: &str = "demo.callvault.test";

fn contacts(response: &sip::Response) -> Vec<String> {
    response.headers.get_all(&HeaderName::Contact).map(str::to_owned).collect()
}

#[test]
fn a_phone_registers_over_udp_tcp_and_tls() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(dir.path());
    let password = demo.password("1001");
    let certificate = demo.data_dir.join("tls/cert.pem");
    for mut ua in [Ua::udp(demo.addr("udp")), Ua::tcp(demo.addr("tcp")), Ua::tls(demo.addr("tls"), &certificate)] {
        let contact = format!("Contact: <sip:1001@{}>\r\n", ua.local);
        let ok = ua.register("1001", DOMAIN, &password, &contact);
        assert_eq!(ok.status, 200, "{ok:?}");
        assert!(contacts(&ok).iter().any(|c| c.contains(&ua.local.to_string())), "{ok:?}");
    }
}

#[test]
fn the_demo_challenges_with_md5_alone_for_phones_in_service() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(dir.path());
    let mut ua = Ua::udp(demo.addr("udp"));
    let text = ua.register_text("1001", DOMAIN, "Contact: <sip:1001@127.0.0.1:9>\r\n");
    let challenge = ua.request(text.as_bytes());
    assert_eq!(challenge.status, 401);
    let offered: Vec<_> = challenge.headers.get_all(&HeaderName::WwwAuthenticate).collect();
    assert_eq!(offered.len(), 1, "{offered:?}");
    assert!(offered[0].contains("algorithm=MD5"), "{offered:?}");
    assert!(offered.iter().all(|c| c.contains(&format!("realm=\"{DOMAIN}\""))), "{offered:?}");
}

#[test]
fn the_bare_server_address_lands_in_the_default_customer() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(dir.path());
    let password = demo.password("1002");
    let mut ua = Ua::udp(demo.addr("udp"));
    let ok = ua.register("1002", "127.0.0.1", &password, "Contact: <sip:1002@127.0.0.1:9>\r\n");
    assert_eq!(ok.status, 200, "{ok:?}");
}

#[test]
fn a_query_lists_bindings_and_expires_zero_removes_one() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(dir.path());
    let password = demo.password("1003");
    let mut ua = Ua::tcp(demo.addr("tcp"));
    let two = "Contact: <sip:1003@192.0.2.1:5060>, <sip:1003@192.0.2.2:5060>;expires=600\r\n";
    assert_eq!(contacts(&ua.register("1003", DOMAIN, &password, two)).len(), 2);
    let query = ua.register("1003", DOMAIN, &password, "");
    assert_eq!(contacts(&query).len(), 2, "{query:?}");
    let second = contacts(&query).into_iter().find(|c| c.contains("192.0.2.2")).expect("the second contact");
    let remaining: u32 = second.rsplit("expires=").next().and_then(|v| v.parse().ok()).expect("expires");
    assert!((590..=600).contains(&remaining), "{second}");
    let remove = "Contact: <sip:1003@192.0.2.1:5060>\r\nExpires: 0\r\n";
    let left = contacts(&ua.register("1003", DOMAIN, &password, remove));
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0].contains("192.0.2.2"), "{left:?}");
    let all = "Contact: *\r\nExpires: 0\r\n";
    let cleared = ua.register("1003", DOMAIN, &password, all);
    assert_eq!(cleared.status, 200, "{cleared:?}");
    assert!(contacts(&cleared).is_empty(), "{cleared:?}");
}

#[test]
fn too_brief_an_expiry_gets_423_with_min_expires() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(dir.path());
    let password = demo.password("1004");
    let mut ua = Ua::udp(demo.addr("udp"));
    let brief = ua.register("1004", DOMAIN, &password, "Contact: <sip:1004@192.0.2.1>;expires=5\r\n");
    assert_eq!(brief.status, 423, "{brief:?}");
    assert_eq!(brief.headers.get(&HeaderName::MinExpires), Some("60"));
}

#[test]
fn a_client_that_trusts_another_certificate_refuses_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(&dir.path().join("data"));
    let stranger = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let stranger_pem = dir.path().join("stranger.pem");
    std::fs::write(&stranger_pem, stranger.cert.pem()).unwrap();
    let mut ua = Ua::tls(demo.addr("tls"), &stranger_pem);
    let text = ua.register_text("1001", DOMAIN, "");
    assert!(ua.try_send(text.as_bytes()).is_err(), "the handshake succeeded with the wrong trust anchor");
}
