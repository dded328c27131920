//! Accept loops: one task per listener, one per connection (HTTP/1.1 and
//! HTTP/2, RFC 9112 / RFC 9113), with a TLS handshake deadline and a header
//! read deadline so a slow client cannot hold a connection forever.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

use super::ClientAddr;

/// How long a client has to finish the TLS handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client has to send a request's headers.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `app` on `listener`, over TLS when `tls` is given.
pub(super) fn spawn(listener: TcpListener, tls: Option<TlsAcceptor>, app: Router) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut connections = JoinSet::new();
        loop {
            tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok((stream, peer)) => {
                        connections.spawn(connection(stream, peer, tls.clone(), app.clone()));
                    }
                    Err(error) => {
                        tracing::warn!(%error, "portal accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                },
                Some(_) = connections.join_next(), if !connections.is_empty() => {}
            }
        }
    })
}

async fn connection(stream: TcpStream, peer: SocketAddr, tls: Option<TlsAcceptor>, app: Router) {
    let Some(tls) = tls else { return serve(stream, peer, app).await };
    match tokio::time::timeout(HANDSHAKE_TIMEOUT, tls.accept(stream)).await {
        Ok(Ok(stream)) => serve(stream, peer, app).await,
        Ok(Err(error)) => tracing::debug!(%error, "portal TLS handshake failed"),
        Err(_) => tracing::debug!("portal TLS handshake timed out"),
    }
}

async fn serve<I>(io: I, peer: SocketAddr, app: Router)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let client = ClientAddr(peer.ip());
    let service = app.map_request(move |mut request: Request<hyper::body::Incoming>| {
        request.extensions_mut().insert(client);
        request
    });
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT);
    let served = builder.serve_connection_with_upgrades(TokioIo::new(io), TowerToHyperService::new(service)).await;
    if let Err(error) = served {
        tracing::debug!(%error, "portal connection ended with an error");
    }
}
