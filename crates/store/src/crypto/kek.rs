//! The key-encryption key (KEK): 32 bytes from the environment or a key file.
//!
//! `CALLVAULT_KEK` holds 64 hex digits (32 bytes). Otherwise the key lives in
//! `kek.key` in the data folder as 64 hex digits and a newline, created with
//! mode 0600 on first use; a key file readable by group or others is refused.
//! The KEK wraps data keys only (AES-256-GCM, NIST SP 800-38D).

use std::fmt;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use zeroize::Zeroizing;

use super::derive::hmac_sha256;
use super::random_bytes;
use crate::StoreError;

/// The environment variable that carries the KEK as 64 hex digits.
pub const KEK_ENV: &str = "CALLVAULT_KEK";
/// The key file's name inside the data folder.
pub const KEK_FILE: &str = "kek.key";

const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 12;

/// A key-encryption key. Zeroized on drop; never printed.
#[derive(Clone)]
pub struct Kek {
    cipher: Aes256Gcm,
    id: String,
}

impl fmt::Debug for Kek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Kek").field("id", &self.id).finish_non_exhaustive()
    }
}

impl Kek {
    /// The KEK from `CALLVAULT_KEK` if set, else from the data folder's key file.
    pub fn load(data_dir: &Path) -> Result<Self, StoreError> {
        let env = std::env::var(KEK_ENV).ok().map(Zeroizing::new);
        Self::resolve(env.as_deref().map(String::as_str), data_dir)
    }

    /// Like [`Kek::load`], but an error rather than a new key file when
    /// neither is there (for commands that must use the KEK already in use).
    pub fn load_existing(data_dir: &Path) -> Result<Self, StoreError> {
        match std::env::var(KEK_ENV).ok().map(Zeroizing::new) {
            Some(value) => Self::from_hex(&value, KEK_ENV),
            None => Self::from_file(&data_dir.join(KEK_FILE)),
        }
    }

    /// The KEK from `env_value` (the value of `CALLVAULT_KEK`) if given, else
    /// from `kek.key` in `data_dir`, which is created on first use.
    pub fn resolve(env_value: Option<&str>, data_dir: &Path) -> Result<Self, StoreError> {
        match env_value {
            Some(value) => Self::from_hex(value, KEK_ENV),
            None => Self::load_or_create_file(&data_dir.join(KEK_FILE)),
        }
    }

