//! Durable bindings with group commit: each REGISTER's changes wait for the
//! transaction that stores them, and one transaction stores every change
//! that arrived meanwhile. So a 200 OK always means "stored", and a burst of
//! thousands of phones costs a handful of SQLite commits.

use store::{BindingChange, Store, StoreError};
use tokio::sync::{mpsc, oneshot};

/// Changes stored in one transaction at most.
const MAX_BATCH: usize = 1024;

type Done = oneshot::Sender<Result<(), NotStored>>;

/// The changes were not stored (the cause is logged where it happened).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NotStored;

/// The handle REGISTERs write through.
pub(crate) struct Persister {
    queue: mpsc::UnboundedSender<(Vec<BindingChange>, Done)>,
}

impl Persister {
    /// Starts the writer task.
    pub(crate) fn start(store: Store) -> Self {
        let (queue, pending) = mpsc::unbounded_channel();
        tokio::spawn(write_batches(store, pending));
        Self { queue }
    }

    /// Stores `changes`; returns once they are committed.
    pub(crate) async fn write(&self, changes: Vec<BindingChange>) -> Result<(), NotStored> {
        if changes.is_empty() {
            return Ok(());
        }
        let (done, committed) = oneshot::channel();
        self.queue.send((changes, done)).map_err(|_| NotStored)?;
        committed.await.unwrap_or(Err(NotStored))
    }
}

async fn write_batches(store: Store, mut pending: mpsc::UnboundedReceiver<(Vec<BindingChange>, Done)>) {
    let mut batch = Vec::new();
    while pending.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let changes: Vec<BindingChange> = batch.iter().flat_map(|(c, _)| c.iter().cloned()).collect();
        let result = store.apply_binding_changes(&changes).await.map_err(log_failure);
        for (_, done) in batch.drain(..) {
            let _ = done.send(result);
        }
    }
}

#[allow(clippy::needless_pass_by_value)] // shaped for `map_err`
fn log_failure(error: StoreError) -> NotStored {
    tracing::error!(%error, "storing bindings failed");
    NotStored
}
