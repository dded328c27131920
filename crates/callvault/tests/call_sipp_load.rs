//! SIPp as caller → callvault → SIPp as a registered extension: 2,000 calls,
//! 100 a second and up to 100 at once, each sending RTP through the relay (SIPp's
//! rtp_stream, echoed back by the callee's -rtp_echo), every one answered
//! and hung up without a failure, relay ports held while calls run and every
//! one released at the end (the process's own sockets, from /proc), and one
//! CDR per call: answered, the caller hanging up, 200.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use common::{Demo, require_program};
use model::{CallDirection, Disposition, HangupSide};

const CALLS: &str = "2000";

fn free_udp_port() -> u16 {
    std::net::UdpSocket::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn sipp(args: &[&str], work: &Path) -> Command {
    let mut command = Command::new(require_program("sipp", "sip-tester"));
    command.args(args).args(["-nostdin", "-trace_err"]).current_dir(work);
    command.stdout(Stdio::null()).stderr(Stdio::null());
    command
}

fn scenario(name: &str) -> String {
    common::data_dir().join("sipp").join(name).to_string_lossy().into_owned()
}

/// Registers extension 1002 at 127.0.0.1:`port`, the address the uas will use.
fn register_callee(demo: &Demo, port: u16, work: &Path) {
    std::fs::write(work.join("callee.csv"), format!("SEQUENTIAL\n1002;{}\n", demo.password("1002"))).unwrap();
    let server = demo.addr("udp").to_string();
    let port = port.to_string();
    let args = [&server, "-sf", &scenario("register_digest.xml"), "-inf", "callee.csv", "-t", "u1"];
    let status = sipp(&args, work).args(["-i", "127.0.0.1", "-p", &port, "-m", "1", "-timeout", "10s"]).status();
    assert!(status.unwrap().success(), "the SIPp callee registers");
}

fn start_callee(port: u16, work: &Path) -> Child {
    let (port, media) = (port.to_string(), free_udp_port().to_string());
    let args = ["-sf", &scenario("call_uas.xml"), "-t", "u1", "-i", "127.0.0.1", "-p", &port, "-mp", &media];
    sipp(&args, work).args(["-rtp_echo", "-m", CALLS, "-timeout", "120s"]).spawn().expect("sipp runs")
}

/// The 0.4 s PCMU tone the callers stream (call_uac_rtp.xml plays rtp.wav).
fn write_rtp_wav(work: &Path) {
    let tone = (0..3200).map(|i| (8000.0 * (f64::from(i) * 440.0 * std::f64::consts::TAU / 8000.0).sin()) as i16);
    let codes: Vec<u8> = tone.map(rtp::g711::ulaw_encode).collect();
    std::fs::write(work.join("rtp.wav"), rtp::wav::Wav::mulaw(8000, 1, &codes).to_bytes()).unwrap();
}

/// The start of SIPp's error logs in `work`, for a failure message.
fn sipp_errors(work: &Path) -> String {
    let logs = std::fs::read_dir(work).into_iter().flatten().flatten().map(|e| e.path());
    let logs = logs.filter(|p| p.to_string_lossy().ends_with("_errors.log"));
    let text: String = logs.map(|p| std::fs::read_to_string(p).unwrap_or_default()).collect();
    // Late retransmissions reaching a finished call are not failures; the rest are.
    let failures = text.split("\n20").filter(|event| !event.contains("Dead call"));
    failures.collect::<Vec<_>>().join("\n20").chars().take(3000).collect()
}

fn run_callers(demo: &Demo, work: &Path) -> bool {
    std::fs::write(work.join("caller.csv"), format!("SEQUENTIAL\n1001;{}\n", demo.password("1001"))).unwrap();
    let (server, media) = (demo.addr("udp").to_string(), free_udp_port().to_string());
    // SIPp answers digest challenges for `sip:<remote address>` unless told the Request-URI.
    let auth_uri = format!("1002@{server}");
    write_rtp_wav(work);
    let args =
        [&server, "-sf", &scenario("call_uac_rtp.xml"), "-inf", "caller.csv", "-s", "1002", "-auth_uri", &auth_uri];
    let mut command = sipp(&args, work);
    command.args([
        "-t",
        "u1",
        "-i",
        "127.0.0.1",
        "-p",
        "0",
        "-mp",
        &media,
        "-m",
        CALLS,
        "-r",
        "100",
        "-l",
        "100",
        "-d",
        "500",
    ]);
    command.args(["-timeout", "120s", "-timeout_error"]).status().expect("sipp runs").success()
}

#[test]
fn calls_with_media_complete_and_release_every_port() {
    let dir = tempfile::tempdir().unwrap();
    let mut demo = Demo::start(&dir.path().join("data"));
    let port = free_udp_port();
    register_callee(&demo, port, dir.path());
    let mut callee = start_callee(port, dir.path());
    std::thread::sleep(Duration::from_millis(300));
    let (running, peak) = (Arc::new(AtomicBool::new(true)), Arc::new(AtomicUsize::new(0)));
    let sampler = {
        let (running, peak, pid) = (Arc::clone(&running), Arc::clone(&peak), demo.pid());
        std::thread::spawn(move || {
            while running.load(Ordering::Relaxed) {
                peak.fetch_max(common::sockets::rtp_ports_held(pid), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(50));
            }
        })
    };
    let callers_ok = run_callers(&demo, dir.path());
    running.store(false, Ordering::Relaxed);
    sampler.join().unwrap();
    let callee_status = callee.wait().unwrap();
    assert!(callers_ok, "a SIPp call failed: {}", sipp_errors(dir.path()));
    assert!(callee_status.success(), "the SIPp callee exited {callee_status}: {}", sipp_errors(dir.path()));
    assert!(peak.load(Ordering::Relaxed) >= 4, "calls held relay ports while they ran");
    let released = (0..50).any(|_| {
        std::thread::sleep(Duration::from_millis(100));
        common::sockets::rtp_ports_held(demo.pid()) == 0
    });
    assert!(released, "RTP ports still bound: {:?}", common::sockets::udp_ports(demo.pid()));
    let cdrs = common::cdrs::of_stopped_demo(&mut demo);
    assert_eq!(cdrs.len(), CALLS.parse::<usize>().unwrap(), "one CDR per call");
    for cdr in &cdrs {
        assert_eq!((cdr.caller.as_str(), cdr.callee.as_str()), ("1001", "1002"));
        assert_eq!((cdr.disposition, cdr.hangup, cdr.sip_status), (Disposition::Answered, HangupSide::Caller, 200));
        assert_eq!(cdr.direction, CallDirection::Internal);
        let answered = cdr.answer_ms.expect("an answer time");
        assert!(cdr.start_ms <= answered && answered <= cdr.end_ms, "{cdr:?}");
        assert!(cdr.talk_ms() >= 400, "the calls were held for 500 ms: {cdr:?}");
    }
}
