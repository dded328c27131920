//! The `[[trunk]]`, `[[did]]` and `[[policy]]` tables of the configuration
//! (issue 4 items 2, 3 and 6): carrier trunks (host, port, transport,
//! optional digest credentials, one customer or the whole platform), DIDs
//! mapped to a customer's extension, and each customer's outbound caller
//! ID, default country and call limits. Customers are named by slug and
//! resolved when `serve` starts.
//!
//! ```toml
//! [[trunk]]
//! name = "carrier"
//! host = "sip.carrier.example"
//! port = 5060                  # default 5060
//! transport = "udp"            # udp (default), tcp or tls
//! username = "acct-1234"       # digest credentials, if the carrier asks
//! password = "secret"
//! customer = "shop"            # default: every customer
//! tls_ca = "/etc/callvault/carrier-ca.pem"   # TLS: roots trusted for the carrier
//!                              # (default: the system's, /etc/ssl/certs)
//!
//! [[did]]
//! number = "+15551230000"
//! customer = "shop"
//! extension = "100"
//!
//! [[policy]]
//! customer = "shop"
//! caller_id = "+15551230000"
//! country = "US"               # default US
//! max_concurrent_calls = 20
//! calls_per_second = 5
//! ring_timeout_secs = 30       # default: [runtime] ring_timeout_secs
//! ```

use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::Arc;

use anyhow::{Context, bail};
use model::{SipTransport, Tenant};
use pbx::{Country, CustomerPolicy, Did, Trunk, TrunkCredentials, Trunking};
use serde::Deserialize;

/// A `[[trunk]]` of the configuration or of a provisioning file.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TrunkToml {
    pub(crate) name: String,
    pub(crate) host: String,
    port: Option<u16>,
    transport: Option<String>,
    username: Option<String>,
    password: Option<String>,
    pub(crate) customer: Option<String>,
    tls_ca: Option<std::path::PathBuf>,
}

impl std::fmt::Debug for TrunkToml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrunkToml").field("name", &self.name).field("host", &self.host).finish_non_exhaustive()
    }
}

impl TrunkToml {
    /// The port, 5060 unless given.
    pub(crate) fn port(&self) -> u16 {
        self.port.unwrap_or(5060)
    }

    /// The transport, UDP unless given.
    pub(crate) fn transport(&self) -> anyhow::Result<SipTransport> {
        transport(self.transport.as_deref().unwrap_or("udp"))
    }

    /// The digest user name and password, if any: both or neither.
    pub(crate) fn credentials(&self) -> anyhow::Result<Option<(String, String)>> {
        match (&self.username, &self.password) {
            (Some(username), Some(password)) => Ok(Some((username.clone(), password.clone()))),
            (None, None) => Ok(None),
            _ => bail!("username and password go together"),
        }
    }
}

/// A `[[did]]` of the configuration or of a provisioning file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DidToml {
    number: String,
    pub(crate) customer: String,
    pub(crate) extension: String,
}

