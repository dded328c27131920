//! Which customer a request is for, by the host it names (RFC 3261 §10.3
//! step 1): a customer's SIP domain, or the server's own name or address,
//! which means the default customer.

use model::Tenant;
use sip::Host;
use store::{Store, StoreError};

/// Maps request hosts to customers.
pub(crate) struct Domains {
    store: Store,
    server_names: Vec<String>,
}

impl Domains {
    pub(crate) fn new(store: Store, server_names: &[String]) -> Self {
        let server_names = server_names.iter().map(|n| n.to_ascii_lowercase()).collect();
        Self { store, server_names }
    }

    /// The customer `host` belongs to, if any.
    pub(crate) async fn resolve(&self, host: &Host) -> Result<Option<Tenant>, StoreError> {
        match host {
            Host::Domain(name) if !self.is_server_name(name) => self.store.customer_by_domain(name).await,
            _ => self.store.default_customer().await,
        }
    }

    fn is_server_name(&self, name: &str) -> bool {
        self.server_names.iter().any(|n| n.eq_ignore_ascii_case(name))
    }
}
