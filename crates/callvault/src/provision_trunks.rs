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

use anyhow::Context;
use store::{Store, StoredDid, StoredTrunk, TrunkSecret};

use crate::trunks::{DidToml, TrunkToml};

/// Writes the trunks and DIDs of a provisioning file.
pub(crate) async fn apply(store: &Store, trunks: &[TrunkToml], dids: &[DidToml]) -> anyhow::Result<()> {
    for entry in trunks {
        let trunk = stored_trunk(store, entry).await.with_context(|| format!("trunk {:?}", entry.name))?;
        store.upsert_trunk(&trunk).await.with_context(|| format!("trunk {:?}", entry.name))?;
    }
    for entry in dids {
        let number = entry.number()?;
        let customer = crate::trunks::customer(store, &entry.customer).await?.id;
        store.upsert_did(&StoredDid { number, customer, extension: entry.extension.clone() }).await?;
    }
    Ok(())
}

async fn stored_trunk(store: &Store, entry: &TrunkToml) -> anyhow::Result<StoredTrunk> {
    let secret = entry.credentials()?.map(|(username, password)| TrunkSecret { username, password });
    let owner = match &entry.customer {
        Some(slug) => crate::trunks::customer(store, slug).await?.id,
        None => store.platform().await?.id,
    };
    Ok(StoredTrunk {
        name: entry.name.clone(),
        owner,
        host: entry.host.clone(),
        port: entry.port(),
        transport: entry.transport()?,
        secret,
    })
}
