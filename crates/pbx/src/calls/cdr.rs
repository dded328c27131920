//! Writing call records (issue 4 item 5): when a call ends its CDR is
//! stored before the call counts as finished. One writer task batches the
//! CDRs of calls that end together into one transaction
//! ([`store::Store::insert_cdrs`]), so a burst of hang-ups costs a few
//! commits, not one each; every caller still waits for its own CDR's commit.

use model::Cdr;
use tokio::sync::{mpsc, oneshot};

/// CDRs written in one transaction at most.
const MAX_BATCH: usize = 256;

type Job = (Cdr, oneshot::Sender<bool>);

/// The CDR writer's queue.
#[derive(Clone)]
pub(crate) struct CdrWriter {
    queue: mpsc::UnboundedSender<Job>,
}

impl CdrWriter {
    /// Starts the writer task; it ends when every handle is dropped.
    pub(crate) fn start(store: store::Store) -> Self {
        let (queue, jobs) = mpsc::unbounded_channel();
        tokio::spawn(write_batches(store, jobs));
        Self { queue }
    }

    /// Stores `cdr`; false (logged) when the store refused it.
    pub(crate) async fn write(&self, cdr: Cdr) -> bool {
        let (done, written) = oneshot::channel();
        if self.queue.send((cdr, done)).is_err() {
            return false;
        }
        written.await.unwrap_or(false)
    }
}

async fn write_batches(store: store::Store, mut jobs: mpsc::UnboundedReceiver<Job>) {
    while let Some(first) = jobs.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            let Ok(next) = jobs.try_recv() else { break };
            batch.push(next);
        }
        let (cdrs, waiting): (Vec<Cdr>, Vec<oneshot::Sender<bool>>) = batch.into_iter().unzip();
        let written = match store.insert_cdrs(&cdrs).await {
            Ok(()) => true,
            Err(error) => {
                tracing::error!(%error, count = cdrs.len(), "storing call records failed");
                false
            }
        };
        for done in waiting {
            let _ = done.send(written);
        }
    }
}
