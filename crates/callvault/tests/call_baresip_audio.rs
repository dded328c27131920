//! Two baresip phones registered to `callvault demo` call each other and
//! the audio arrives: extension 1001 dials 1002 and plays a WAV (baresip's
//! aufile source), 1002 answers automatically and records what it decodes
//! (baresip's sndfile module). The recording must not be silence and must
//! match the WAV sent, and 1002 must receive its RTP from a relay port.
//! Signalling over UDP, TCP and TLS (over streams, each leg on its phone's
//! own connection).

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{Demo, require_program};

const RATE: u32 = 8000;

/// Six tones at random-looking phases under a slow swell: easy to
/// recognise after G.711, impossible to match by chance.
fn test_signal(seconds: u32) -> Vec<i16> {
    let tones = [(310.0, 0.3), (523.0, 2.1), (797.0, 4.4), (1130.0, 1.7), (1475.0, 5.9), (1913.0, 3.2)];
    (0..RATE * seconds)
        .map(|i| {
            let t = f64::from(i) / f64::from(RATE);
            let sum: f64 = tones.iter().map(|(f, p)| (std::f64::consts::TAU * f * t + p).sin()).sum();
            let swell = 0.5 + 0.5 * (std::f64::consts::TAU * 1.3 * t).sin();
            (12_000.0 * sum / 6.0 * swell) as i16
        })
        .collect()
}

fn write_wav(path: &Path, samples: &[i16]) {
    std::fs::write(path, rtp::wav::Wav::pcm16(RATE, 1, samples).to_bytes()).unwrap();
}

fn baresip_home(dir: &Path, demo: &Demo, number: &str, source: &Path, transport: &str) -> PathBuf {
    let home = dir.join(number);
    std::fs::create_dir_all(home.join("rec")).unwrap();
    let (server, password) = (demo.addr(transport), demo.password(number));
    let account = format!(
        "<sip:{number}@demo.callvault.test;transport={transport}>;auth_pass={password};\
         outbound=\"sip:{server};transport={transport}\";regint=600;medianat=;mediaenc=;answermode=auto\n"
    );
    std::fs::write(home.join("accounts"), account).unwrap();
    let modules = ["g711", "aufile", "alsa", "sndfile"].map(|m| format!("module\t{m}.so\n")).concat();
    let config = format!(
        "poll_method\tpoll\nsip_listen\t127.0.0.1:0\nmodule_path\t/usr/lib/baresip/modules\n{modules}\
         module_app\taccount.so\nmodule_app\tmenu.so\nnet_interface\t127.0.0.1\naudio_player\talsa,null\n\
         audio_source\taufile,{}\nsnd_path\t{}\naudio_codecs\tPCMU\nrtp_ports\t20000-29999\n",
        source.display(),
        home.join("rec").display()
    );
    std::fs::write(home.join("config"), config).unwrap();
    home
}

/// Starts baresip; its output lines come back on the receiver.
fn baresip(home: &Path, extra: &[&str]) -> (Child, mpsc::Receiver<String>) {
    let mut child = Command::new(require_program("baresip", "baresip-core"))
        .arg("-f")
        .arg(home)
        .args(["-t", "20"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("baresip runs");
    let (lines, output) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    (child, output)
}

fn wait_for(output: &mpsc::Receiver<String>, wanted: &str, timeout: Duration) -> Option<String> {
    let until = std::time::Instant::now() + timeout;
    while let Some(left) = until.checked_duration_since(std::time::Instant::now()) {
        let line = output.recv_timeout(left).ok()?;
        if line.contains(wanted) {
            return Some(line);
        }
    }
    None
}

/// The best normalised cross-correlation of `window` against `sent` at any lag.
fn best_correlation(window: &[i16], sent: &[i16]) -> f64 {
    let energy = |s: &[i16]| s.iter().map(|&x| f64::from(x).powi(2)).sum::<f64>();
    let own = energy(window);
    (0..sent.len().saturating_sub(window.len()))
        .map(|lag| {
            let reference = &sent[lag..lag + window.len()];
            let dot: f64 = window.iter().zip(reference).map(|(&a, &b)| f64::from(a) * f64::from(b)).sum();
            dot / (own * energy(reference)).sqrt().max(1.0)
        })
        .fold(0.0, f64::max)
}

fn recording(home: &Path) -> Vec<i16> {
    let rec = std::fs::read_dir(home.join("rec")).unwrap().filter_map(Result::ok).map(|e| e.path());
    let decoded = rec.into_iter().find(|p| p.to_string_lossy().ends_with("-dec.wav")).expect("a recording");
    rtp::wav::Wav::parse(&std::fs::read(decoded).unwrap()).expect("a WAV").samples()
}

#[test]
fn audio_from_one_baresip_reaches_the_other_through_the_relay() {
    call_and_check_audio("udp");
}

#[test]
fn the_same_over_tcp() {
    call_and_check_audio("tcp");
}

#[test]
fn the_same_over_tls() {
    call_and_check_audio("tls");
}

fn call_and_check_audio(transport: &str) {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(&dir.path().join("data"));
    let sent = test_signal(6);
    let (tone, silence) = (dir.path().join("tone.wav"), dir.path().join("silence.wav"));
    write_wav(&tone, &sent);
    write_wav(&silence, &vec![0; sent.len()]);
    let bob_home = baresip_home(dir.path(), &demo, "1002", &silence, transport);
    let (mut bob, bob_says) = baresip(&bob_home, &[]);
    assert!(wait_for(&bob_says, "200 OK", Duration::from_secs(10)).is_some(), "1002 registers");
    let alice_home = baresip_home(dir.path(), &demo, "1001", &tone, transport);
    let (mut alice, alice_says) = baresip(&alice_home, &["-e", "/dial 1002"]);
    let media = wait_for(&bob_says, "receiving from", Duration::from_secs(15)).expect("1002 receives RTP");
    let relay_port: u16 = media.rsplit(':').next().and_then(|p| p.trim().parse().ok()).expect("a source port");
    assert!((16384..=17407).contains(&relay_port), "RTP came from {relay_port}, not a relay port: {media}");
    let ended = wait_for(&alice_says, "terminated", Duration::from_secs(15));
    // The recording is complete once 1002's call has ended (sndfile closes it then).
    let recorded = wait_for(&bob_says, "terminated", Duration::from_secs(5));
    std::thread::sleep(Duration::from_millis(200));
    for child in [&mut alice, &mut bob] {
        let _ = child.kill();
        let _ = child.wait();
    }
    assert!(ended.is_some() && recorded.is_some(), "the call ran and ended on both phones");
    let received = recording(&bob_home);
    let loud =
        received.chunks(160).position(|frame| frame.iter().map(|&s| i64::from(s).abs()).sum::<i64>() > 160 * 500);
    let start = loud.expect("the recording is not silence") * 160 + 1600;
    assert!(received.len() >= start + 1600, "too short a recording: {} samples", received.len());
    let correlation = best_correlation(&received[start..start + 1600], &sent);
    assert!(correlation > 0.9, "the audio received does not match the audio sent: {correlation:.3}");
}
