//! The export's CDRs (issue 3 item 4): parties pseudonymized per customer
//! (extension numbers kept), everything reports aggregate over kept. Each
//! customer's CDRs are read under a permit of the live store's CPNI gate
//! (purpose network operations, audited in the live store's log).

use compliance::{CpniKind, CpniRequest, Purpose};
use model::{Cdr, TenantId};

use super::Export;
use crate::{Store, StoreError};

/// CDRs read and written per batch.
const PAGE: u32 = 1000;

impl Export {
    /// Every customer's CDRs, page by page, newest first.
    pub(super) async fn copy_cdrs(&mut self) -> Result<(), StoreError> {
        for (old, new) in self.customers() {
            let request = CpniRequest::host_operator("operator:export", Purpose::NetworkOperations, "store");
            let permit = self.live.permit(&request, &old, CpniKind::CallDetail, "cdr.export_anonymized").await?;
            let mut before = None;
            loop {
                let page = self.source.cdrs_page_permitted(&permit, before, PAGE).await?;
                let Some(last) = page.last() else { break };
                before = Some(last.start_ms);
                let copies: Vec<Cdr> = page.iter().map(|cdr| self.copy_cdr(&old, &new, cdr)).collect();
                self.target.insert_cdrs(&copies).await?;
                self.report.cdrs += copies.len() as u64;
            }
        }
        Ok(())
    }

    fn copy_cdr(&mut self, old: &TenantId, new: &TenantId, cdr: &Cdr) -> Cdr {
        Cdr {
            id: Store::new_cdr_id(),
            customer: new.clone(),
            caller: self.party(old, &cdr.caller),
            callee: self.party(old, &cdr.callee),
            did: cdr.did.as_deref().map(|did| self.party(old, did)),
            ..cdr.clone()
        }
    }
}
