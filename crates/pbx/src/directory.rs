//! The extension directory: every customer's extensions and their digest
//! secrets, in memory, so authenticating a REGISTER costs no database
//! round-trip.
//!
//! It is loaded whole at start and then follows changes by their
//! `updated_ms` watermark every [`Directory::REFRESH_EVERY`], so `callvault provision`
//! run beside a live server takes effect within about a second. Each poll
//! re-reads the last [`OVERLAP_MS`]: a writer that stamped its row before
//! waiting on the database lock still lands.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use model::{Extension, TenantId};
use store::{Store, StoreError};

/// How far back each poll looks again (the store's lock wait is 5 s).
const OVERLAP_MS: i64 = 6_000;

type Key = (TenantId, String);

/// Extensions by customer and number.
pub struct Directory {
    entries: RwLock<HashMap<Key, Arc<Extension>>>,
}

impl Directory {
    /// How often changes are fetched.
    pub const REFRESH_EVERY: Duration = Duration::from_secs(1);

    /// Loads every extension and starts following changes until `store` closes.
    pub async fn start(store: Store) -> Result<Arc<Self>, StoreError> {
        let directory = Arc::new(Self { entries: RwLock::new(HashMap::new()) });
        let watermark = directory.refresh(&store, 0).await?;
        tokio::spawn(follow(Arc::downgrade(&directory), store, watermark));
        Ok(directory)
    }

    /// The extension `number` of `customer`.
    pub fn get(&self, customer: &TenantId, number: &str) -> Option<Arc<Extension>> {
        let entries = self.entries.read().unwrap_or_else(PoisonError::into_inner);
        entries.get(&(customer.clone(), number.to_owned())).cloned()
    }

    /// How many extensions it holds.
    pub fn len(&self) -> usize {
        self.entries.read().unwrap_or_else(PoisonError::into_inner).len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Applies every change since `since_ms`; returns the new watermark.
    async fn refresh(&self, store: &Store, since_ms: i64) -> Result<i64, StoreError> {
        let (changed, latest) = store.extensions_changed_since(since_ms).await?;
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        for extension in changed {
            let key = (extension.customer.clone(), extension.number.clone());
            entries.insert(key, Arc::new(extension));
        }
        Ok(latest)
    }
}

/// Polls for changes while the directory is alive.
async fn follow(directory: std::sync::Weak<Directory>, store: Store, mut watermark: i64) {
    let mut every = tokio::time::interval(Directory::REFRESH_EVERY);
    every.tick().await;
    loop {
        every.tick().await;
        let Some(directory) = directory.upgrade() else { return };
        match directory.refresh(&store, watermark.saturating_sub(OVERLAP_MS)).await {
            Ok(latest) => watermark = watermark.max(latest),
            Err(error) => tracing::warn!(%error, "refreshing the extension directory failed"),
        }
    }
}
