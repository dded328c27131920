//! The export's carrier trunks and DIDs (issue 3 item 4): a trunk's host
//! and account name are pseudonymized by the keyed mapping (`pseudonym`),
//! its password is never exported (a fresh random one nobody knows takes
//! its place), and its name, port and transport are kept (configuration,
//! as CDR trunk names are). A DID is a telephone number of record: it is
//! mapped exactly as the same number in a CDR is (`Export::party`), so the
//! export's DIDs still route to the same extensions and match their calls.

use crate::{StoreError, StoredDid, StoredTrunk, TrunkSecret};

use super::Export;

impl Export {
    /// Every live tenant's trunks, pseudonymized, without their passwords.
    pub(super) async fn copy_trunks(&mut self) -> Result<(), StoreError> {
        for trunk in self.source.trunks().await? {
            let Some(owner) = self.tenants.get(&trunk.owner).map(|copy| copy.id.clone()) else { continue };
            let secret = match &trunk.secret {
                Some(secret) => Some(TrunkSecret {
                    username: self.names.token("trunk-user", &secret.username),
                    password: hex::encode(super::directory::random::<24>()?),
                }),
                None => None,
            };
            let copy = StoredTrunk { owner, host: self.names.domain(&trunk.host), secret, ..trunk };
            self.target.upsert_trunk(&copy).await?;
            self.report.trunks += 1;
        }
        Ok(())
    }

    /// Every live customer's DIDs, numbers mapped as in its CDRs.
    pub(super) async fn copy_dids(&mut self) -> Result<(), StoreError> {
        for (did, _) in self.source.dids().await? {
            let Some(customer) = self.tenants.get(&did.customer).map(|copy| copy.id.clone()) else { continue };
            let number = self.party(&did.customer, &did.number);
            self.target.upsert_did(&StoredDid { number, customer, extension: did.extension }).await?;
            self.report.dids += 1;
        }
        Ok(())
    }
}
