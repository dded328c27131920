//! Envelope encryption at rest (ARCHITECTURE.md principle 5; issue 3 item 1).
//!
//! - A key-encryption key ([`Kek`]) comes from `CALLVAULT_KEK` (64 hex digits)
//!   or from `kek.key` in the data folder, created mode 0600 on first use.
//! - Each tenant has a random 256-bit [`DataKey`], stored only wrapped under
//!   the KEK (AES-256-GCM) in the `data_keys` table; a [`Keyring`] unwraps and
//!   caches them, zeroizing them when dropped.
//! - [`seal`] / [`open`] protect one value with AES-256-GCM (NIST SP 800-38D)
//!   under a data key, with a fresh random 96-bit nonce and the value's
//!   identity ([`Aad`]: table, column, row, tenant) as associated data, so a
//!   sealed value copied to another row, column or tenant does not open.
//! - [`blind_index`] gives a keyed HMAC-SHA-256 (RFC 2104) of a normalized
//!   value for equality lookups without storing the plaintext, under the
//!   tenant's [`IndexKey`].
//! - The audit log's checkpoint key is kept the same way, wrapped under the
//!   KEK in its own one-row table (`audit_key`).
//! - [`Store::rewrap_keys`](crate::Store::rewrap_keys) re-wraps every data
//!   key, index key and the audit checkpoint key under a new KEK; sealed
//!   values are untouched.
//! - [`Store::rotate_data_key`](crate::Store::rotate_data_key) gives a tenant
//!   a new data key version, current at once; the re-seal job
//!   ([`Store::reseal_tenant`](crate::Store::reseal_tenant), `crate::rotation`)
//!   then re-seals the tenant's values and files and deletes the old versions.
//!   Other nodes notice the new version within [`LATEST_KEY_TTL`], or at once
//!   when they open a value sealed under it (`keyring.rs`).
//!
//! Why blind indexes have their own key, which never rotates: an index is
//! looked up by recomputing it from a plaintext, so it must be computed
//! under one key for all rows. Deriving it from the current data key (as
//! before) would break every equality lookup from the moment a rotation
//! makes a new version current until the re-seal job has recomputed every
//! index, and make the job rewrite every indexed row even when only keys
//! changed. Keying indexes by each row's own data key version instead would
//! mean one lookup per live version. So a tenant's [`IndexKey`] is derived
//! once from its version-1 data key (one-way, so version 1 can still be
//! shredded) and kept wrapped in its own `index_keys` row: lookups stay
//! correct before, during and after a rotation, and rotations need not
//! touch indexes. The price: an index key that leaked stays useful to an
//! attacker for guessing low-entropy values until the tenant is re-keyed as
//! a whole (a new tenant id), which a data-key rotation does not do; data-key
//! rotation protects the sealed values themselves.
//!
//! How columns use it: a sensitive column `x` becomes a BLOB `x_sealed`
//! holding `keyring.seal(tenant, value, &Aad::new(table, "x", row))`, where
//! `row` names the row stably (e.g. its natural key), sealed and opened by the
//! [`Keyring`] each [`Store`](crate::Store) owns. Sealed so far: extensions'
//! display names and digest HA1s (`crate::extensions`), payment methods
//! (`crate::payments`), tenants' names (`crate::tenants`) and blob files
//! (`crate::blobs`); `crate::rotation` lists them all for the re-seal job.
//! Tenants' slugs and SIP domains, extension numbers and realms stay plain:
//! they are lookup keys and addressing, not personal data. Where rows
//! are looked up by a sealed value, a BLOB `x_index` holding
//! `blind_index(index key, "table.x", normalized value)` with an index on it.

mod audit_key;
mod blind_index;
mod data_key;
mod derive;
mod index_key;
mod kek;
mod keyring;
mod rotate;
mod seal;
mod versions;

pub use blind_index::{BlindIndexer, blind_index};
pub use data_key::DataKey;
pub(crate) use derive::encode_fields;
pub use index_key::IndexKey;
pub(crate) use kek::check_private;
pub use kek::{KEK_ENV, KEK_FILE, Kek};
pub use keyring::{Keyring, LATEST_KEY_TTL};
pub use rotate::Rewrapped;
pub(crate) use rotate::unwrap_all_data_keys;
pub use seal::{Aad, SEAL_FORMAT, open, seal, sealed_key_version};
pub(crate) use seal::{NonceSource, Sealer};

use crate::StoreError;

/// Fills `buf` from the operating system's random source (for keys).
fn random_bytes(buf: &mut [u8]) -> Result<(), StoreError> {
    getrandom::fill(buf).map_err(StoreError::Randomness)
}

/// Fills `buf` with a fresh AES-GCM nonce from the thread's CSPRNG
/// (ChaCha12 seeded and periodically reseeded from the operating system),
/// which saves a system call per sealed value. Random 96-bit nonces stay
/// within NIST SP 800-38D §8.3's bound as long as one key seals fewer than
/// 2^32 values, which per-tenant keys and rotation keep far away.
fn random_nonce(buf: &mut [u8]) {
    rand::RngCore::fill_bytes(&mut rand::rng(), buf);
}
