//! A put that is interrupted before its row is written leaves no row and no
//! file at all: neither when the media source fails mid-stream nor when the
//! put's future is dropped while its partial file is being written.

mod blob_support;

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use store::{BlobKind, StoreError};
use tokio::io::{AsyncRead, AsyncReadExt, ReadBuf};

/// A media source that fails, as a dropped upstream connection would.
struct Failing;

impl AsyncRead for Failing {
    fn poll_read(self: Pin<&mut Self>, _: &mut Context<'_>, _: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Err(io::Error::new(io::ErrorKind::ConnectionReset, "caller hung up")))
    }
}

/// A media source that never yields more, as a stalled stream would.
struct Stalled;

impl AsyncRead for Stalled {
    fn poll_read(self: Pin<&mut Self>, _: &mut Context<'_>, _: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Poll::Pending
    }
}

fn entries(dir: &std::path::Path) -> Vec<String> {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect(),
        Err(_) => Vec::new(),
    }
}

#[tokio::test]
async fn a_source_failing_mid_stream_leaves_no_row_and_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let (store, tenant, _) = blob_support::store_with_two_customers(dir.path()).await;
    let head = blob_support::media(3 * blob_support::CHUNK);
    let media = head.as_slice().chain(Failing);

    let result = store.put_blob(&tenant, BlobKind::Recording, Some("201"), media).await;
    assert!(matches!(result, Err(StoreError::BlobSource(_))), "{result:?}");
    assert!(store.list_blobs(&tenant, BlobKind::Recording).await.unwrap().is_empty());
    assert_eq!(entries(&dir.path().join("blobs").join(&tenant.0)), Vec::<String>::new());
}

#[tokio::test]
async fn a_put_dropped_mid_write_leaves_no_row_and_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let (store, tenant, _) = blob_support::store_with_two_customers(dir.path()).await;
    let folder = dir.path().join("blobs").join(&tenant.0);
    let head = blob_support::media(3 * blob_support::CHUNK);
    let mut put = Box::pin(store.put_blob(&tenant, BlobKind::Voicemail, None, head.as_slice().chain(Stalled)));

    let mut seen_partial = false;
    for _ in 0..500 {
        tokio::select! {
            result = &mut put => panic!("a stalled put finished: {result:?}"),
            () = tokio::time::sleep(Duration::from_millis(10)) => {}
        }
        seen_partial = entries(&folder).iter().any(|name| name.ends_with(".partial"));
        if seen_partial {
            break;
        }
    }
    assert!(seen_partial, "the put never started its partial file");
    drop(put);

    assert!(store.list_blobs(&tenant, BlobKind::Voicemail).await.unwrap().is_empty());
    assert_eq!(entries(&folder), Vec::<String>::new());
}
