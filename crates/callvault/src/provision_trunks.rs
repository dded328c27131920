//! The `[[trunk]]` and `[[did]]` entries of a provisioning file (issue 4
//! item 2), written to the store: a trunk's digest credentials are sealed
//! there under its owner's data key (the customer's, or the platform's for
//! a trunk serving every customer), never kept in a configuration file.
//!
//! ```toml
//! [[trunk]]
//! name = "carrier"
//! host = "sip.carrier.example"
//! port = 5060                  # default 5060
//! transport = "udp"            # udp (default), tcp or tls
//! username = "acct-1234"       # both or neither
//! password = "secret"
//! customer = "shop"            # default: every customer
//!
//! [[did]]
//! number = "+15552340000"      # E.164, or a NANP number
//! customer = "shop"
//! extension = "100"
//! ```

use anyhow::{Context, bail};
use serde::Deserialize;
use store::{Store, StoredDid, StoredTrunk, TrunkSecret};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TrunkEntry {
    name: String,
    host: String,
    port: Option<u16>,
    transport: Option<String>,
    username: Option<String>,
    password: Option<String>,
    customer: Option<String>,
}

impl std::fmt::Debug for TrunkEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrunkEntry").field("name", &self.name).field("host", &self.host).finish_non_exhaustive()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DidEntry {
    number: String,
    customer: String,
    extension: String,
}

/// Writes the trunks and DIDs of a provisioning file.
pub(crate) async fn apply(store: &Store, trunks: &[TrunkEntry], dids: &[DidEntry]) -> anyhow::Result<()> {
    for entry in trunks {
        let trunk = stored_trunk(store, entry).await.with_context(|| format!("trunk {:?}", entry.name))?;
        store.upsert_trunk(&trunk).await.with_context(|| format!("trunk {:?}", entry.name))?;
    }
    for entry in dids {
        let Some(number) = pbx::Country::US.normalise(&entry.number) else {
            bail!("a [[did]] number is not an E.164 or NANP number");
        };
        let customer = crate::trunks::customer(store, &entry.customer).await?.id;
        store.upsert_did(&StoredDid { number, customer, extension: entry.extension.clone() }).await?;
    }
    Ok(())
}

async fn stored_trunk(store: &Store, entry: &TrunkEntry) -> anyhow::Result<StoredTrunk> {
    let secret = match (&entry.username, &entry.password) {
        (Some(username), Some(password)) => {
            Some(TrunkSecret { username: username.clone(), password: password.clone() })
        }
        (None, None) => None,
        _ => bail!("username and password go together"),
    };
    let owner = match &entry.customer {
        Some(slug) => crate::trunks::customer(store, slug).await?.id,
        None => store.platform().await?.id,
    };
    Ok(StoredTrunk {
        name: entry.name.clone(),
        owner,
        host: entry.host.clone(),
        port: entry.port.unwrap_or(5060),
        transport: crate::trunks::transport(entry.transport.as_deref().unwrap_or("udp"))?,
        secret,
    })
}
