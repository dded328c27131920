//! The portal's listeners (issue 6 item 1): HTTPS on every `https` address,
//! and on every `http` address a server that only redirects there. The
//! transport layers ([`crate::limits`], [`crate::headers`]) wrap whatever
//! application is served.

mod listen;
mod redirect;
mod reload;
mod self_signed;
mod tls;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use self_signed::ensure_self_signed;
pub use tls::{CertStore, server_config};

use crate::{PortalConfig, PortalError};

/// The address a request came from, as the connection saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// A running portal.
#[derive(Debug)]
pub struct Portal {
    https: Vec<SocketAddr>,
    http: Vec<SocketAddr>,
    certs: Arc<CertStore>,
    tasks: Vec<JoinHandle<()>>,
}

impl Portal {
    /// Binds every listener and serves `app` over HTTPS behind the transport layers.
    pub async fn start(config: &PortalConfig, app: Router) -> Result<Self, PortalError> {
        let https = bind_all(&config.https).await?;
        let https_addrs = local_addrs(&https)?;
        let first = *https_addrs.first().ok_or(PortalError::NoHttpsListener)?;
        let (cert, key) = match &config.cert_files {
            Some(files) => files.clone(),
            None => ensure_self_signed(&config.data_dir, certificate_names(&https_addrs))?,
        };
        let certs = Arc::new(CertStore::load(&cert, &key)?);
        let acceptor = tokio_rustls::TlsAcceptor::from(server_config(Arc::clone(&certs))?);
        let app = crate::limits::layer(crate::headers::layer(app), &config.limits);
        let mut tasks: Vec<_> =
            https.into_iter().map(|l| listen::spawn(l, Some(acceptor.clone()), app.clone())).collect();
        let http = bind_all(&config.http).await?;
        let http_addrs = local_addrs(&http)?;
        let redirect = crate::headers::layer(redirect::router(first.port()));
        tasks.extend(http.into_iter().map(|l| listen::spawn(l, None, redirect.clone())));
        tasks.push(reload::on_sighup(Arc::clone(&certs))?);
        Ok(Self { https: https_addrs, http: http_addrs, certs, tasks })
    }

    /// The HTTPS listeners' addresses.
    pub fn https_addrs(&self) -> &[SocketAddr] {
        &self.https
    }

    /// The redirecting HTTP listeners' addresses.
    pub fn http_addrs(&self) -> &[SocketAddr] {
        &self.http
    }

    /// Reads the certificate files again (what SIGHUP does).
    pub fn reload_certificate(&self) -> Result<(), PortalError> {
        self.certs.reload()
    }

    /// Stops every listener and drops open connections.
    pub fn stop(self) {
        for task in self.tasks {
            task.abort();
        }
    }
}

async fn bind_all(addrs: &[SocketAddr]) -> Result<Vec<TcpListener>, PortalError> {
    let mut listeners = Vec::with_capacity(addrs.len());
    for &addr in addrs {
        listeners.push(TcpListener::bind(addr).await.map_err(|source| PortalError::Bind { addr, source })?);
    }
    Ok(listeners)
}

fn local_addrs(listeners: &[TcpListener]) -> Result<Vec<SocketAddr>, PortalError> {
    Ok(listeners.iter().map(TcpListener::local_addr).collect::<Result<_, _>>()?)
}

/// `localhost` and every specific address listened on.
fn certificate_names(addrs: &[SocketAddr]) -> Vec<String> {
    let specific = addrs.iter().map(SocketAddr::ip).filter(|ip| !ip.is_unspecified());
    std::iter::once("localhost".to_owned()).chain(specific.map(|ip| ip.to_string())).collect()
}
