//! `callvault serve`: wires store, registrar, transports and the web portal, serves until
//! SIGINT or SIGTERM, then shuts down gracefully.

use std::sync::Arc;

use anyhow::Context;
use net::{ListenerConfig, Listeners, SipServer, TlsFiles};
use pbx::{Directory, PbxService, Registrar};
use store::Store;
use tokio::signal::unix::{Signal, SignalKind, signal};

use crate::config::Config;
use crate::jobs::Jobs;

/// A running node.
pub(crate) struct Running {
    pub(crate) sip: SipServer,
    service: Arc<PbxService>,
    store: Store,
    jobs: Jobs,
    notices: Option<notify::Sender>,
    pub(crate) portal: portal::Portal,
}

/// Serves `config` until a signal arrives.
pub(crate) async fn run(config: Config) -> anyhow::Result<()> {
    let shutdown = Shutdown::install()?;
    let running = start(&config).await?;
    tracing::info!(listeners = ?running.sip.local_addrs(), "callvault is serving");
    shutdown.wait().await;
    running.stop().await;
    Ok(())
}

/// Opens the store and starts serving.
pub(crate) async fn start(config: &Config) -> anyhow::Result<Running> {
    config.log.apply();
    let store = config.open_store().await?;
    store.set_audit_checkpoint_every(config.audit.checkpoint_every()).await?;
    let directory = Directory::start(store.clone()).await?;
    let registrar = Registrar::start(store.clone(), directory, config.registrar_config()?).await?;
    let calls = config.call_config_in(&store).await?;
    let mut listeners = listeners(config)?;
    listeners.dial = crate::trunks::dial_outs(&config.trunk, &calls.trunking)?;
    let service = Arc::new(PbxService::with_calls(Arc::clone(&registrar), calls));
    let sip = SipServer::start(&listeners, Arc::clone(&service)).await?;
    let jobs = Jobs::start(registrar, store.clone(), config.audit.checkpoint_interval());
    let notices = crate::notices::start_sender(config, &store)?;
    let portal = crate::web::start(config, &store).await?;
    Ok(Running { sip, service, store, jobs, notices, portal })
}

impl Running {
    /// Stops listening, lets connections close and closes the store.
    pub(crate) async fn stop(self) {
        tracing::info!("shutting down");
        self.portal.stop();
        self.service.end_calls(std::time::Duration::from_secs(3)).await;
        self.jobs.stop();
        if let Some(notices) = self.notices {
            notices.stop();
        }
        self.sip.shutdown().await;
        self.store.close().await;
    }
}

fn listeners(config: &Config) -> anyhow::Result<Listeners> {
    let sip = &config.sip;
    let udp = sip.udp.iter().copied().map(ListenerConfig::Udp);
    let tcp = sip.tcp.iter().copied().map(ListenerConfig::Tcp);
    let tls = sip.tls.iter().copied().map(ListenerConfig::Tls);
    let tls_config = match &config.tls {
        Some(files) => {
            let files = TlsFiles { cert: files.cert.clone(), key: files.key.clone() };
            Some(net::load_server_config(&files)?)
        }
        None => None,
    };
    Ok(Listeners { listeners: udp.chain(tcp).chain(tls).collect(), tls: tls_config, dial: Vec::new() })
}

/// SIGINT and SIGTERM, caught from the moment this is installed: one that
/// arrives while the node is still starting, or right after it said it is
/// ready, ends it gracefully at [`Shutdown::wait`] instead of killing it.
pub(crate) struct Shutdown {
    interrupt: Signal,
    terminate: Signal,
}

impl Shutdown {
    pub(crate) fn install() -> anyhow::Result<Self> {
        let catch = |kind| signal(kind).context("installing a signal handler");
        Ok(Self { interrupt: catch(SignalKind::interrupt())?, terminate: catch(SignalKind::terminate())? })
    }

    /// Resolves on the first SIGINT or SIGTERM since [`Shutdown::install`].
    pub(crate) async fn wait(mut self) {
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
    }
}
