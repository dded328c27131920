//! SIGHUP reloads the certificate files (issue 6 item 1), the usual signal
//! for "re-read your configuration" (POSIX `SIGHUP`; certbot deploy hooks).

use std::sync::Arc;

use tokio::signal::unix::{SignalKind, signal};
use tokio::task::JoinHandle;

use super::CertStore;
use crate::PortalError;

/// Reloads `certs` on every SIGHUP, keeping the old one if the new files are bad.
pub(super) fn on_sighup(certs: Arc<CertStore>) -> Result<JoinHandle<()>, PortalError> {
    let mut hangups = signal(SignalKind::hangup())?;
    Ok(tokio::spawn(async move {
        while hangups.recv().await.is_some() {
            match certs.reload() {
                Ok(()) => tracing::info!("portal certificate reloaded"),
                Err(error) => tracing::error!(%error, "portal certificate not reloaded; the old one stays"),
            }
        }
    }))
}
