//! Backups taken while a data-key rotation keeps re-sealing a customer's
//! blob files (a new file renamed over each, then its row's SHA-256
//! updated) all succeed: a staged link that holds the file from before the
//! swap is replaced by the live file when that one matches the snapshot
//! row, else the snapshot is taken again. Each backup restores, and every
//! blob in it opens to the plaintext it was stored from.

mod backup_support;

use std::ops::ControlFlow;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use backup_support::{Stored, noise, put, read_all};
use model::TenantId;
use store::{BlobKind, ResealOptions, Store};

/// Rotates `tenant`'s data key and re-seals its blobs one file per batch,
/// over and over, counting finished re-seals.
fn keep_resealing(
    store: Store,
    tenant: TenantId,
    stop: Arc<AtomicBool>,
    rounds: Arc<AtomicUsize>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let options = ResealOptions { batch_size: 1, retire_after: Duration::ZERO };
        while !stop.load(Ordering::Relaxed) {
            store.rotate_data_key(&tenant).await.unwrap();
            store.reseal_tenant(&tenant, &options, |_| ControlFlow::Continue(())).await.unwrap();
            rounds.fetch_add(1, Ordering::Relaxed);
        }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backups_succeed_while_blobs_are_resealed() {
    let (source, backups) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let filled = backup_support::filled(source.path()).await;
    let mut blobs = filled.blobs.clone();
    for n in 0..40 {
        blobs.push(put(&filled.store, &filled.b, BlobKind::Recording, noise(20_000 + n * 100, n as u32 + 10)).await);
    }
    let (stop, rounds) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicUsize::new(0)));
    let resealer = keep_resealing(filled.store.clone(), filled.b.clone(), Arc::clone(&stop), Arc::clone(&rounds));
    let mut outs = Vec::new();
    let mut i = 0;
    while rounds.load(Ordering::Relaxed) < 4 || outs.len() < 6 {
        let out = backups.path().join(format!("b{i}.tar"));
        filled.store.backup_to(&out).await.unwrap();
        outs.push(out);
        i += 1;
    }
    stop.store(true, Ordering::Relaxed);
    resealer.await.unwrap();

    for out in &outs {
        check_restore(out, &blobs).await;
    }
    filled.store.close().await;
}

async fn check_restore(out: &std::path::Path, blobs: &[Stored]) {
    let target = tempfile::tempdir().unwrap();
    Store::restore_from_with_kek(out, target.path(), backup_support::kek()).await.unwrap();
    let restored = Store::open_with_kek(target.path(), backup_support::kek()).await.unwrap();
    for blob in blobs {
        assert_eq!(read_all(&restored, &blob.tenant, &blob.id).await.unwrap(), blob.plain, "blob {}", blob.id);
    }
    restored.close().await;
}