impl DidToml {
    /// The number in E.164 (NANP numbers given without `+1` are accepted).
    pub(crate) fn number(&self) -> anyhow::Result<String> {
        match Country::US.normalise(&self.number) {
            Some(number) => Ok(number),
            None => bail!("a [[did]] number is not an E.164 or NANP number"),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PolicyToml {
    customer: String,
    caller_id: Option<String>,
    country: Option<String>,
    max_concurrent_calls: Option<u32>,
    calls_per_second: Option<u32>,
    ring_timeout_secs: Option<u64>,
}

/// The trunks, DIDs and policies of the configuration, customers resolved.
pub(crate) async fn trunking(
    store: &store::Store,
    trunks: &[TrunkToml],
    dids: &[DidToml],
    policies: &[PolicyToml],
) -> anyhow::Result<Trunking> {
    let mut trunking = Trunking::default();
    for toml in trunks {
        trunking.trunks.push(Arc::new(trunk(store, toml).await?));
    }
    for toml in dids {
        trunking.dids.push(did(store, toml).await?);
    }
    add_provisioned(store, &mut trunking).await?;
    for toml in policies {
        let customer = customer(store, &toml.customer).await?;
        trunking.customers.insert(customer.id, policy(toml)?);
    }
    Ok(trunking)
}

/// Adds the trunks and DIDs provisioned in the store (`callvault provision`).
async fn add_provisioned(store: &store::Store, trunking: &mut Trunking) -> anyhow::Result<()> {
    let platform = store.platform().await?.id;
    for stored in store.trunks().await.context("reading the provisioned trunks")? {
        let addr = resolve(&stored.host, stored.port)
            .with_context(|| format!("trunk {:?}: resolving its host", stored.name))?;
        let credentials =
            stored.secret.map(|secret| TrunkCredentials { username: secret.username, password: secret.password });
        let customer = (stored.owner != platform).then_some(stored.owner);
        let (name, host, transport) = (stored.name, stored.host, stored.transport);
        trunking.trunks.push(Arc::new(Trunk { name, host, addr, transport, credentials, customer }));
    }
    for (stored, slug) in store.dids().await.context("reading the provisioned DIDs")? {
        let customer = customer(store, &slug).await?;
        trunking.dids.push(Did { number: stored.number, customer, extension: stored.extension });
    }
    Ok(())
}

async fn trunk(store: &store::Store, toml: &TrunkToml) -> anyhow::Result<Trunk> {
    let context = || format!("trunk {:?}", toml.name);
    let addr = resolve(&toml.host, toml.port()).with_context(|| format!("{}: resolving its host", context()))?;
    let credentials = toml.credentials().with_context(context)?;
    let credentials = credentials.map(|(username, password)| TrunkCredentials { username, password });
    let customer = match &toml.customer {
        Some(slug) => Some(customer(store, slug).await?.id),
        None => None,
    };
    let transport = toml.transport()?;
    Ok(Trunk { name: toml.name.clone(), host: toml.host.clone(), addr, transport, credentials, customer })
}

async fn did(store: &store::Store, toml: &DidToml) -> anyhow::Result<Did> {
    let customer = customer(store, &toml.customer).await?;
    Ok(Did { number: toml.number()?, customer, extension: toml.extension.clone() })
}

fn policy(toml: &PolicyToml) -> anyhow::Result<CustomerPolicy> {
    let country = match &toml.country {
        Some(code) => Country::from_iso(code).with_context(|| format!("unsupported country {code:?}"))?,
        None => Country::default(),
    };
    Ok(CustomerPolicy {
        caller_id: toml.caller_id.clone(),
        country,
        max_concurrent: toml.max_concurrent_calls,
        calls_per_second: toml.calls_per_second,
        ring_timeout: crate::config::ring_timeout(toml.ring_timeout_secs)
            .with_context(|| format!("[[policy]] of {:?}", toml.customer))?,
    })
}

/// The trunks reached over TCP or TLS, which `serve` connects to when a
/// call needs one; TLS trusts the `tls_ca` of the trunk's `[[trunk]]`
/// (provisioned trunks: the system's roots).
pub(crate) fn dial_outs(tomls: &[TrunkToml], trunking: &Trunking) -> anyhow::Result<Vec<net::DialOut>> {
    let mut dials = Vec::new();
    for trunk in &trunking.trunks {
        let peer = trunk.peer();
        let tls = match trunk.transport {
            SipTransport::Udp => continue,
            SipTransport::Tcp => None,
            SipTransport::Tls => {
                let ca = tomls.iter().find(|t| t.name == trunk.name).and_then(|t| t.tls_ca.as_deref());
                Some(net::load_client_config(ca).with_context(|| format!("trunk {:?}: tls_ca", trunk.name))?)
            }
        };
        dials.push(net::DialOut { peer, server_name: trunk.host.clone(), tls });
    }
    Ok(dials)
}

pub(crate) async fn customer(store: &store::Store, slug: &str) -> anyhow::Result<Tenant> {
    store.tenant_by_slug(slug).await?.with_context(|| format!("no customer {slug:?}"))
}

fn resolve(host: &str, port: u16) -> anyhow::Result<SocketAddr> {
    (host, port).to_socket_addrs()?.next().context("no address")
}

pub(crate) fn transport(name: &str) -> anyhow::Result<SipTransport> {
    match name.to_ascii_lowercase().as_str() {
        "udp" => Ok(SipTransport::Udp),
        "tcp" => Ok(SipTransport::Tcp),
        "tls" => Ok(SipTransport::Tls),
        _ => bail!("unknown trunk transport {name:?} (udp, tcp or tls)"),
    }
}
