//! The export's media (issue 3 item 4): every voicemail and recording
//! becomes silence of the same plaintext length (`silence`), sealed under
//! the export's own data keys. The first chunk, read for its WAVE header,
//! is read under a permit of the live store's CPNI gate (purpose network
//! operations, audited in the live store's log like the CDRs).

use compliance::{CpniRequest, Permit, Purpose};

use super::Export;
use super::silence::silence;
use crate::{BlobInfo, BlobKind, StoreError};

impl Export {
    /// Every tenant's blobs of both kinds, under one permit per tenant and kind.
    pub(super) async fn copy_blobs(&mut self) -> Result<(), StoreError> {
        let tenants: Vec<_> = self.tenants.keys().cloned().collect();
        for tenant in tenants {
            for kind in [BlobKind::Voicemail, BlobKind::Recording] {
                let blobs = self.source.list_blobs(&tenant, kind).await?;
                if blobs.is_empty() {
                    continue;
                }
                let request = CpniRequest::host_operator("operator:export", Purpose::NetworkOperations, "store");
                let action = format!("{}.export_anonymized", kind.as_str());
                let permit = self.live.permit(&request, &tenant, kind.cpni(), &action).await?;
                for info in blobs {
                    self.copy_blob(&permit, &info).await?;
                }
            }
        }
        Ok(())
    }

    /// Blob `info` as silence shaped by its first chunk (for a WAVE header).
    async fn copy_blob(&mut self, permit: &Permit, info: &BlobInfo) -> Result<(), StoreError> {
        let mut reader = self.source.open_blob_permitted(permit, info).await?;
        let head = reader.next_chunk().await?.unwrap_or_default();
        let owner = info.owner.as_deref().map(|owner| self.party(&info.tenant, owner));
        let tenant = self.tenant(&info.tenant)?.id.clone();
        let media = silence(&head, info.length);
        self.target.put_blob(&tenant, info.kind, owner.as_deref(), media).await?;
        self.report.blobs += 1;
        self.report.blob_bytes += info.length;
        Ok(())
    }
}
