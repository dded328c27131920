//! Measures one Argon2id hash (the cost of one verification) for a few
//! parameter sets, to choose `password::CURRENT_COST` (issue 5 target:
//! 100–500 ms on one core). Reports the median wall time and the median CPU
//! time of this thread (Linux `/proc/thread-self/schedstat`), which stays
//! honest when other processes share the cores.
//! Run: `cargo run --release -p access --example argon2_cost`.

#![allow(clippy::print_stdout)]

use std::time::Instant;

use argon2::{Algorithm, Argon2, Params, Version};

const RUNS: usize = 7;

fn main() {
    for (m_kib, t) in [(19 * 1024, 2), (46 * 1024, 1), (64 * 1024, 3), (64 * 1024, 4), (96 * 1024, 3), (128 * 1024, 3)]
    {
        let (wall, cpu) = medians(m_kib, t);
        println!("m={m_kib} KiB t={t} p=1: wall {wall:.0} ms, cpu {cpu:.0} ms (median of {RUNS})");
    }
}

fn medians(m_kib: u32, t: u32) -> (f64, f64) {
    let params = Params::new(m_kib, t, 1, Some(32)).expect("valid parameters");
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let mut out = [0u8; 32];
    let (mut walls, mut cpus): (Vec<f64>, Vec<f64>) = (0..RUNS)
        .map(|_| {
            let (start, cpu_start) = (Instant::now(), thread_cpu_ns());
            argon.hash_password_into(b"correct horse battery staple", b"sixteen byte salt", &mut out).expect("hash");
            let cpu_ms = (thread_cpu_ns() - cpu_start) as f64 / 1e6;
            (start.elapsed().as_secs_f64() * 1000.0, cpu_ms)
        })
        .unzip();
    (median(&mut walls), median(&mut cpus))
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Nanoseconds this thread has run on a CPU (first field of schedstat); 0 if unavailable.
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|text| text.split_whitespace().next().and_then(|ns| ns.parse().ok()))
        .unwrap_or(0)
}
