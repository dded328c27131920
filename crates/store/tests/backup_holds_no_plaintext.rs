//! A backup archive holds none of the plaintext it protects: not the tone
//! stored as voicemail, not the recording's bytes, not the extension's
//! display name (the search does find plain columns, so it would find them).

mod backup_support;

use backup_support::{DISPLAY_NAME, TONE_PERIOD, contains};

#[tokio::test]
async fn no_media_or_sealed_column_in_plaintext() {
    let (source, backups) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let filled = backup_support::filled(source.path()).await;
    let out = backups.path().join("callvault.tar");
    filled.store.backup_to(&out).await.unwrap();
    filled.store.close().await;

    let bytes = std::fs::read(&out).unwrap();
    assert!(contains(&bytes, b"a.example") && contains(&bytes, b"line-3"), "the search finds plain columns");
    let tone: Vec<u8> = TONE_PERIOD.iter().copied().cycle().take(32).collect();
    assert!(filled.blobs.iter().any(|b| contains(&b.plain, &tone)), "the tone was stored");
    assert!(!contains(&bytes, &tone), "the tone is in the backup");
    for blob in filled.blobs.iter().filter(|b| b.plain.len() >= 1_000) {
        assert!(!contains(&bytes, &blob.plain[500..532]), "blob {} is in the backup in plaintext", blob.id);
    }
    assert!(!contains(&bytes, DISPLAY_NAME.as_bytes()), "the display name is in the backup");
}
