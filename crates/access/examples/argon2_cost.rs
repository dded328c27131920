//! Measures one Argon2id verification on one core for a few parameter sets,
//! to choose `password::CURRENT_PARAMS` (issue 5 target: 100–500 ms here).
//! Run: `cargo run --release -p access --example argon2_cost`.

#![allow(clippy::print_stdout)]

use std::time::Instant;

use argon2::{Algorithm, Argon2, Params, Version};

fn main() {
    for (m_kib, t) in [(19 * 1024, 2), (46 * 1024, 1), (64 * 1024, 3), (64 * 1024, 4), (96 * 1024, 3), (128 * 1024, 3)]
    {
        println!("m={m_kib} KiB t={t} p=1: {:.0} ms", median_ms(m_kib, t));
    }
}

fn median_ms(m_kib: u32, t: u32) -> f64 {
    let params = Params::new(m_kib, t, 1, Some(32)).expect("valid parameters");
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let mut out = [0u8; 32];
    let mut runs: Vec<f64> = (0..7)
        .map(|_| {
            let start = Instant::now();
            argon.hash_password_into(b"correct horse battery staple", b"sixteen byte salt", &mut out).expect("hash");
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}
