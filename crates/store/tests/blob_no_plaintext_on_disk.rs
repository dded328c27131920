//! A known audio plaintext (2 s of a 1 kHz tone, G.711 μ-law at 8 kHz)
//! stored as voicemail and as a recording appears nowhere under the data
//! folder: not in the blob files, the database, its WAL or anything else,
//! while the store is open and after it is closed.

mod blob_support;
mod crypto_support;

use std::path::Path;

use store::BlobKind;

const RATE: usize = 8000;
const SECONDS: usize = 2;
/// Every window of this length of the tone is searched for (the tone
/// repeats every 8 samples, so that covers all of it).
const WINDOW: usize = 24;

/// G.711 μ-law (ITU-T G.711 table 2) of a 16-bit linear sample.
fn mu_law(sample: i16) -> u8 {
    let magnitude = (i32::from(sample).abs().min(32635) + 0x84) as u32;
    let exponent = (31 - magnitude.leading_zeros()).saturating_sub(7).min(7);
    let mantissa = (magnitude >> (exponent + 3)) & 0x0f;
    let sign = if sample < 0 { 0x80 } else { 0 };
    !(sign | (exponent << 4) as u8 | mantissa as u8)
}

fn tone() -> Vec<u8> {
    (0..RATE * SECONDS)
        .map(|n| {
            let phase = 2.0 * std::f64::consts::PI * 1000.0 * n as f64 / RATE as f64;
            mu_law((phase.sin() * 12_000.0) as i16)
        })
        .collect()
}

fn assert_tone_absent(dir: &Path, tone: &[u8]) {
    let files = crypto_support::files_under(dir);
    let names: Vec<_> = files.iter().map(|(name, _)| name.as_str()).collect();
    assert!(names.iter().any(|n| n.ends_with("callvault.db")), "database searched: {names:?}");
    assert_eq!(names.iter().filter(|n| n.contains("/blobs/")).count(), 2, "both blob files searched");
    for (name, bytes) in &files {
        for window in tone.windows(WINDOW).take(8) {
            assert!(!blob_support::contains(bytes, window), "tone found in {name}");
        }
    }
}

#[tokio::test]
async fn a_known_tone_is_never_on_disk_in_the_clear() {
    let dir = tempfile::tempdir().unwrap();
    let (store, tenant, _) = blob_support::store_with_two_customers(dir.path()).await;
    let tone = tone();
    assert!(blob_support::contains(&[b"x".as_slice(), &tone].concat(), &tone[..WINDOW]), "the search works");

    let voicemail = store.put_blob(&tenant, BlobKind::Voicemail, Some("201"), tone.as_slice()).await.unwrap();
    let recording = store.put_blob(&tenant, BlobKind::Recording, None, tone.as_slice()).await.unwrap();
    assert!(dir.path().join("callvault.db-wal").exists(), "the WAL is there to search");
    assert_tone_absent(dir.path(), &tone);

    assert_eq!(blob_support::read_all(&store, &tenant, &voicemail).await.unwrap(), tone);
    assert_eq!(blob_support::read_all(&store, &tenant, &recording).await.unwrap(), tone);
    store.close().await;
    assert_tone_absent(dir.path(), &tone);
}
