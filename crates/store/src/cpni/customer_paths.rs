//! The customers' tenant paths the gate decides from, remembered: a
//! customer's path is fixed when it is made and never changes, not even
//! when it is deleted, so after the first gated read of a customer the
//! next ones cost no database round trip for it (issue 7's target: the
//! gate adds < 10 % to a CDR listing).

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use access::TenantPath;
use model::TenantId;

/// Paths remembered before the memory starts over.
const MAX_REMEMBERED: usize = 65_536;

/// Customer id → tenant path.
#[derive(Debug, Default)]
pub(crate) struct CustomerPaths {
    known: Mutex<HashMap<TenantId, TenantPath>>,
}

impl CustomerPaths {
    /// The path of `customer`, if remembered.
    pub(crate) fn get(&self, customer: &TenantId) -> Option<TenantPath> {
        self.known.lock().unwrap_or_else(PoisonError::into_inner).get(customer).cloned()
    }

    /// Remembers the path of `customer`.
    pub(crate) fn remember(&self, customer: &TenantId, path: &TenantPath) {
        let mut known = self.known.lock().unwrap_or_else(PoisonError::into_inner);
        if known.len() >= MAX_REMEMBERED {
            known.clear();
        }
        known.insert(customer.clone(), path.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_remembered_and_the_memory_is_bounded() {
        let paths = CustomerPaths::default();
        let (c, path) = (TenantId("c".into()), TenantPath::parse("p/r/c").unwrap());
        assert!(paths.get(&c).is_none());
        paths.remember(&c, &path);
        assert_eq!(paths.get(&c), Some(path.clone()));
        for n in 0..MAX_REMEMBERED {
            paths.remember(&TenantId(format!("t{n}")), &path);
        }
        assert!(paths.known.lock().unwrap().len() <= MAX_REMEMBERED, "it starts over when full");
    }
}
