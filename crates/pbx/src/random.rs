//! Unpredictable bytes for To tags (RFC 3261 §19.3) and digest nonces
//! (RFC 7616 §3.3) without a system call each: HMAC-SHA-256, keyed once
//! from the operating system's random source, over a counter. HMAC is a
//! pseudo-random function, so its outputs cannot be told from random without
//! the key, which never leaves this process.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

struct Generator {
    prf: Hmac<Sha256>,
    counter: AtomicU64,
}

static GENERATOR: LazyLock<Generator> = LazyLock::new(|| {
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).expect("the OS random source is available");
    let prf = <Hmac<Sha256> as KeyInit>::new_from_slice(&key).expect("HMAC takes any key length");
    Generator { prf, counter: AtomicU64::new(0) }
});

/// `N` (at most 32) unpredictable bytes.
pub(crate) fn bytes<const N: usize>() -> [u8; N] {
    const { assert!(N <= 32, "one HMAC-SHA-256 block") };
    let generator = &*GENERATOR;
    let mut prf = generator.prf.clone();
    prf.update(&generator.counter.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    let block = prf.finalize().into_bytes();
    let mut out = [0u8; N];
    out.copy_from_slice(&block[..N]);
    out
}

#[cfg(test)]
mod tests {
    use super::bytes;

    #[test]
    fn outputs_differ_and_are_not_a_counter() {
        let outputs: Vec<[u8; 16]> = (0..1000).map(|_| bytes()).collect();
        let mut sorted = outputs.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), outputs.len(), "a repeated output");
        let ones: u32 = outputs.iter().flatten().map(|b| b.count_ones()).sum();
        let expected = 1000 * 16 * 4;
        assert!(ones.abs_diff(expected) < expected / 20, "biased bits: {ones} ones of {}", expected * 2);
    }
}
