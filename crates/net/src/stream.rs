//! SIP over TCP and TLS (RFC 3261 §18.3): Content-Length frames each message.
//!
//! A double CRLF is a keep-alive ping answered with one CRLF (RFC 5626
//! §3.5.1). When framing is lost to a malformed message the connection is
//! answered if possible and then closed. A connection that holds a partial
//! message too long, or stays silent too long, is closed.

use std::sync::Arc;
use std::time::Duration;

use sip::parse::{error_response, parse_stream};
use sip::transaction::Peer;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tokio::time::timeout;
use tokio_util::sync::CancellationToken;

use crate::driver::{Inbound, Shared};

/// How long a partial message may take to complete.
const PARTIAL_MESSAGE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a connection may stay silent (longer than any sane re-REGISTER).
const IDLE_TIMEOUT: Duration = Duration::from_secs(2 * 3600);
/// Messages queued for one connection before further ones are dropped.
const WRITE_QUEUE: usize = 256;

/// Serves one accepted connection until it closes or shutdown.
pub(crate) async fn serve<S>(stream: S, peer: Peer, shared: Arc<Shared>, stop: CancellationToken)
where
    S: AsyncRead + AsyncWrite + Send + 'static,
{
    open(stream, peer, shared, stop).await;
}

/// Registers a connection for sending at once (before the first await of
/// what it returns), then serves it until it closes or shutdown.
pub(crate) fn open<S>(
    stream: S,
    peer: Peer,
    shared: Arc<Shared>,
    stop: CancellationToken,
) -> impl std::future::Future<Output = ()> + Send
where
    S: AsyncRead + AsyncWrite + Send + 'static,
{
    let (reader, writer) = tokio::io::split(stream);
    let (queue, pending) = mpsc::channel(WRITE_QUEUE);
    shared.outbound.add_stream(peer, queue.clone());
    run(reader, writer, queue, pending, peer, shared, stop)
}

async fn run<R, W>(
    reader: R,
    writer: W,
    queue: mpsc::Sender<Vec<u8>>,
    pending: mpsc::Receiver<Vec<u8>>,
    peer: Peer,
    shared: Arc<Shared>,
    stop: CancellationToken,
) where
    R: AsyncRead + Send + 'static,
    W: AsyncWrite + Send + 'static,
{
    let writing = tokio::spawn(write_all(writer, pending));
    tokio::select! {
        () = stop.cancelled() => {}
        () = read_all(reader, peer, &shared, &queue) => {}
    }
    shared.outbound.remove_stream(peer);
    drop(queue);
    let _ = writing.await;
}

async fn write_all<W: AsyncWrite>(writer: W, mut pending: mpsc::Receiver<Vec<u8>>) {
    let mut writer = std::pin::pin!(writer);
    while let Some(bytes) = pending.recv().await {
        if writer.write_all(&bytes).await.is_err() {
            return;
        }
    }
    let _ = writer.shutdown().await;
}

async fn read_all<R: AsyncRead>(reader: R, peer: Peer, shared: &Shared, queue: &mpsc::Sender<Vec<u8>>) {
    let mut reader = std::pin::pin!(reader);
    let mut buf = Vec::with_capacity(4096);
    loop {
        let limit = if buf.is_empty() { IDLE_TIMEOUT } else { PARTIAL_MESSAGE_TIMEOUT };
        match timeout(limit, reader.read_buf(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => {}
            _ => return, // closed, failed or timed out
        }
        if !drain_frames(&mut buf, peer, shared, queue).await {
            return;
        }
    }
}

/// Hands every complete message in `buf` on; false when the stream must close.
async fn drain_frames(buf: &mut Vec<u8>, peer: Peer, shared: &Shared, queue: &mpsc::Sender<Vec<u8>>) -> bool {
    loop {
        if answer_ping(buf, queue) {
            continue;
        }
        match parse_stream(buf, &shared.limits) {
            Ok(Some((message, used))) => {
                buf.drain(..used);
                shared.deliver_stream(Inbound { message, peer }).await;
            }
            Ok(None) => return true,
            Err(error) => {
                tracing::debug!(%error, "malformed message on a stream; closing it");
                if let Some(reply) = error_response(buf, &error) {
                    let _ = queue.try_send(reply.to_bytes());
                }
                return false;
            }
        }
    }
}

/// Consumes a leading keep-alive: CRLFCRLF gets a CRLF back, a lone CRLF
/// (a pong) is dropped. True if something was consumed.
fn answer_ping(buf: &mut Vec<u8>, queue: &mpsc::Sender<Vec<u8>>) -> bool {
    if buf.starts_with(b"\r\n\r\n") {
        buf.drain(..4);
        let _ = queue.try_send(b"\r\n".to_vec());
        return true;
    }
    if buf.len() > 2 && buf.starts_with(b"\r\n") && buf[2] != b'\r' {
        buf.drain(..2);
        return true;
    }
    false
}
