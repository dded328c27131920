//! A tenant's data key: 32 random bytes, stored only wrapped under the KEK.
//!
//! The wrapped form is nonce ‖ AES-256-GCM ciphertext ‖ tag (NIST SP 800-38D)
//! with associated data "callvault/data-key/v1" ‖ tenant id ‖ key version, so
//! a wrapped key copied to another tenant or version does not unwrap. Sealing
//! and blind indexes use sub-keys derived from it (RFC 5869 §2.3 style), never
//! the key itself.

use std::fmt;

use aes_gcm::Aes256Gcm;
use aes_gcm::aead::KeyInit;
use model::TenantId;
use zeroize::Zeroizing;

use super::derive::{encode_fields, sub_key};
use super::{Kek, random_bytes};
use crate::StoreError;

const WRAP_LABEL: &[u8] = b"callvault/data-key/v1";
const SEAL_LABEL: &[u8] = b"callvault/seal/v1";
const INDEX_LABEL: &[u8] = b"callvault/blind-index/v1/";
const BLOB_LABEL: &[u8] = b"callvault/blob/v1/";

/// One version of a tenant's data key, unwrapped. Zeroized on drop; never printed.
pub struct DataKey {
    tenant: TenantId,
    version: u32,
    secret: Zeroizing<[u8; 32]>,
    cipher: Aes256Gcm,
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DataKey").field("tenant", &self.tenant).field("version", &self.version).finish_non_exhaustive()
    }
}

impl DataKey {
    /// A fresh random key for `tenant`.
    pub(super) fn generate(tenant: &TenantId, version: u32) -> Result<Self, StoreError> {
        let mut secret = Zeroizing::new([0u8; 32]);
        random_bytes(secret.as_mut_slice())?;
        Ok(Self::from_secret(tenant, version, secret))
    }

    fn from_secret(tenant: &TenantId, version: u32, secret: Zeroizing<[u8; 32]>) -> Self {
        let seal_key = sub_key(&secret, &[SEAL_LABEL]);
        let cipher = Aes256Gcm::new((&*seal_key).into());
        Self { tenant: tenant.clone(), version, secret, cipher }
    }

    /// The tenant this key belongs to.
    pub fn tenant(&self) -> &TenantId {
        &self.tenant
    }

    /// This key's version (1 for a tenant's first key).
    pub fn version(&self) -> u32 {
        self.version
    }

    /// The AES-256-GCM cipher for sealing values.
    pub(super) fn cipher(&self) -> &Aes256Gcm {
        &self.cipher
    }

    /// The AES-256-GCM cipher of one blob file, keyed by the file's random `salt`.
    pub(crate) fn blob_cipher(&self, salt: &[u8]) -> Aes256Gcm {
        let key = sub_key(&self.secret, &[BLOB_LABEL, salt]);
        Aes256Gcm::new((&*key).into())
    }

    /// The HMAC key for blind indexes of `column`.
    pub(super) fn index_key(&self, column: &str) -> Zeroizing<[u8; 32]> {
        sub_key(&self.secret, &[INDEX_LABEL, column.as_bytes()])
    }

    /// This key wrapped under `kek`, for the `data_keys.wrapped` column.
    pub(super) fn wrap(&self, kek: &Kek) -> Result<Vec<u8>, StoreError> {
        kek.wrap(self.secret.as_slice(), &wrap_aad(&self.tenant, self.version))
    }

    /// Unwraps a `data_keys.wrapped` value of `tenant` and `version`.
    pub(super) fn unwrap(kek: &Kek, tenant: &TenantId, version: u32, wrapped: &[u8]) -> Result<Self, StoreError> {
        let unwrap_failed = || StoreError::DataKeyUnwrap { tenant: tenant.0.clone(), version };
        let plain = kek.unwrap(wrapped, &wrap_aad(tenant, version)).ok_or_else(unwrap_failed)?;
        if plain.len() != 32 {
            return Err(unwrap_failed());
        }
        let mut secret = Zeroizing::new([0u8; 32]);
        secret.copy_from_slice(&plain);
        Ok(Self::from_secret(tenant, version, secret))
    }
}

fn wrap_aad(tenant: &TenantId, version: u32) -> Vec<u8> {
    encode_fields(WRAP_LABEL, &[tenant.0.as_bytes(), &version.to_be_bytes()])
}
