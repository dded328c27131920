//! Re-sealing re-encrypts a blob file into a new file under the new key
//! version (new header, different bytes), swapped in with its row updated:
//! the row's version and SHA-256 match the new file, and it reads back
//! unchanged. A file swapped whose row was not yet updated (a crash between
//! the two) still reads, and the next run only fixes the row.

#[macro_use]
mod backends;

mod cpni_support;
mod rotation_support;

use std::ops::ControlFlow;

use backends::DataDir;
use sha2::{Digest, Sha256};
use store::BlobKind;

/// Header: magic "CVBL", format, key version (u32 BE) — crates/store/src/blobs/stream.rs.
fn header_version(file: &[u8]) -> u32 {
    assert_eq!(&file[..5], b"CVBL\x01");
    u32::from_be_bytes(file[5..9].try_into().unwrap())
}

async fn a_blob_is_reencrypted_into_a_new_file(dir: DataDir) {
    let store = dir.open().await;
    let customer = rotation_support::fill(&store, 1).await;
    let blob = store.list_blobs(&customer, BlobKind::Voicemail).await.unwrap().remove(0);
    let path = dir.path().join("blobs").join(&customer.0).join(&blob.id.0);
    let before = std::fs::read(&path).unwrap();
    assert_eq!(header_version(&before), 1);

    store.rotate_data_key(&customer).await.unwrap();
    let report = store.reseal_tenant(&customer, &rotation_support::options(), |_| ControlFlow::Continue(())).await;
    assert!(report.unwrap().finished);

    let after = std::fs::read(&path).unwrap();
    assert_eq!(header_version(&after), 2);
    assert_eq!(after.len(), before.len(), "same chunking");
    assert_ne!(after[9..], before[9..], "new salt, nonces and ciphertext");
    let info = store.blob_info(&customer, &blob.id).await.unwrap().unwrap();
    assert_eq!((info.key_version, info.length), (2, blob.length));
    assert_eq!(info.sealed_sha256, <[u8; 32]>::from(Sha256::digest(&after)));
    let read =
        store.open_blob(&cpni_support::operator(), &customer, &blob.id).await.unwrap().read_to_end().await.unwrap();
    assert_eq!(read.as_slice(), rotation_support::media(0).as_slice());
    let leftovers = std::fs::read_dir(path.parent().unwrap()).unwrap().count();
    assert_eq!(leftovers, 2, "no partial files left");
}

async fn a_file_swapped_before_its_row_was_updated_reads_and_is_fixed(dir: DataDir) {
    let store = dir.open().await;
    let customer = rotation_support::fill(&store, 1).await;
    let blob = store.list_blobs(&customer, BlobKind::Voicemail).await.unwrap().remove(0);
    store.rotate_data_key(&customer).await.unwrap();
    let report = store.reseal_tenant(&customer, &rotation_support::options(), |_| ControlFlow::Continue(())).await;
    assert!(report.unwrap().finished);
    // Put the row back as a crash between the rename and the update leaves it.
    let pool = dir.raw().await;
    sqlx::query("UPDATE blobs SET key_version = 1, sealed_sha256 = $1 WHERE id = $2")
        .bind(vec![0u8; 32])
        .bind(&blob.id.0)
        .execute(&pool)
        .await
        .unwrap();

    let read =
        store.open_blob(&cpni_support::operator(), &customer, &blob.id).await.unwrap().read_to_end().await.unwrap();
    assert_eq!(read.as_slice(), rotation_support::media(0).as_slice());
    let report = store.reseal_tenant(&customer, &rotation_support::options(), |_| ControlFlow::Continue(())).await;
    assert_eq!(report.unwrap().resealed, 1);
    let info = store.blob_info(&customer, &blob.id).await.unwrap().unwrap();
    let file = std::fs::read(dir.path().join("blobs").join(&customer.0).join(&blob.id.0)).unwrap();
    assert_eq!((info.key_version, info.sealed_sha256), (2, <[u8; 32]>::from(Sha256::digest(&file))));
}

on_both_backends!(a_blob_is_reencrypted_into_a_new_file, a_file_swapped_before_its_row_was_updated_reads_and_is_fixed);
