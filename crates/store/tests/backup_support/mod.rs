//! Fixtures shared by the backup tests: a store with extensions, audit
//! records, payment methods and blobs of two customers; reading an archive
//! and writing one entry by entry, with names written raw into the ustar
//! header so that hostile names (`../evil`, `/etc/x`) can be made.

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};

use model::{AuthorizeNetProfile, PaymentReference, SipSecret, TenantId};
use store::{AuditDecision, AuditRecord, BlobId, BlobKind, Kek, NewExtension, NewTenant, Store, StoreError};

/// An extension's display name, sealed in the database.
pub const DISPLAY_NAME: &str = "Zanzibar Quux";
/// A 1 kHz tone at 8 kHz in μ-law: eight samples a period.
pub const TONE_PERIOD: [u8; 8] = [0xff, 0x9a, 0x8f, 0x9a, 0x7f, 0x1a, 0x0f, 0x1a];
pub const AUDIT_RECORDS: u64 = 6;

pub fn kek() -> Kek {
    Kek::from_bytes(&[0x5a; 32])
}

/// `len` bytes of the tone.
pub fn tone(len: usize) -> Vec<u8> {
    TONE_PERIOD.iter().copied().cycle().take(len).collect()
}

/// `len` bytes that do not repeat with any short period.
pub fn noise(len: usize, seed: u32) -> Vec<u8> {
    let mut state = 0x2545_f491_u32 ^ seed;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state.to_le_bytes()[0]
        })
        .collect()
}

/// A stored blob and the plaintext it was stored from.
#[derive(Debug, Clone)]
pub struct Stored {
    pub tenant: TenantId,
    pub id: BlobId,
    pub plain: Vec<u8>,
}

/// A filled store: customers `a` and `b` under reseller `r`.
pub struct Filled {
    pub store: Store,
    pub a: TenantId,
    pub b: TenantId,
    pub blobs: Vec<Stored>,
}

/// A store in `dir` under [`kek`] with two customers, an extension named
/// [`DISPLAY_NAME`], audit records and a checkpoint, a payment method, and
/// voicemail and recordings of both customers (one over several chunks).
pub async fn filled(dir: &Path) -> Filled {
    let store = Store::open_with_kek(dir, kek()).await.unwrap();
    let reseller = NewTenant { slug: "r".into(), name: "R".into(), parent: None, sip_domain: None, is_default: false };
    store.upsert_reseller(&reseller).await.unwrap();
    let (a, b) = (customer(&store, "a").await, customer(&store, "b").await);
    let secret = SipSecret { ha1_md5: "0".repeat(32), ha1_sha256: "1".repeat(64) };
    let ext = NewExtension {
        customer: a.clone(),
        number: "4711".into(),
        display_name: DISPLAY_NAME.into(),
        realm: "a.example".into(),
        secret,
    };
    store.upsert_extension(&ext).await.unwrap();
    audit(&store).await;
    let profile = AuthorizeNetProfile::parse("1929820324", "1841987457").unwrap();
    store.add_payment_method(&a, &PaymentReference::AuthorizeNet(profile), "Visa ending 1111").await.unwrap();
    let mut blobs = Vec::new();
    for (tenant, kind, plain) in [
        (&a, BlobKind::Voicemail, tone(16_000)),
        (&a, BlobKind::Recording, noise(200_000, 1)),
        (&b, BlobKind::Voicemail, Vec::new()),
        (&b, BlobKind::Recording, noise(70_000, 2)),
    ] {
        blobs.push(put(&store, tenant, kind, plain).await);
    }
    Filled { store, a, b, blobs }
}

async fn customer(store: &Store, slug: &str) -> TenantId {
    let new = NewTenant {
        slug: slug.into(),
        name: slug.to_uppercase(),
        parent: Some("r".into()),
        sip_domain: Some(format!("{slug}.example")),
        is_default: false,
    };
    store.upsert_customer(&new).await.unwrap().id
}

async fn audit(store: &Store) {
    for i in 0..AUDIT_RECORDS {
        let record = AuditRecord {
            at_ms: 1_700_000_000_000 + i as i64,
            actor: "admin".into(),
            action: "recording.read".into(),
            target: format!("line-{i}"),
            purpose: "quality".into(),
            decision: AuditDecision::Allow,
            source: "192.0.2.7".into(),
        };
        store.append_audit(&record).await.unwrap();
    }
    store.checkpoint_audit(1_800_000_000_000).await.unwrap().unwrap();
}

/// Stores `plain` as a blob of `tenant`.
pub async fn put(store: &Store, tenant: &TenantId, kind: BlobKind, plain: Vec<u8>) -> Stored {
    let id = store.put_blob(tenant, kind, Some("4711"), plain.as_slice()).await.unwrap();
    Stored { tenant: tenant.clone(), id, plain }
}

/// The whole plaintext of a blob.
pub async fn read_all(store: &Store, tenant: &TenantId, id: &BlobId) -> Result<Vec<u8>, StoreError> {
    Ok(store
        .open_blob(
            &compliance::CpniRequest::host_operator("operator:test", compliance::Purpose::NetworkOperations, "test"),
            tenant,
            id,
        )
        .await?
        .read_to_end()
        .await?
        .to_vec())
}

/// The documented place of a blob's file.
pub fn blob_path(dir: &Path, tenant: &TenantId, id: &BlobId) -> PathBuf {
    dir.join("blobs").join(&tenant.0).join(&id.0)
}

/// Names in `dir` (not recursive), sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

/// Whether `needle` occurs anywhere in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

/// One archive entry as read or to be written.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: Vec<u8>,
    pub kind: tar::EntryType,
    pub mode: u32,
    pub link: Vec<u8>,
    pub data: Vec<u8>,
}

impl Entry {
    /// A regular file entry, mode 0600.
    pub fn file(name: &str, data: Vec<u8>) -> Self {
        Self { name: name.into(), kind: tar::EntryType::Regular, mode: 0o600, link: Vec::new(), data }
    }

    pub fn name(&self) -> String {
        String::from_utf8_lossy(&self.name).into_owned()
    }
}

/// Every entry of the archive at `path`, in order.
pub fn read_entries(path: &Path) -> Vec<Entry> {
    let mut archive = tar::Archive::new(std::fs::File::open(path).unwrap());
    let mut entries = Vec::new();
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let (name, link) = (entry.path_bytes().into_owned(), entry.link_name_bytes().unwrap_or_default().into_owned());
        let (kind, mode) = (entry.header().entry_type(), entry.header().mode().unwrap());
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
        entries.push(Entry { name, kind, mode, link, data });
    }
    entries
}

/// Writes `entries` as a new ustar archive at `path`, names and link
/// targets copied raw into the header (at most 100 bytes each).
pub fn write_entries(path: &Path, entries: &[Entry]) {
    let mut builder = tar::Builder::new(std::fs::File::create(path).unwrap());
    for entry in entries {
        let mut header = tar::Header::new_ustar();
        header.as_old_mut().name[..entry.name.len()].copy_from_slice(&entry.name);
        header.as_old_mut().linkname[..entry.link.len()].copy_from_slice(&entry.link);
        header.set_entry_type(entry.kind);
        header.set_mode(entry.mode);
        header.set_size(entry.data.len() as u64);
        header.set_cksum();
        builder.append(&header, entry.data.as_slice()).unwrap();
    }
    builder.into_inner().unwrap();
}
