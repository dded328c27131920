//! A SIGTERM that comes while the demo starts, or the moment it has said
//! it is ready, ends it gracefully (exit status 0): its handler is
//! installed before the node starts, so the signal never meets the default
//! action. The test watches the process's caught-signal mask
//! (`/proc/PID/status`, `SigCgt`): when SIGTERM shows as caught, the ready
//! line must not be out yet; then it sends SIGTERM during the start.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// SIGTERM's bit in `SigCgt` (signal 15).
const SIGTERM_BIT: u64 = 1 << (15 - 1);

fn catches_sigterm(pid: u32) -> bool {
    let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else { return false };
    let mask = status.lines().find_map(|line| line.strip_prefix("SigCgt:")).unwrap_or("0").trim();
    u64::from_str_radix(mask, 16).is_ok_and(|mask| mask & SIGTERM_BIT != 0)
}

/// The demo, killed if the test fails before it ends.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn sigterm_during_start_is_a_clean_stop() {
    let data = tempfile::tempdir().unwrap();
    let printed = data.path().join("ready.json");
    let mut demo = Reaped(
        Command::new(env!("CARGO_BIN_EXE_callvault"))
            .args(["demo", "--json", "--bind", "127.0.0.1", "--sip-port", "0", "--https-port", "0", "--http-port", "0"])
            .arg("--data-dir")
            .arg(data.path().join("data"))
            .env("CALLVAULT_LOG", "warn")
            .stdout(std::fs::File::create(&printed).unwrap())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap(),
    );
    let child = &mut demo.0;
    let started = Instant::now();
    while !catches_sigterm(child.id()) {
        assert!(child.try_wait().unwrap().is_none(), "the demo ended before it caught SIGTERM");
        assert!(started.elapsed() < Duration::from_secs(30), "the demo never caught SIGTERM");
        std::thread::sleep(Duration::from_millis(1));
    }
    assert_eq!(std::fs::metadata(&printed).unwrap().len(), 0, "it said it was ready before it caught SIGTERM");
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let status = child.wait().unwrap();
    assert!(status.success(), "SIGTERM during the start: {status}");
}
