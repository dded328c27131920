//! Nothing personal or secret in plaintext on disk, through the product
//! (issue 3, "How it will be checked", first bullet).
//!
//! The real binary is provisioned with a customer whose extensions carry
//! distinctive personal names and passwords, a person is added with
//! `callvault user add … --totp` as an operator would (the test reads the
//! TOTP secret from the printed otpauth URI), `serve` runs from a config
//! file, two registered extensions call each other (answered, then hung
//! up) and one of them dials an outside-style number that the product
//! refuses (404) but still writes a CDR for: so CDRs are written by the
//! product itself. The product has no path yet for recordings or payment
//! methods, so a recording of a known tone and a payment method are added
//! through the store API. Then every file of the data folder (the SQLite
//! database, its WAL while the store is still open, the blob folder, and
//! again after the store closed) is searched byte for byte for: the
//! display names, the SIP passwords, their HA1s (hex and raw), the outside
//! number as the CDR carries it, both payment profile ids, the payment
//! method's label, a stretch of the tone, and the person's sign-in name,
//! password and TOTP secret (base 32 text and raw bytes). None is found,
//! while the store still opens and confirms a TOTP code computed from that
//! secret: the value is stored, sealed.
//!
//! What stays plain, and why: slugs, SIP domains and extension numbers are
//! lookup keys (ARCHITECTURE.md, principle 5), so the internal extension
//! numbers of the answered call (201, 202) are on disk as `extensions.number`
//! even though the CDR's sealed parties also hold them; the search for them
//! would prove nothing, which is why the outside number is the CDR party
//! searched for. The control: the customer's slug, which is plain, is found
//! in the database by the same search.

mod common;

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::phone::{Phone, sdp};
use model::{AuthorizeNetProfile, PaymentReference};
use sip::digest::{Algorithm, ha1};
use sip::{Message, Method};
use store::{BlobKind, Store};

const SLUG: &str = "harbourview-physio";
const DOMAIN: &str = "harbourview.example";
/// (number, display name, password) of the two extensions.
const PEOPLE: [(&str, &str, &str); 2] = [
    ("201", "Zebulon Featherstonehaugh", "lighthouse-tangerine-41"),
    ("202", "Philippa Quartermaine", "marigold-saxophone-77"),
];
/// An outside-style number dialed from 201: no extension, so refused (404), CDR written.
const OUTSIDE: &str = "12025550187";
const PROFILE: (&str, &str) = ("4815162342", "2718281828");
const LABEL: &str = "Visa of Zebulon Featherstonehaugh";
/// A 1 kHz tone at 8 kHz in μ-law: eight samples a period.
const TONE_PERIOD: [u8; 8] = [0xff, 0x9a, 0x8f, 0x9a, 0x7f, 0x1a, 0x0f, 0x1a];
const WAIT: Duration = Duration::from_secs(5);
/// A person added with `callvault user add … --totp` (issue 3 names "a TOTP secret").
const LOGIN: &str = "zebulon.featherstonehaugh@harbourview-physio.com";
const LOGIN_PASSWORD: &str = "quince-accordion-harbour-93";

/// `callvault user add --totp` as an operator runs it; the printed otpauth URI.
fn add_person_with_totp(data: &Path) -> String {
    let args = ["user", "add", "--data-dir", data.to_str().unwrap(), "--customer", SLUG, "--email", LOGIN];
    let mut child = Command::new(env!("CARGO_BIN_EXE_callvault"))
        .args(args)
        .args(["--role", "user", "--password-stdin", "--totp"])
        .env_remove("CALLVAULT_CONFIG")
        .env_remove("CALLVAULT_DATA_DIR")
        .env_remove(store::KEK_ENV)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), format!("{LOGIN_PASSWORD}\n").as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let printed = common::printed(&output);
    assert!(output.status.success(), "{printed}");
    printed.lines().find(|line| line.starts_with("otpauth://totp/")).expect("the enrolment URI").to_owned()
}

/// The `secret` parameter of an otpauth URI: (base 32 text, raw bytes, RFC 4648).
fn secret_of(uri: &str) -> (String, Vec<u8>) {
    let query = uri.split_once('?').unwrap().1;
    let encoded = query.split('&').find_map(|pair| pair.strip_prefix("secret=")).unwrap();
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut bits, mut value, mut raw) = (0u32, 0u64, Vec::new());
    for symbol in encoded.bytes() {
        value = (value << 5) | alphabet.iter().position(|&a| a == symbol).unwrap() as u64;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            raw.push((value >> bits) as u8);
        }
    }
    (encoded.to_owned(), raw)
}

