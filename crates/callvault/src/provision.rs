//! Declarative, idempotent provisioning from a TOML file:
//!
//! ```toml
//! [[reseller]]
//! slug = "acme"
//! name = "Acme Telecom"
//!
//! [[customer]]
//! slug = "shop"
//! name = "The Shop"
//! reseller = "acme"
//! sip_domain = "shop.example.net"
//! default = true          # phones registering to the bare address land here
//!
//! [[extension]]
//! customer = "shop"
//! number = "1001"
//! password = "a long random secret"
//! display_name = "Front desk"
//! ```
//!
//! Passwords are turned into RFC 7616 HA1 values (MD5 and SHA-256, realm =
//! the customer's SIP domain) and never stored.

use std::path::Path;

use anyhow::{Context, bail};
use model::{SipSecret, Tenant};
use serde::Deserialize;
use sip::digest::{Algorithm, ha1};
use store::{NewExtension, NewTenant, Store};

use crate::config::Config;

/// Shortest SIP password accepted.
const MIN_PASSWORD_LEN: usize = 8;

/// A provisioning file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProvisionFile {
    #[serde(default)]
    reseller: Vec<ResellerEntry>,
    #[serde(default)]
    customer: Vec<CustomerEntry>,
    #[serde(default)]
    extension: Vec<ExtensionEntry>,
    #[serde(default)]
    trunk: Vec<crate::trunks::TrunkToml>,
    #[serde(default)]
    did: Vec<crate::trunks::DidToml>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResellerEntry {
    slug: String,
    name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CustomerEntry {
    pub(crate) slug: String,
    pub(crate) name: String,
    pub(crate) reseller: String,
    pub(crate) sip_domain: String,
    #[serde(default)]
    pub(crate) default: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExtensionEntry {
    pub(crate) customer: String,
    pub(crate) number: String,
    pub(crate) password: String,
    #[serde(default)]
    pub(crate) display_name: Option<String>,
}

/// `callvault provision`: applies `file` to the configured store (SQLite in
/// the data folder, or PostgreSQL at `[store] url`).
pub(crate) async fn run(config: &Config, file: &Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let parsed: ProvisionFile = toml::from_str(&text).with_context(|| format!("parsing {}", file.display()))?;
    let store = config.open_store().await?;
    let counts = apply(&store, &parsed).await;
    store.close().await;
    let (resellers, customers, extensions) = counts?;
    tracing::info!(resellers, customers, extensions, "provisioned");
    Ok(())
}

/// Applies a parsed file; returns how many resellers, customers and extensions it named.
pub(crate) async fn apply(store: &Store, file: &ProvisionFile) -> anyhow::Result<(usize, usize, usize)> {
    for reseller in &file.reseller {
        let new = NewTenant {
            slug: reseller.slug.clone(),
            name: reseller.name.clone(),
            parent: None,
            sip_domain: None,
            is_default: false,
        };
        store.upsert_reseller(&new).await.with_context(|| format!("reseller {}", reseller.slug))?;
    }
    for customer in &file.customer {
        add_customer(store, customer).await?;
    }
    for extension in &file.extension {
        add_extension(store, extension).await?;
    }
    crate::provision_trunks::apply(store, &file.trunk, &file.did).await?;
    Ok((file.reseller.len(), file.customer.len(), file.extension.len()))
}

pub(crate) async fn add_customer(store: &Store, entry: &CustomerEntry) -> anyhow::Result<Tenant> {
    let new = NewTenant {
        slug: entry.slug.clone(),
        name: entry.name.clone(),
        parent: Some(entry.reseller.clone()),
        sip_domain: Some(entry.sip_domain.clone()),
        is_default: entry.default,
    };
    store.upsert_customer(&new).await.with_context(|| format!("customer {}", entry.slug))
}

pub(crate) async fn add_extension(store: &Store, entry: &ExtensionEntry) -> anyhow::Result<()> {
    check_extension(entry)?;
    let customer = store.tenant_by_slug(&entry.customer).await?;
    let Some(Tenant { id, sip_domain: Some(realm), .. }) = customer else {
        bail!("extension {}: no customer {:?} with a SIP domain", entry.number, entry.customer);
    };
    let new = NewExtension {
        customer: id,
        number: entry.number.clone(),
        display_name: entry.display_name.clone().unwrap_or_else(|| entry.number.clone()),
        secret: secret(&entry.number, &realm, &entry.password),
        realm,
    };
    store.upsert_extension(&new).await.with_context(|| format!("extension {}", entry.number))?;
    Ok(())
}

fn check_extension(entry: &ExtensionEntry) -> anyhow::Result<()> {
    let number_ok = !entry.number.is_empty() && entry.number.bytes().all(|b| b.is_ascii_alphanumeric());
    if !number_ok {
        bail!("extension {:?}: a number is letters and digits only", entry.number);
    }
    if entry.password.chars().count() < MIN_PASSWORD_LEN {
        bail!("extension {}: the password needs at least {MIN_PASSWORD_LEN} characters", entry.number);
    }
    Ok(())
}

/// The RFC 7616 HA1 values for both algorithm families.
pub(crate) fn secret(username: &str, realm: &str, password: &str) -> SipSecret {
    SipSecret {
        ha1_md5: ha1(Algorithm::Md5, username, realm, password),
        ha1_sha256: ha1(Algorithm::Sha256, username, realm, password),
    }
}