    /// Parses 64 hex digits (surrounding whitespace ignored); `origin` names
    /// where they came from in the error.
    pub fn from_hex(text: &str, origin: &str) -> Result<Self, StoreError> {
        let bytes =
            Zeroizing::new(hex::decode(text.trim()).map_err(|_| StoreError::KekNotHex { origin: origin.to_owned() })?);
        let key: &[u8; KEY_LEN] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| StoreError::KekLength { origin: origin.to_owned(), found: bytes.len() })?;
        Ok(Self::from_bytes(key))
    }

    /// A KEK from raw key bytes.
    pub fn from_bytes(key: &[u8; KEY_LEN]) -> Self {
        let id = hex::encode(&hmac_sha256(key, &[b"callvault/kek-id/v1"])[..8]);
        let cipher = Aes256Gcm::new(key.into());
        Self { cipher, id }
    }

    /// A fresh random KEK and its 64-hex-digit text (for a new key file).
    fn generate() -> Result<(Self, Zeroizing<String>), StoreError> {
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        random_bytes(key.as_mut_slice())?;
        let text = Zeroizing::new(hex::encode(key.as_slice()));
        Ok((Self::from_bytes(&key), text))
    }

    /// Reads an existing key file, refusing one readable by group or others.
    pub fn from_file(path: &Path) -> Result<Self, StoreError> {
        check_private(path)?;
        let text = Zeroizing::new(std::fs::read_to_string(path).map_err(|e| kek_file(path, e))?);
        Self::from_hex(&text, &path.display().to_string())
    }

    /// Reads `path`, or creates it (mode 0600) with a fresh KEK if absent.
    pub fn load_or_create_file(path: &Path) -> Result<Self, StoreError> {
        match Self::create_file(path) {
            Ok(kek) => Ok(kek),
            Err(StoreError::KekFile { source, .. }) if source.kind() == std::io::ErrorKind::AlreadyExists => {
                Self::from_file(path)
            }
            Err(other) => Err(other),
        }
    }

    /// Creates a key file at `path` (mode 0600; an error if it exists)
    /// holding a fresh KEK, creating its folder if needed.
    pub fn create_file(path: &Path) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(StoreError::DataDir)?;
        }
        write_new_file(path)
    }

    /// Replaces the key file `dest` with a copy of the key file `src`
    /// (checked as [`Kek::from_file`] does) by write, fsync and rename, so a
    /// crash leaves either the old or the new key file, never half of one.
    pub fn install_file(src: &Path, dest: &Path) -> Result<Self, StoreError> {
        let kek = Self::from_file(src)?;
        let text = Zeroizing::new(std::fs::read(src).map_err(|e| kek_file(src, e))?);
        let staging = dest.with_extension("key.new");
        let _ = std::fs::remove_file(&staging);
        let mut file = private_file(&staging)?;
        file.write_all(&text).and_then(|()| file.sync_all()).map_err(|e| kek_file(&staging, e))?;
        std::fs::rename(&staging, dest).map_err(|e| kek_file(dest, e))?;
        if let Some(dir) = dest.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(|e| kek_file(dir, e))?;
        }
        Ok(kek)
    }

    /// The KEK's public fingerprint: the first 8 bytes of
    /// HMAC-SHA-256(KEK, "callvault/kek-id/v1") in hex.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Encrypts `secret` under the KEK: nonce ‖ ciphertext ‖ tag.
    pub(super) fn wrap(&self, secret: &[u8], aad: &[u8]) -> Result<Vec<u8>, StoreError> {
        let mut nonce = [0u8; NONCE_LEN];
        random_bytes(&mut nonce)?;
        let sealed = self
            .cipher
            .encrypt(&Nonce::from(nonce), Payload { msg: secret, aad })
            .map_err(|_| StoreError::PlaintextTooLarge)?;
        Ok([nonce.as_slice(), &sealed].concat())
    }

    /// Decrypts what [`Kek::wrap`] made; `None` if it does not authenticate.
    pub(super) fn unwrap(&self, wrapped: &[u8], aad: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        let (nonce, sealed) = wrapped.split_first_chunk::<NONCE_LEN>()?;
        let plain = self.cipher.decrypt(&Nonce::from(*nonce), Payload { msg: sealed, aad }).ok()?;
        Some(Zeroizing::new(plain))
    }
}

/// Creates a new key file (mode 0600, fails if it exists) holding a fresh
/// KEK. It is written under a staging name and hard-linked into place, so a
/// crash never leaves a half-written key file and racing creators agree.
fn write_new_file(path: &Path) -> Result<Kek, StoreError> {
    let (kek, text) = Kek::generate()?;
    let mut suffix = [0u8; 8];
    random_bytes(&mut suffix)?;
    let staging = path.with_extension(format!("key.{}.tmp", hex::encode(suffix)));
    let mut file = private_file(&staging)?;
    let written = file.write_all(text.as_bytes()).and_then(|()| file.write_all(b"\n")).and_then(|()| file.sync_all());
    let linked = written.and_then(|()| std::fs::hard_link(&staging, path));
    let _ = std::fs::remove_file(&staging);
    linked.map_err(|e| kek_file(path, e))?;
    tracing::info!(path = %path.display(), kek_id = kek.id(), "created a new key-encryption key file");
    Ok(kek)
}

/// Creates `path` with mode 0600; an error if it exists.
fn private_file(path: &Path) -> Result<std::fs::File, StoreError> {
    crate::private_file::create(path).map_err(|e| kek_file(path, e))
}

/// Refuses a key file that group or others may read or write (the KEK's
/// and the audit checkpoint key's).
pub(crate) fn check_private(path: &Path) -> Result<(), StoreError> {
    let mode = std::fs::metadata(path).map_err(|e| kek_file(path, e))?.permissions().mode();
    if mode & 0o077 != 0 {
        return Err(StoreError::KeyFileExposed { path: path.to_owned(), mode: mode & 0o777 });
    }
    Ok(())
}

fn kek_file(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::KekFile { path: PathBuf::from(path), source }
}
