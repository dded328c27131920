//! `callvault demo --json` prints the portal's URL and its administrators'
//! sign-in details (issue 6 item 5), and they work: curl signs in over
//! HTTPS with the password and a TOTP code computed from the printed key,
//! and reaches the dashboard.

mod common;

use std::process::Command;

use access::totp::{Secret, Totp};
use common::Demo;

/// `curl` with a cookie jar; returns (status, redirect target, body).
fn curl(jar: &std::path::Path, url: &str, form: Option<&str>) -> (String, String, String) {
    let mut command = Command::new(common::require_program("curl", "curl"));
    command.args(["-sk", "-b"]).arg(jar).arg("-c").arg(jar);
    command.args(["-w", "\n%{http_code} %{redirect_url}", url]);
    if let Some(form) = form {
        command.args(["--data", form]);
    }
    let output = command.output().expect("curl runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let (body, tail) = text.rsplit_once('\n').unwrap_or(("", &text));
    let (status, location) = tail.split_once(' ').unwrap_or((tail, ""));
    (status.to_owned(), location.to_owned(), body.to_owned())
}

fn csrf_in(body: &str) -> &str {
    let marker = "name=\"csrf\" value=\"";
    let start = body.find(marker).expect("a CSRF field") + marker.len();
    &body[start..start + 64]
}

#[test]
fn the_printed_administrator_signs_in_to_the_printed_portal() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(&dir.path().join("data"));
    let portal = demo.info["portal"].as_str().expect("the portal URL").trim_end_matches('/').to_owned();
    assert!(portal.starts_with("https://127.0.0.1:"), "{portal}");
    let admin = &demo.info["admins"][0];
    let (login, password) = (admin["login"].as_str().unwrap(), admin["password"].as_str().unwrap());
    let secret = Secret::from_base32(admin["totp_secret"].as_str().unwrap()).expect("a base 32 key");
    assert!(admin["totp_uri"].as_str().unwrap().starts_with("otpauth://totp/"));

    let jar = dir.path().join("cookies");
    let form = format!("login={}&password={password}", login.replace('@', "%40"));
    let (status, location, _) = curl(&jar, &format!("{portal}/sign-in"), Some(&form));
    assert_eq!(status, "303");
    assert!(location.ends_with("/sign-in/code"), "{location}");
    let (_, _, page) = curl(&jar, &format!("{portal}/sign-in/code"), None);
    let code = Totp::new(secret).code_at(jiff::Timestamp::now());
    let form = format!("code={code}&csrf={}", csrf_in(&page));
    let (status, location, _) = curl(&jar, &format!("{portal}/sign-in/code"), Some(&form));
    assert_eq!((status.as_str(), location.ends_with("/dashboard")), ("303", true), "{location}");
    let (status, _, dashboard) = curl(&jar, &format!("{portal}/dashboard"), None);
    assert_eq!(status, "200");
    assert!(dashboard.contains(login), "the dashboard names who signed in");
}