fn provision_text() -> String {
    let mut text = format!(
        "[[reseller]]\nslug = \"coastal\"\nname = \"Coastal Telecom\"\n\n\
         [[customer]]\nslug = \"{SLUG}\"\nname = \"Harbourview Physiotherapy\"\nreseller = \"coastal\"\n\
         sip_domain = \"{DOMAIN}\"\ndefault = true\n"
    );
    for (number, name, password) in PEOPLE {
        text += &format!(
            "\n[[extension]]\ncustomer = \"{SLUG}\"\nnumber = \"{number}\"\npassword = \"{password}\"\n\
             display_name = \"{name}\"\n"
        );
    }
    text
}

/// `callvault serve --config` on one UDP port; its standard error is drained.
struct Serve {
    child: Child,
    addr: SocketAddr,
}

impl Serve {
    fn start(dir: &Path, data: &Path) -> Self {
        let port = UdpSocket::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let config = dir.join("callvault.toml");
        let text = format!(
            "data_dir = {data:?}\n[portal]\nhttps = [\"127.0.0.1:0\"]\nhttp = [\"127.0.0.1:0\"]\n[sip]\nudp = [\"127.0.0.1:{port}\"]\ntcp = []\ntls = []\n\
             server_names = [\"127.0.0.1\"]\n"
        );
        std::fs::write(&config, text).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_callvault"))
            .args(["serve", "--config"])
            .arg(&config)
            .env_remove(store::KEK_ENV)
            .env("CALLVAULT_LOG", "info")
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        assert!(lines.by_ref().map_while(Result::ok).any(|l| l.contains("callvault is serving")), "serve started");
        std::thread::spawn(move || lines.for_each(drop));
        Self { child, addr: SocketAddr::from(([127, 0, 0, 1], port)) }
    }

    /// SIGTERM, and whether it exited cleanly.
    fn stop(mut self) -> bool {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        self.child.wait().is_ok_and(|status| status.success())
    }
}

fn registered(serve: &Serve, (number, _, password): (&str, &str, &str)) -> Phone {
    let mut phone = Phone::new(serve.addr, number, DOMAIN, password);
    assert_eq!(phone.register(), 200, "{number} registers");
    phone
}

/// 201 calls 202, 202 answers, 201 hangs up.
fn answered_call(alice: &mut Phone, bob: &mut Phone) {
    let mut dialog = std::thread::scope(|scope| {
        let calling = scope.spawn(|| alice.call("202", DOMAIN, &[], &sdp(40000)));
        let invite = bob.request_of(&Method::Invite, WAIT).expect("leg B's INVITE");
        bob.respond(&invite, 200, "bobtag", Some(&sdp(40002)));
        let (dialog, response) = calling.join().unwrap();
        assert_eq!(response.status, 200, "the call is answered");
        dialog
    });
    let ack = alice.in_dialog(&mut dialog, Method::Ack);
    alice.send(&Message::Request(ack));
    assert!(bob.request_of(&Method::Ack, WAIT).is_some(), "the ACK reaches 202");
    let bye = alice.in_dialog(&mut dialog, Method::Bye);
    alice.send(&Message::Request(bye));
    assert_eq!(alice.final_response(&dialog.call_id, &Method::Bye, WAIT).map(|r| r.status), Some(200));
    let relayed = bob.request_of(&Method::Bye, WAIT).expect("the BYE reaches 202");
    bob.respond(&relayed, 200, "bobtag", None);
}

/// Every value that must not be on disk in plaintext, with what it is.
fn secrets(tone: &[u8], (totp_base32, totp_raw): &(String, Vec<u8>)) -> Vec<(String, Vec<u8>)> {
    let mut values = vec![
        ("sign-in name".to_owned(), LOGIN.as_bytes().to_vec()),
        ("sign-in password".into(), LOGIN_PASSWORD.as_bytes().to_vec()),
        ("TOTP secret, base 32".into(), totp_base32.as_bytes().to_vec()),
        ("TOTP secret, base 32 lower-case".into(), totp_base32.to_lowercase().into_bytes()),
        ("TOTP secret, raw".into(), totp_raw.clone()),
        ("outside number".into(), OUTSIDE.as_bytes().to_vec()),
        ("payment customer profile id".into(), PROFILE.0.as_bytes().to_vec()),
        ("payment payment profile id".into(), PROFILE.1.as_bytes().to_vec()),
        ("payment label".into(), LABEL.as_bytes().to_vec()),
        ("tone".into(), tone[..256].to_vec()),
    ];
    for (number, name, password) in PEOPLE {
        values.push((format!("display name of {number}"), name.as_bytes().to_vec()));
        values.push((format!("password of {number}"), password.as_bytes().to_vec()));
        for algorithm in [Algorithm::Md5, Algorithm::Sha256] {
            let hex_ha1 = ha1(algorithm, number, DOMAIN, password);
            values.push((format!("HA1 of {number}, raw"), hex::decode(&hex_ha1).unwrap()));
            values.push((format!("HA1 of {number}, hex"), hex_ha1.into_bytes()));
        }
    }
    values
}

