//! The extension directory: every customer's extensions and their digest
//! secrets, in memory, so authenticating a REGISTER costs no database
//! round-trip.
//!
//! It is loaded whole at start and then follows changes by their change
//! version (commit-ordered; see the store's first migration) every
//! [`Directory::REFRESH_EVERY`], so `callvault provision` run beside a live
//! server takes effect within about a second, and so do `callvault
//! customer delete` (issue 3 item 3) and an extension deleted through the
//! API: a deleted customer's extensions, or a deleted extension, leave the
//! directory and their phones no longer register.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use model::{Extension, TenantId};
use store::{Store, StoreError};

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
        let version = directory.refresh(&store, 0).await?;
        tokio::spawn(follow(Arc::downgrade(&directory), store, version));
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

    /// Applies every change after version `since`, dropping the extensions
    /// deleted since and those of customers deleted since; returns the
    /// latest version.
    async fn refresh(&self, store: &Store, since: i64) -> Result<i64, StoreError> {
        let changes = store.extension_changes_since(since).await?;
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        for extension in changes.changed {
            let key = (extension.customer.clone(), extension.number.clone());
            entries.insert(key, Arc::new(extension));
        }
        for key in changes.removed {
            entries.remove(&key);
        }
        if !changes.deleted_customers.is_empty() {
            entries.retain(|(customer, _), _| !changes.deleted_customers.contains(customer));
        }
        Ok(changes.latest)
    }
}

/// Polls for changes while the directory is alive.
async fn follow(directory: std::sync::Weak<Directory>, store: Store, mut version: i64) {
    let mut every = tokio::time::interval(Directory::REFRESH_EVERY);
    every.tick().await;
    loop {
        every.tick().await;
        let Some(directory) = directory.upgrade() else { return };
        match directory.refresh(&store, version).await {
            Ok(latest) => version = latest,
            Err(error) => tracing::warn!(%error, "refreshing the extension directory failed"),
        }
    }
}
