//! The tenant tree (platform → reseller/MSP → customer) and extensions.
//!
//! Every tenant stores its ancestor path, so "may actor A reach tenant T" is a
//! prefix test (ARCHITECTURE.md, principle 4).

use serde::{Deserialize, Serialize};

use crate::{ExtensionId, TenantId};

/// Where a tenant stands in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TenantKind {
    /// The operator of the whole platform; the root.
    Platform,
    /// A reseller or MSP, whose customers hang below it.
    Reseller,
    /// A business customer with its own SIP domain and extensions.
    Customer,
}

impl TenantKind {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Platform => "platform",
            Self::Reseller => "reseller",
            Self::Customer => "customer",
        }
    }

    /// The kind for a stored name.
    pub fn from_stored(name: &str) -> Option<Self> {
        [Self::Platform, Self::Reseller, Self::Customer].into_iter().find(|kind| kind.as_str() == name)
    }
}

/// One node of the tenant tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenant {
    /// Its id.
    pub id: TenantId,
    /// Platform, reseller or customer.
    pub kind: TenantKind,
    /// A short unique name used in provisioning files.
    pub slug: String,
    /// The display name.
    pub name: String,
    /// The parent; `None` only for the platform.
    pub parent: Option<TenantId>,
    /// Ancestor ids from the root down to and including this tenant, `/`-joined.
    pub path: String,
    /// A customer's SIP domain (the digest realm of its extensions).
    pub sip_domain: Option<String>,
    /// Whether phones registering to the server's bare address land here.
    pub is_default: bool,
}

impl Tenant {
    /// Whether `ancestor` is this tenant or one of its ancestors.
    pub fn is_within(&self, ancestor: &TenantId) -> bool {
        self.path.split('/').any(|id| id == ancestor.0)
    }
}

/// Digest secrets of an extension: RFC 7616 HA1 values, never the password.
#[derive(Clone, PartialEq, Eq)]
pub struct SipSecret {
    /// `MD5(username:realm:password)` in lower-case hex.
    pub ha1_md5: String,
    /// `SHA-256(username:realm:password)` in lower-case hex.
    pub ha1_sha256: String,
}

impl std::fmt::Debug for SipSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SipSecret(..)")
    }
}

/// A customer's extension: a number its phones register and are called at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    /// Its id.
    pub id: ExtensionId,
    /// The customer it belongs to.
    pub customer: TenantId,
    /// The extension number; also the SIP digest username.
    pub number: String,
    /// The name shown to callees.
    pub display_name: String,
    /// The digest realm the secrets were made for.
    pub realm: String,
    /// The digest secrets.
    pub secret: SipSecret,
}