/// Every regular file under `dir` with its bytes.
fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            found.push((path, bytes));
        }
    }
    found
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

/// Searches every file under `data` for each secret; panics naming what was found where.
fn assert_nothing_plain(data: &Path, secrets: &[(String, Vec<u8>)], expect_wal: bool) {
    let files = files_under(data);
    let names: Vec<String> = files.iter().map(|(p, _)| p.strip_prefix(data).unwrap().display().to_string()).collect();
    assert!(names.iter().any(|n| n == "callvault.db"), "{names:?}");
    assert!(!expect_wal || names.iter().any(|n| n == "callvault.db-wal"), "no WAL to search: {names:?}");
    assert!(names.iter().any(|n| n.starts_with("blobs/")), "no blob file to search: {names:?}");
    for (what, value) in secrets {
        for (path, bytes) in &files {
            assert!(!contains(bytes, value), "{what} is in plaintext in {}", path.display());
        }
    }
    let database = &files.iter().find(|(p, _)| p.ends_with("callvault.db")).unwrap().1;
    let wal = files.iter().find(|(p, _)| p.ends_with("callvault.db-wal")).map(|(_, b)| b.as_slice());
    let slug_found = contains(database, SLUG.as_bytes()) || wal.is_some_and(|wal| contains(wal, SLUG.as_bytes()));
    assert!(slug_found, "control: the plain slug is not found, so the search finds nothing");
}

#[test]
fn nothing_personal_or_secret_is_on_disk_in_plaintext() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("provision.toml");
    std::fs::write(&file, provision_text()).unwrap();
    let provisioned =
        common::run_callvault(&["provision", "--data-dir", data.to_str().unwrap(), file.to_str().unwrap()]);
    assert!(provisioned.status.success(), "{}", common::printed(&provisioned));
    let totp = secret_of(&add_person_with_totp(&data));
    assert_eq!(totp.1.len(), 20, "an RFC 4226 160-bit secret");

    let serve = Serve::start(dir.path(), &data);
    let (mut alice, mut bob) = (registered(&serve, PEOPLE[0]), registered(&serve, PEOPLE[1]));
    answered_call(&mut alice, &mut bob);
    assert_eq!(alice.call(OUTSIDE, DOMAIN, &[], &sdp(40004)).1.status, 404, "the outside number is refused");
    assert!(serve.stop(), "serve stops cleanly");

    let tone: Vec<u8> = TONE_PERIOD.iter().copied().cycle().take(16_000).collect();
    let secrets = secrets(&tone, &totp);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let store = Store::open(&data).await.expect("the store opens with the data folder's KEK");
        let customer = store.tenant_by_slug(SLUG).await.unwrap().expect("the customer").id;
        let cdrs = store
            .cdrs_page(
                &compliance::CpniRequest::host_operator(
                    "operator:test",
                    compliance::Purpose::NetworkOperations,
                    "test",
                ),
                &customer,
                None,
                100,
            )
            .await
            .unwrap();
        assert_eq!(cdrs.len(), 2, "the product wrote a CDR per call: {cdrs:?}");
        assert!(cdrs.iter().any(|cdr| cdr.callee == OUTSIDE), "a CDR names the outside number: {cdrs:?}");
        let profile = AuthorizeNetProfile::parse(PROFILE.0, PROFILE.1).unwrap();
        store.add_payment_method(&customer, &PaymentReference::AuthorizeNet(profile), LABEL).await.unwrap();
        store.put_blob(&customer, BlobKind::Recording, Some("201"), tone.as_slice()).await.unwrap();
        let person = store.person_by_login(LOGIN).await.unwrap().expect("the person added by the CLI");
        let now = jiff::Timestamp::now();
        let code = access::totp::Totp::new(access::totp::Secret::from_bytes(totp.1.clone())).code_at(now);
        let recovery = store.confirm_totp(&person.id, &code, now).await.expect("the stored secret confirms the code");
        assert_eq!(recovery.codes.len(), 10);
        assert_nothing_plain(&data, &secrets, true);
        store.close().await;
    });
    assert_nothing_plain(&data, &secrets, false);
}
