//! `callvault user add|role|disable` and `access grant|list|revoke` with the
//! real binary: a security officer is created and gets a one-time otpauth
//! URI (an end user only with `--totp`); a weak password is refused; a grant is refused to a non-officer
//! issuer and to an officer whose TOTP is not yet confirmed; after the
//! officer's first sign-in with a code from the URI (computed here
//! independently) confirms it, a grant is issued, listed active, revoked,
//! and listed revoked.

mod common;

use std::io::Write;
use std::net::IpAddr;
use std::path::Path;
use std::process::{Command, Stdio};

use access::password::Hasher;
use access::totp::{Secret, Totp};
use store::{SignInAttempt, Store};

const PASSWORD: &str = "a long and unguessable passphrase 7";
const OFFICER: &str = "sam.officer@example.com";
const ENGINEER: &str = "eli.engineer@example.com";
const PROVISIONING: &str = r#"
[[reseller]]
slug = "acme"
name = "Acme Telecom"

[[customer]]
slug = "shop"
name = "The Shop"
reseller = "acme"
sip_domain = "shop.example.net"
"#;

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn callvault(args: &[&str]) -> (bool, String) {
    let output = common::run_callvault(args);
    (output.status.success(), common::printed(&output))
}

/// Runs callvault with `stdin` on its standard input.
fn callvault_with_stdin(args: &[&str], stdin: &str) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_callvault"))
        .args(args)
        .env_remove("CALLVAULT_CONFIG")
        .env_remove("CALLVAULT_DATA_DIR")
        .env_remove(store::KEK_ENV)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    (output.status.success(), common::printed(&output))
}

fn add_user(dir: &str, home: &[&str], email: &str, role: &str, password: &str) -> (bool, String) {
    let mut args = vec!["user", "add", "--data-dir", dir, "--email", email, "--role", role, "--password-stdin"];
    args.extend_from_slice(home);
    callvault_with_stdin(&args, &format!("{password}\n"))
}

/// The `secret` parameter of an otpauth URI, decoded from RFC 4648 base 32.
fn secret_of(uri: &str) -> Vec<u8> {
    let query = uri.split_once('?').unwrap().1;
    let encoded = query.split('&').find_map(|pair| pair.strip_prefix("secret=")).unwrap();
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut bits, mut value, mut out) = (0u32, 0u64, Vec::new());
    for symbol in encoded.bytes() {
        value = (value << 5) | alphabet.iter().position(|&a| a == symbol).unwrap() as u64;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((value >> bits) as u8);
        }
    }
    out
}

fn grant(dir: &str, issuer: &str) -> (bool, String) {
    callvault(&[
        "access",
        "grant",
        "--data-dir",
        dir,
        "--grantee",
        ENGINEER,
        "--scope",
        "shop",
        "--permissions",
        "cdr.read,pbx.configure",
        "--hours",
        "2",
        "--issuer",
        issuer,
    ])
}

/// The officer's first sign-in, with a code from the enrolment URI.
async fn first_sign_in(dir: &Path, uri: &str) {
    let store = Store::open(dir).await.unwrap();
    let code = Totp::new(Secret::from_bytes(secret_of(uri))).code_at(jiff::Timestamp::now());
    let source: IpAddr = "192.0.2.1".parse().unwrap();
    let attempt = SignInAttempt { login: OFFICER, password: PASSWORD, second_factor: Some(&code), source };
    let signed_in = store.authenticate(&Hasher::current(), &attempt, jiff::Timestamp::now()).await.unwrap();
    assert_eq!(signed_in.recovery_codes.unwrap().codes.len(), 10, "confirmation shows the recovery codes");
    store.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn users_and_grants_from_the_command_line() {
    let data = tempfile::tempdir().unwrap();
    let dir = path(data.path());
    let file = data.path().join("provision.toml");
    std::fs::write(&file, PROVISIONING).unwrap();
    assert!(callvault(&["provision", "--data-dir", dir, path(&file)]).0);

    let (ok, weak) = add_user(dir, &["--customer", "shop"], "ann@example.com", "user", "password");
    assert!(!ok, "a common password is refused: {weak}");
    let (ok, out) = add_user(dir, &["--customer", "shop"], "ann@example.com", "user", PASSWORD);
    assert!(ok && !out.contains("otpauth://"), "an end user gets no enrolment: {out}");
    let (ok, out) = add_user(dir, &["--platform"], OFFICER, "security_officer", PASSWORD);
    assert!(ok, "{out}");
    let uri = out.lines().find(|line| line.starts_with("otpauth://totp/")).expect("the enrolment URI").to_owned();
    assert!(add_user(dir, &["--platform"], ENGINEER, "platform_admin", PASSWORD).0);
    let (ok, out) = add_user(dir, &["--customer", "shop", "--totp"], "bea@example.com", "user", PASSWORD);
    assert!(ok && out.contains("otpauth://totp/callvault:bea%40example.com?"), "offered on request: {out}");
    let (ok, out) = callvault(&["user", "role", "--data-dir", dir, "--email", "ann@example.com", "--role", "support"]);
    assert!(!ok, "support is a platform role, not a customer's: {out}");
    assert!(callvault(&["user", "disable", "--data-dir", dir, "--email", "ann@example.com"]).0);

    let (ok, out) = grant(dir, ENGINEER);
    assert!(!ok && out.contains("security officer"), "{out}");
    let (ok, out) = grant(dir, OFFICER);
    assert!(!ok && out.contains("second factor"), "TOTP not confirmed yet: {out}");
    first_sign_in(data.path(), &uri).await;
    let (ok, out) = grant(dir, OFFICER);
    assert!(ok, "{out}");
    let id = out.split_whitespace().nth(1).unwrap().to_owned();

    let (ok, list) = callvault(&["access", "list", "--data-dir", dir]);
    let line = list.lines().find(|line| line.starts_with(&id)).unwrap_or_else(|| panic!("{list}"));
    assert!(ok && line.contains(" active ") && line.contains("permissions=cdr.read,pbx.configure"), "{line}");
    assert!(callvault(&["access", "revoke", "--data-dir", dir, &id]).0);
    let (_, list) = callvault(&["access", "list", "--data-dir", dir]);
    assert!(list.lines().any(|line| line.starts_with(&id) && line.contains(" revoked ")), "{list}");
    assert!(!callvault(&["access", "revoke", "--data-dir", dir, "no-such-grant"]).0);
}
