//! A real SMTP server on loopback for the tests: Python's `aiosmtpd`
//! running `tests/smtp_sink.py`, which writes each message it accepts to a
//! folder. When `python3` or `aiosmtpd` is missing the test fails saying
//! so (`pip install aiosmtpd`; scripts/test installs it): it never skips.

#![allow(dead_code, unreachable_pub)]

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// The sink script.
const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../notify/tests/smtp_sink.py");

/// One message the server accepted.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Received {
    /// The envelope sender.
    pub mail_from: String,
    /// The envelope recipients.
    pub rcpt_tos: Vec<String>,
    /// The message as sent (headers and body).
    pub data: String,
    /// The TLS version it came over ("TLSv1.3"), none for plain text.
    pub tls_version: Option<String>,
}

/// How the sink protects its port: a certificate and key (PEM files) and
/// whether it speaks TLS from the first byte or offers STARTTLS.
pub struct SinkTls {
    /// `"starttls"` or `"tls"`.
    pub mode: &'static str,
    /// The certificate chain.
    pub cert: PathBuf,
    /// Its private key.
    pub key: PathBuf,
}

/// A running `aiosmtpd` sink; killed on drop.
pub struct SmtpSink {
    child: Child,
    port: u16,
    folder: TempDir,
}

/// A loopback port free right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl SmtpSink {
    /// Starts the sink on `port` and waits until it listens.
    pub fn start(port: u16) -> Self {
        Self::start_with(port, None)
    }

    /// Starts the sink on `port`, with TLS if `tls` says so.
    pub fn start_with(port: u16, tls: Option<SinkTls>) -> Self {
        let folder = tempfile::tempdir().unwrap();
        let mut command = Command::new("python3");
        command.arg(SCRIPT).arg(port.to_string()).arg(folder.path());
        if let Some(tls) = tls {
            command.arg(tls.mode).arg(tls.cert).arg(tls.key);
        }
        let child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| panic!("python3 is needed for the SMTP test server: {error}"));
        let mut sink = Self { child, port, folder };
        sink.wait_ready();
        sink
    }

    fn wait_ready(&mut self) {
        let mut line = String::new();
        let stdout = self.child.stdout.take().unwrap();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        if line.trim() != "ready" {
            let output = self.child.stderr.take().map(std::io::read_to_string).and_then(Result::ok);
            panic!(
                "the aiosmtpd test SMTP server did not start (pip install aiosmtpd; scripts/test installs it): {}",
                output.unwrap_or_default()
            );
        }
    }

    /// Its port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Every message received so far.
    pub fn received(&self) -> Vec<Received> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.folder.path())
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        files.sort();
        files.iter().map(|path| serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()).collect()
    }

    /// Waits up to `limit` for `count` messages; returns them and the wait.
    pub fn wait_for(&self, count: usize, limit: Duration) -> (Vec<Received>, Duration) {
        let start = Instant::now();
        loop {
            let received = self.received();
            if received.len() >= count || start.elapsed() > limit {
                return (received, start.elapsed());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
