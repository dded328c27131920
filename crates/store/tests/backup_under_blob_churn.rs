//! Backups taken while another task keeps storing and deleting blobs
//! restore consistently: every blob row in the restored database has its
//! file and it opens to the plaintext stored under that id; blobs stored
//! before the backup and never deleted are all in it; and no staging folder
//! is left in the data folder.

mod backup_support;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use backup_support::{Stored, names, noise, put, read_all};
use model::TenantId;
use store::{BlobId, BlobKind, Store};

type Plaintexts = Arc<Mutex<HashMap<BlobId, Vec<u8>>>>;

/// Keeps storing blobs of `tenant` and, every second round, deleting the
/// oldest live one; records each one's plaintext and counts rounds.
fn churn(
    store: Store,
    tenant: TenantId,
    plain: Plaintexts,
    stop: Arc<AtomicBool>,
    rounds: Arc<AtomicUsize>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let (mut n, mut live) = (0u32, std::collections::VecDeque::new());
        while !stop.load(Ordering::Relaxed) {
            let kind = if n % 2 == 0 { BlobKind::Voicemail } else { BlobKind::Recording };
            let stored = put(&store, &tenant, kind, noise(1_000 + (n as usize % 5) * 30_000, n)).await;
            plain.lock().unwrap().insert(stored.id.clone(), stored.plain);
            live.push_back(stored.id);
            if n % 2 == 1 {
                let oldest = live.pop_front().unwrap();
                assert!(store.delete_blob(&tenant, &oldest).await.unwrap());
            }
            rounds.fetch_add(1, Ordering::Relaxed);
            n += 1;
        }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_restored_row_has_its_file() {
    let (source, backups) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let filled = backup_support::filled(source.path()).await;
    let plain: Plaintexts = Arc::new(Mutex::new(HashMap::new()));
    let (stop, rounds) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicUsize::new(0)));
    let writer =
        churn(filled.store.clone(), filled.b.clone(), Arc::clone(&plain), Arc::clone(&stop), Arc::clone(&rounds));
    while rounds.load(Ordering::Relaxed) < 4 {
        tokio::task::yield_now().await;
    }
    let mut outs = Vec::new();
    for i in 0..4 {
        let out = backups.path().join(format!("b{i}.tar"));
        filled.store.backup_to(&out).await.unwrap();
        outs.push(out);
    }
    stop.store(true, Ordering::Relaxed);
    writer.await.unwrap();
    assert!(rounds.load(Ordering::Relaxed) >= 6, "the writer ran alongside the backups");
    assert!(names(source.path()).iter().all(|n| !n.starts_with('.')), "staging left behind");

    let plain = plain.lock().unwrap().clone();
    for out in &outs {
        check_restore(out, &filled.blobs, &plain).await;
    }
    filled.store.close().await;
}

async fn check_restore(out: &std::path::Path, fixed: &[Stored], churned: &HashMap<BlobId, Vec<u8>>) {
    let target = tempfile::tempdir().unwrap();
    Store::restore_from_with_kek(out, target.path(), backup_support::kek()).await.unwrap();
    let restored = Store::open_with_kek(target.path(), backup_support::kek()).await.unwrap();
    for blob in fixed {
        assert_eq!(read_all(&restored, &blob.tenant, &blob.id).await.unwrap(), blob.plain);
    }
    let tenant = restored.tenant_by_slug("b").await.unwrap().unwrap().id;
    let mut rows = 0;
    for kind in [BlobKind::Voicemail, BlobKind::Recording] {
        for info in restored.list_blobs(&tenant, kind).await.unwrap() {
            let expected = fixed.iter().find(|b| b.id == info.id).map(|b| &b.plain).or_else(|| churned.get(&info.id));
            let read = read_all(&restored, &tenant, &info.id).await.unwrap();
            assert_eq!(Some(&read), expected, "blob {} of the backup", info.id);
            rows += 1;
        }
    }
    let files = names(&target.path().join("blobs").join(&tenant.0));
    assert_eq!(files.len(), rows, "one file per row, no file without one");
    assert!(rows > 2, "the backup holds churned blobs too");
    restored.close().await;
}
