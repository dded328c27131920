//! Which customer a request is for, by the host it names (RFC 3261 §10.3
//! step 1): a customer's SIP domain, or the server's own name or address,
//! which means the default customer.
//!
//! Answers (unknown domains too, so a scanner cannot hammer the database)
//! are cached for a few seconds; provisioning changes show after that.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use model::Tenant;
use sip::Host;
use store::{Store, StoreError};

/// How long an answer is reused.
const TTL: Duration = Duration::from_secs(5);
/// Cached hosts before the cache starts afresh.
const MAX_CACHED: usize = 10_000;

/// Maps request hosts to customers.
pub(crate) struct Domains {
    store: Store,
    server_names: Vec<String>,
    cache: Mutex<HashMap<String, (Option<Tenant>, Instant)>>,
}

impl Domains {
    pub(crate) fn new(store: Store, server_names: &[String]) -> Self {
        let server_names = server_names.iter().map(|n| n.to_ascii_lowercase()).collect();
        Self { store, server_names, cache: Mutex::new(HashMap::new()) }
    }

    /// The customer `host` belongs to, if any.
    pub(crate) async fn resolve(&self, host: &Host) -> Result<Option<Tenant>, StoreError> {
        let key = cache_key(host);
        if let Some(hit) = self.cached(&key) {
            return Ok(hit);
        }
        let found = match host {
            Host::Domain(name) if !self.is_server_name(name) => self.store.customer_by_domain(name).await?,
            _ => self.store.default_customer().await?,
        };
        self.remember(key, found.clone());
        Ok(found)
    }

    fn cached(&self, key: &str) -> Option<Option<Tenant>> {
        let cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        let (tenant, at) = cache.get(key)?;
        (at.elapsed() < TTL).then(|| tenant.clone())
    }

    fn remember(&self, key: String, tenant: Option<Tenant>) {
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        if cache.len() >= MAX_CACHED {
            cache.clear();
        }
        cache.insert(key, (tenant, Instant::now()));
    }

    /// Whether `host` names this server (an address, or a configured name).
    pub(crate) fn is_server_host(&self, host: &Host) -> bool {
        !matches!(host, Host::Domain(name) if !self.is_server_name(name))
    }

    fn is_server_name(&self, name: &str) -> bool {
        self.server_names.iter().any(|n| n.eq_ignore_ascii_case(name))
    }
}

fn cache_key(host: &Host) -> String {
    match host {
        Host::Domain(name) => name.to_ascii_lowercase(),
        Host::V4(ip) => ip.to_string(),
        Host::V6(ip) => ip.to_string(),
    }
}
