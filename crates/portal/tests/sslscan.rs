//! Debian's `sslscan` against the portal (issue 6, "How it will be
//! checked"): only TLSv1.2 and TLSv1.3 enabled, and every accepted cipher
//! is ECDHE (or TLS 1.3) with an AEAD, none of RC4, 3DES, CBC, NULL,
//! anonymous or export strength.

mod common;

#[tokio::test(flavor = "multi_thread")]
async fn only_tls_1_2_and_1_3_with_strong_ciphers() {
    let running = common::start(common::small_app(), portal::Limits::default()).await;
    let target = running.portal.https_addrs()[0].to_string();
    let scan = move || std::process::Command::new("sslscan").args(["--no-colour", "--no-heartbleed", &target]).output();
    let output = tokio::task::spawn_blocking(scan)
        .await
        .unwrap()
        .expect("sslscan is missing: install Debian's `sslscan` (scripts/test does)");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "sslscan failed: {report}");
    for (protocol, enabled) in [
        ("SSLv2", false),
        ("SSLv3", false),
        ("TLSv1.0", false),
        ("TLSv1.1", false),
        ("TLSv1.2", true),
        ("TLSv1.3", true),
    ] {
        let line = report
            .lines()
            .find(|l| l.trim_start().starts_with(protocol))
            .unwrap_or_else(|| panic!("no {protocol} line: {report}"));
        let want = if enabled { "enabled" } else { "disabled" };
        assert!(line.contains(want), "{protocol} should be {want}: {line}");
    }
    let accepted: Vec<&str> =
        report.lines().filter(|l| l.starts_with("Preferred") || l.starts_with("Accepted")).collect();
    assert!(accepted.len() >= 4, "sslscan found the ciphers: {report}");
    for line in accepted {
        let tls13 = line.contains("TLSv1.3");
        let strong = line.contains("GCM") || line.contains("CHACHA20");
        let weak = ["RC4", "DES", "CBC", "NULL", "ADH", "AECDH", "EXP", "MD5", "SHA "].iter().any(|w| line.contains(w));
        assert!(strong && !weak && (tls13 || line.contains("ECDHE")), "weak cipher accepted: {line}");
    }
}
