//! A tenant's blind-index key: the key every blind index of that tenant is
//! computed under, kept apart from the data keys so that it does not rotate
//! with them (issue 3 item 1; see the module doc of `crypto` for why).
//!
//! It is derived once from the tenant's version-1 data key,
//! HMAC-SHA-256(data key v1, "callvault/index-key/v1") (RFC 2104; the
//! expand step of RFC 5869 §2.3), a one-way step: holding it reveals nothing
//! of the data key, so version 1 can still be crypto-shredded after a
//! rotation. Because it is derived, two nodes creating it at once make the
//! same key. It is stored wrapped under the KEK in `index_keys` (one row per
//! tenant, never rotated), with associated data "callvault/index-key/v1" ‖
//! tenant id, so a wrapped key copied to another tenant does not unwrap.

use std::fmt;

use model::TenantId;
use zeroize::Zeroizing;

use super::derive::{encode_fields, sub_key};
use super::{DataKey, Kek};
use crate::StoreError;

const LABEL: &[u8] = b"callvault/index-key/v1";
const COLUMN_LABEL: &[u8] = b"callvault/blind-index/v1/";

/// A tenant's blind-index key, unwrapped. Zeroized on drop; never printed.
pub struct IndexKey {
    tenant: TenantId,
    secret: Zeroizing<[u8; 32]>,
}

impl fmt::Debug for IndexKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IndexKey").field("tenant", &self.tenant).finish_non_exhaustive()
    }
}

impl IndexKey {
    /// The index key of `first`'s tenant, derived from its version-1 data key.
    pub(super) fn derive(first: &DataKey) -> Self {
        Self { tenant: first.tenant().clone(), secret: first.sub_key(&[LABEL]) }
    }

    /// The tenant this key belongs to.
    pub fn tenant(&self) -> &TenantId {
        &self.tenant
    }

    /// The HMAC key for blind indexes of `column`.
    pub(super) fn column_key(&self, column: &str) -> Zeroizing<[u8; 32]> {
        sub_key(&self.secret, &[COLUMN_LABEL, column.as_bytes()])
    }

    /// This key wrapped under `kek`, for `index_keys.wrapped`.
    pub(super) fn wrap(&self, kek: &Kek) -> Result<Vec<u8>, StoreError> {
        kek.wrap(self.secret.as_slice(), &wrap_aad(&self.tenant))
    }

    /// Unwraps an `index_keys.wrapped` value of `tenant`.
    pub(super) fn unwrap(kek: &Kek, tenant: &TenantId, wrapped: &[u8]) -> Result<Self, StoreError> {
        let failed = || StoreError::IndexKeyUnwrap { tenant: tenant.0.clone() };
        let plain = kek.unwrap(wrapped, &wrap_aad(tenant)).ok_or_else(failed)?;
        let secret: [u8; 32] = plain.as_slice().try_into().map_err(|_| failed())?;
        Ok(Self { tenant: tenant.clone(), secret: Zeroizing::new(secret) })
    }
}

fn wrap_aad(tenant: &TenantId) -> Vec<u8> {
    encode_fields(LABEL, &[tenant.0.as_bytes()])
}
