//! Shared harness for the end-to-end tests: runs the real `callvault` binary
//! and real SIP clients against it.

#![allow(dead_code, unreachable_pub)]

pub mod carrier;
pub mod cdrs;
pub mod phone;
pub mod postgres;
pub mod shop;
pub mod sockets;
pub mod tls_front;
pub mod ua;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

/// A `callvault demo` process, stopped with SIGTERM on drop.
pub struct Demo {
    child: Option<Child>,
    pub info: Value,
    pub data_dir: PathBuf,
}

impl Demo {
    /// Starts the demo on ports the system picks, in `data_dir`.
    pub fn start(data_dir: &Path) -> Self {
        let level = std::env::var("CALLVAULT_LOG").unwrap_or_else(|_| "warn".into());
        Self::spawn(data_dir, &level, Stdio::inherit())
    }

    /// Like [`Demo::start`], logging at `level` into the file `log`.
    pub fn start_logging(data_dir: &Path, level: &str, log: &Path) -> Self {
        Self::spawn(data_dir, level, std::fs::File::create(log).expect("the log file").into())
    }

    fn spawn(data_dir: &Path, level: &str, stderr: Stdio) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_callvault"))
            .args(["demo", "--json", "--bind", "127.0.0.1", "--sip-port", "0", "--https-port", "0", "--http-port", "0"])
            .arg("--data-dir")
            .arg(data_dir)
            .env("CALLVAULT_LOG", level)
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("the callvault binary starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("the demo prints its credentials");
        let info: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("demo JSON {line:?}: {e}"));
        Self { child: Some(child), info, data_dir: data_dir.to_owned() }
    }

    /// The first listener address of a transport ("udp", "tcp", "tls").
    pub fn addr(&self, transport: &str) -> SocketAddr {
        self.info[transport][0].as_str().expect("listener address").parse().expect("socket address")
    }

    /// The password of a demo extension.
    pub fn password(&self, number: &str) -> String {
        let extensions = self.info["extensions"].as_array().expect("extensions");
        let ext = extensions.iter().find(|e| e["number"] == number).expect("demo extension");
        ext["password"].as_str().expect("password").to_owned()
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("running").id()
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        self.child.as_mut().is_some_and(|c| c.try_wait().ok().flatten().is_none())
    }

    /// Resident memory in KiB, from /proc.
    pub fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).expect("proc status");
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("VmRSS");
        line.split_whitespace().nth(1).and_then(|v| v.parse().ok()).expect("VmRSS value")
    }

    /// Sends SIGTERM and waits; returns whether it exited cleanly.
    pub fn stop(&mut self) -> bool {
        let Some(mut child) = self.child.take() else { return false };
        let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
        for _ in 0..100 {
            if let Ok(Some(status)) = child.try_wait() {
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        false
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The path of a program the test needs, or a clear failure naming the package.
pub fn require_program(name: &str, package: &str) -> PathBuf {
    let found = std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(name))
        .find(|path| path.is_file());
    found.unwrap_or_else(|| panic!("`{name}` is missing: install the Debian package `{package}` (scripts/test does)"))
}

/// The folder of this crate's test data.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// Runs `callvault ARGS` to completion with none of its environment
/// variables set, so only the arguments say where the data and keys are.
pub fn run_callvault(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_callvault"))
        .args(args)
        .env_remove("CALLVAULT_CONFIG")
        .env_remove("CALLVAULT_DATA_DIR")
        .env_remove(store::KEK_ENV)
        .output()
        .expect("the callvault binary runs")
}

/// What a finished command printed, standard output then standard error.
pub fn printed(output: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}
