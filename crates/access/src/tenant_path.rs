//! Tenant paths: the ancestor ids from the platform down to a tenant, the same
//! `/`-joined form `model::Tenant::path` stores (ARCHITECTURE.md, principle 4).

use std::fmt;

use model::{Tenant, TenantId};

use crate::AccessError;

/// A tenant's position in the tree: ids from the root down to and including it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TenantPath(Vec<TenantId>);

impl TenantPath {
    /// Parses a stored `/`-joined path.
    pub fn parse(path: &str) -> Result<Self, AccessError> {
        let ids: Vec<TenantId> = path.split('/').map(|id| TenantId(id.to_owned())).collect();
        if ids.iter().any(|id| id.0.is_empty()) {
            return Err(AccessError::MalformedTenantPath);
        }
        Ok(Self(ids))
    }

    /// The path of a tenant row.
    pub fn of(tenant: &Tenant) -> Result<Self, AccessError> {
        Self::parse(&tenant.path)
    }

    /// Whether `self` is `ancestor` or lies below it.
    pub fn is_within(&self, ancestor: &TenantPath) -> bool {
        self.0.starts_with(&ancestor.0)
    }

    /// Whether `self` lies strictly below `ancestor`.
    pub fn is_strictly_below(&self, ancestor: &TenantPath) -> bool {
        self.0.len() > ancestor.0.len() && self.is_within(ancestor)
    }

    /// The tenants strictly below `ancestor` on this path, top down.
    pub fn below<'a>(&'a self, ancestor: &TenantPath) -> &'a [TenantId] {
        self.0.get(ancestor.0.len()..).unwrap_or_default()
    }

    /// The tenant itself (the last id).
    pub fn leaf(&self) -> &TenantId {
        self.0.last().expect("a parsed path has at least one id")
    }
}

impl fmt::Display for TenantPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<&str> = self.0.iter().map(|id| id.0.as_str()).collect();
        f.write_str(&ids.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(text: &str) -> TenantPath {
        TenantPath::parse(text).unwrap()
    }

    #[test]
    fn within_is_on_component_boundaries() {
        assert!(path("p/r1/c1").is_within(&path("p/r1")));
        assert!(path("p/r1").is_within(&path("p/r1")));
        assert!(!path("p/r10").is_within(&path("p/r1")));
        assert!(!path("p").is_within(&path("p/r1")));
    }

    #[test]
    fn strictly_below_excludes_self() {
        assert!(path("p/r1/c1").is_strictly_below(&path("p/r1")));
        assert!(!path("p/r1").is_strictly_below(&path("p/r1")));
    }

    #[test]
    fn empty_components_are_refused() {
        assert_eq!(TenantPath::parse(""), Err(AccessError::MalformedTenantPath));
        assert_eq!(TenantPath::parse("p//c"), Err(AccessError::MalformedTenantPath));
    }

    #[test]
    fn below_lists_descendants_on_the_path() {
        let customer = path("p/r1/c1");
        let ids: Vec<&str> = customer.below(&path("p")).iter().map(|id| id.0.as_str()).collect();
        assert_eq!(ids, ["r1", "c1"]);
        assert_eq!(path("p/r1").leaf().0, "r1");
        assert_eq!(path("p/r1/c1").to_string(), "p/r1/c1");
    }
}
