//! The export's tenant tree, extensions and payment methods (issue 3 item 4;
//! the table in the module above says what becomes what).

use model::{
    AuthorizeNetProfile, DwollaFundingSource, PaymentReference, Processor, SipSecret, Tenant, TenantId, TenantKind,
};

use super::Export;
use super::pseudonym::EXAMPLE_TLD;
use crate::{NewExtension, NewTenant, StoreError};

/// Dwolla's sandbox funding-source URL prefix.
const DWOLLA_SANDBOX: &str = "https://api-sandbox.dwolla.com/funding-sources/";

impl Export {
    /// Every live tenant, parents before children. A deleted customer is
    /// left out, and with it every row or file of it not purged yet (the
    /// other copies walk only the tenants copied here).
    pub(super) async fn copy_tenants(&mut self) -> Result<(), StoreError> {
        for slug in self.source.tenant_slugs().await? {
            let tenant = self.source.tenant_by_slug(&slug).await?;
            let tenant = tenant.ok_or(StoreError::Corrupt("a snapshot tenant vanished"))?;
            let copy = self.copy_tenant(&tenant).await?;
            self.tenants.insert(tenant.id, copy);
            self.report.tenants += 1;
        }
        Ok(())
    }

    async fn copy_tenant(&mut self, tenant: &Tenant) -> Result<Tenant, StoreError> {
        let new = match tenant.kind {
            TenantKind::Platform => return self.target.platform().await,
            TenantKind::Reseller => self.new_tenant(tenant, "reseller", "Reseller")?,
            TenantKind::Customer => self.new_tenant(tenant, "customer", "Customer")?,
        };
        match tenant.kind {
            TenantKind::Reseller => self.target.upsert_reseller(&new).await,
            _ => self.target.upsert_customer(&new).await,
        }
    }

    /// `tenant` pseudonymized, its parent the export's copy of its parent.
    fn new_tenant(
        &mut self,
        tenant: &Tenant,
        kind: &'static str,
        label: &'static str,
    ) -> Result<NewTenant, StoreError> {
        let parent = tenant.parent.as_ref().ok_or(StoreError::Corrupt("a tenant below the platform has no parent"))?;
        let parent = self.tenant(parent)?.slug.clone();
        let slug = self.names.slug(kind, &tenant.slug);
        let domain = tenant.sip_domain.as_deref().map(|d| self.names.bind_domain(d, format!("{slug}.{EXAMPLE_TLD}")));
        Ok(NewTenant {
            name: self.names.tenant_name(kind, label, &tenant.name),
            slug,
            parent: Some(parent),
            sip_domain: domain,
            is_default: tenant.is_default,
        })
    }

    /// Every customer's extensions: numbers kept, names and realms
    /// pseudonymized, secrets fresh and random.
    pub(super) async fn copy_extensions(&mut self) -> Result<(), StoreError> {
        for (old, new) in self.customers() {
            let mut numbers = std::collections::HashSet::new();
            for extension in self.source.extensions(&old).await? {
                let copy = NewExtension {
                    customer: new.clone(),
                    number: extension.number.clone(),
                    display_name: self.names.person(&extension.display_name),
                    realm: self.names.domain(&extension.realm),
                    secret: random_secret()?,
                };
                self.target.upsert_extension(&copy).await?;
                numbers.insert(extension.number);
                self.report.extensions += 1;
            }
            self.extensions.insert(old, numbers);
        }
        Ok(())
    }

    /// Every customer's payment methods, as fake references of the same processor.
    pub(super) async fn copy_payment_methods(&mut self) -> Result<(), StoreError> {
        let (mut cards, mut accounts) = (0, 0);
        for (old, new) in self.customers() {
            for method in self.source.payment_methods(&old).await? {
                let label = match method.reference.processor() {
                    Processor::AuthorizeNet => format!("Test card {}", counted(&mut cards)),
                    Processor::Dwolla => format!("Test bank account {}", counted(&mut accounts)),
                };
                let reference = fake_reference(method.reference.processor())?;
                self.target.add_payment_method(&new, &reference, &label).await?;
                self.report.payment_methods += 1;
            }
        }
        Ok(())
    }

    /// (source id, export id) of every customer, in a fixed order.
    pub(super) fn customers(&self) -> Vec<(TenantId, TenantId)> {
        let mut pairs: Vec<_> = self
            .tenants
            .iter()
            .filter(|(_, copy)| copy.kind == TenantKind::Customer)
            .map(|(old, copy)| (old.clone(), copy.id.clone()))
            .collect();
        pairs.sort();
        pairs
    }
}

fn counted(counter: &mut u64) -> u64 {
    *counter += 1;
    *counter
}

/// HA1s of a password nobody knows: random hex of each hash's length.
fn random_secret() -> Result<SipSecret, StoreError> {
    Ok(SipSecret { ha1_md5: hex::encode(random::<16>()?), ha1_sha256: hex::encode(random::<32>()?) })
}

/// A reference of `processor` that names nothing real.
fn fake_reference(processor: Processor) -> Result<PaymentReference, StoreError> {
    let reference = match processor {
        Processor::AuthorizeNet => {
            AuthorizeNetProfile::parse(&random_id()?, &random_id()?).map(PaymentReference::AuthorizeNet)
        }
        Processor::Dwolla => {
            DwollaFundingSource::parse(&format!("{DWOLLA_SANDBOX}{}", random_uuid()?)).map(PaymentReference::Dwolla)
        }
    };
    Ok(reference?)
}

/// A random 10-digit id with no leading zero, as Authorize.Net issues.
fn random_id() -> Result<String, StoreError> {
    let value = u64::from_be_bytes(random::<8>()?);
    Ok((1_000_000_000 + value % 9_000_000_000).to_string())
}

/// A random (version 4) UUID in its text form (RFC 9562 §5.4).
fn random_uuid() -> Result<String, StoreError> {
    let mut bytes = random::<16>()?;
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = hex::encode(bytes);
    Ok(format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..]))
}

pub(super) fn random<const N: usize>() -> Result<[u8; N], StoreError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(StoreError::Randomness)?;
    Ok(bytes)
}
