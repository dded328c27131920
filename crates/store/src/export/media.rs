//! The export's media (issue 3 item 4): every voicemail and recording
//! becomes silence of the same plaintext length (`silence`), sealed under
//! the export's own data keys.

use super::Export;
use super::silence::silence;
use crate::{BlobInfo, BlobKind, StoreError};

impl Export {
    /// Every tenant's blobs of both kinds.
    pub(super) async fn copy_blobs(&mut self) -> Result<(), StoreError> {
        let tenants: Vec<_> = self.tenants.keys().cloned().collect();
        for tenant in tenants {
            for kind in [BlobKind::Voicemail, BlobKind::Recording] {
                for info in self.source.list_blobs(&tenant, kind).await? {
                    self.copy_blob(&info).await?;
                }
            }
        }
        Ok(())
    }

    /// Blob `info` as silence shaped by its first chunk (for a WAVE header).
    async fn copy_blob(&mut self, info: &BlobInfo) -> Result<(), StoreError> {
        let mut reader = self.source.open_blob(&info.tenant, &info.id).await?;
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
