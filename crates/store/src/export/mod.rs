//! Anonymized export for a test environment (issue 3 item 4): `callvault
//! export --anonymize --out DIR` writes a new, complete data folder — its
//! own fresh `kek.key`, a database with the same migrations (its own audit
//! checkpoint key wrapped inside) and `blobs/` — with the same shapes, referential integrity and
//! call-volume statistics as the source, and every personal value and all
//! CPNI (47 CFR 64.2003(g)) replaced by pseudonyms of a keyed,
//! non-reversible mapping (`pseudonym`). `callvault serve --data-dir DIR`
//! or `demo` runs on it (with `CALLVAULT_KEK` unset, so DIR's own key is used).
//!
//! Consistency: everything is read from one snapshot, the backup's
//! (`crate::backup`): the blob files hard-linked into a private staging
//! folder, the database copied with `VACUUM INTO` in one read transaction,
//! and that copy opened as a second [`Store`] with the live store's keyring
//! (the same KEK and data keys). Reads go through the public `Store` API
//! wherever one exists (`tenant_by_slug`, `extensions`, `payment_methods`,
//! the CDR reader under the live store's CPNI gate, `list_blobs`/`open_blob`), and writes into the new store
//! through the ordinary writers, so the export follows those when they change.
//! On PostgreSQL the snapshot is the backup's too: an SQLite file filled
//! from one `REPEATABLE READ READ ONLY` transaction (`crate::backup`), so
//! every reader above reads the same instant of the cluster's database.
//!
//! What becomes what (and what is kept, and why):
//!
//! | value | in the export |
//! |---|---|
//! | tenant names | `Reseller <n>`, `Customer <n>`; the platform stays `Platform` |
//! | slugs | `reseller-<hex>`, `customer-<hex>`; `platform` stays (the code looks it up) |
//! | SIP domains, realms | `<customer slug>.example` (RFC 2606), other realms `d-<hex>.example` |
//! | extension numbers | kept: internal dial codes of a customer's plan (e.g. `201`), not a person's; CDR parties that are one of the customer's extensions stay with them, so internal-call statistics match |
//! | display names | `Person <n>` |
//! | digest HA1s | fresh random values nobody knows: set passwords with `callvault provision --data-dir DIR FILE` (an `[[extension]]` entry with the customer's new slug, the number and a password) |
//! | telephone numbers (callers, callees, CDR DIDs, blob owners that are not extensions) | shape-preserving pseudonyms (`phone`: NANP into 555-01XX, others keep country code and length) |
//! | CDR ids | fresh; times, durations, direction, disposition, hangup side, SIP status kept |
//! | CDR trunk names | kept: they name the operator's carrier trunks, configuration rather than anyone's data |
//! | trunks | name, port, transport kept; host `d-<hex>.example`, account name `trunk-user-<hex>`; the password is never exported (a fresh random one nobody knows; set test credentials with a `[[trunk]]` entry and `callvault provision`) (`numbers`) |
//! | DIDs | the number mapped exactly as the same number in a CDR, so DIDs, CDRs and extensions still agree; the extension kept |
//! | payment methods | same processor, fake reference (Dwolla sandbox host and a random UUID; random 10-digit Authorize.Net ids), label `Test card <n>` / `Test bank account <n>` |
//! | people (sign-in accounts) | `person-<n>@<customer's pseudonym domain>` (others `<slug>.example`); role, tenant and disabled flag kept; **no password** (set one with `callvault user passwd`); TOTP secrets and recovery codes dropped (`people`) |
//! | delegations | copied, granter remapped, times kept; just-in-time grants dropped (expired emergency powers; issue a fresh one) |
//! | registrations | dropped: transient (they expire within the hour) and full of addresses |
//! | OpenID Connect clients, codes, access tokens, signing keys | dropped: register test clients anew (`callvault oidc client add`); a fresh signing key is made on first use |
//! | deleted customers (`delete_customer`) | left out, with any of their rows and files the retention job has not purged yet: their keys are destroyed, nothing of them opens |
//! | media | silence of the same plaintext length (`silence`), sealed under the export's keys |
//! | audit log | re-built as a new valid chain with a signed checkpoint under DIR's new checkpoint key: times, actions, purposes and decisions kept, actors and targets as tokens (tenant ids as the export's tenant ids), sources in `2001:db8::/32` (RFC 3849) |
//!
//! Blob and payment-method creation times, and extension creation times,
//! are those of the export (the writers stamp them). The export prints and
//! stores nothing secret: the mapping key lives only in memory and is
//! zeroized when the export ends.

mod audit;
mod calls;
mod directory;
mod media;
mod numbers;
mod people;
mod phone;
mod pseudonym;
mod silence;

use std::collections::{HashMap, HashSet};
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use model::{Tenant, TenantId};

use crate::backend::sqlite_url;
use crate::backup::staging::{Staging, staged_database};
use crate::{Backend, KEK_FILE, Kek, Store, StoreError};
use pseudonym::Pseudonyms;

/// The staging folder's name prefix, in the source data folder.
const STAGING_PREFIX: &str = ".export-";

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportReport {
    /// The new data folder's KEK fingerprint ([`Kek::id`]).
    pub kek_id: String,
    /// Tenants, the platform included.
    pub tenants: u64,
    /// Extensions.
    pub extensions: u64,
    /// Payment methods.
    pub payment_methods: u64,
    /// Carrier trunks (hosts and accounts pseudonymized, fresh passwords).
    pub trunks: u64,
    /// DIDs (numbers mapped as in the CDRs).
    pub dids: u64,
    /// CDRs.
    pub cdrs: u64,
    /// Blobs (voicemail and recordings), all silence now.
    pub blobs: u64,
    /// Their plaintext bytes together.
    pub blob_bytes: u64,
    /// People (sign-in accounts), without passwords or second factors.
    pub people: u64,
    /// Delegations copied.
    pub delegations: u64,
    /// Audit records in the re-built chain.
    pub audit_records: u64,
}

/// One export under way: the snapshot, the new store, the mapping.
struct Export {
    /// The live store: its CPNI gate permits the snapshot's reads and audits them.
    live: Store,
    source: Store,
    target: Store,
    names: Pseudonyms,
    /// The source's tenant id → the export's tenant.
    tenants: HashMap<TenantId, Tenant>,
    /// The source customer id → its extension numbers (kept as they are).
    extensions: HashMap<TenantId, HashSet<String>>,
    report: ExportReport,
}

impl Store {
    /// Writes an anonymized copy of this store into `out`, a new data
    /// folder (created mode 0700; an existing one must be empty), and
    /// reports what it holds. On failure `out` is removed if this created it.
    /// On PostgreSQL it reads one `REPEATABLE READ` snapshot.
    pub async fn export_anonymized(&self, out: &Path) -> Result<ExportReport, StoreError> {
        let created = prepare_out(out)?;
        let exported = self.export_into(out).await;
        if exported.is_err() && created {
            let _ = std::fs::remove_dir_all(out);
        }
        exported
    }

    async fn export_into(&self, out: &Path) -> Result<ExportReport, StoreError> {
        let staging = Staging::create(&self.data_dir, STAGING_PREFIX)?;
        staging.link_blob_files(&self.data_dir).await?;
        self.snapshot_into(&staging).await?;
        let source = self.snapshot_store(staging.path()).await?;
        let kek = Kek::create_file(&out.join(KEK_FILE))?;
        let kek_id = kek.id().to_owned();
        let target = Store::open_with_kek(out, kek).await;
        let target = match target {
            Ok(target) => target,
            Err(err) => return Err(closing(&source, err).await),
        };
        let exported = match Export::new(self.clone(), source.clone(), target.clone(), kek_id) {
            Ok(export) => export.run().await,
            Err(err) => Err(err),
        };
        source.close().await;
        target.close().await;
        exported
    }

    /// The snapshot database in `dir` as a store under this store's keyring.
    async fn snapshot_store(&self, dir: &Path) -> Result<Store, StoreError> {
        let pool = Backend::Sqlite.pool(&sqlite_url(&staged_database(dir))).await?;
        let data_dir = Arc::new(dir.to_owned());
        let (audit_queue, customer_paths, outbox_wakeup) = (Arc::default(), Arc::default(), Arc::default());
        Ok(Store {
            pool,
            backend: Backend::Sqlite,
            data_dir,
            keyring: Arc::clone(&self.keyring),
            audit_queue,
            customer_paths,
            outbox_wakeup,
        })
    }
}

async fn closing(source: &Store, err: StoreError) -> StoreError {
    source.close().await;
    err
}

/// Creates `out` (mode 0700) or checks an existing one is an empty folder;
/// whether it was created.
fn prepare_out(out: &Path) -> Result<bool, StoreError> {
    match std::fs::read_dir(out).map(|mut entries| entries.next().is_none()) {
        Ok(true) => Ok(false),
        Ok(false) => Err(StoreError::ExportTargetNotEmpty { path: PathBuf::from(out) }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::DirBuilder::new().recursive(true).mode(0o700).create(out).map_err(StoreError::DataDir)?;
            Ok(true)
        }
        Err(_) => Err(StoreError::ExportTargetNotEmpty { path: PathBuf::from(out) }),
    }
}

impl Export {
    fn new(live: Store, source: Store, target: Store, kek_id: String) -> Result<Self, StoreError> {
        let report = ExportReport { kek_id, ..ExportReport::default() };
        let (tenants, extensions) = (HashMap::new(), HashMap::new());
        Ok(Self { live, source, target, names: Pseudonyms::new()?, tenants, extensions, report })
    }

    async fn run(mut self) -> Result<ExportReport, StoreError> {
        self.copy_tenants().await?;
        self.copy_extensions().await?;
        self.copy_trunks().await?;
        self.copy_dids().await?;
        self.copy_payment_methods().await?;
        self.copy_people().await?;
        self.copy_cdrs().await?;
        self.copy_blobs().await?;
        self.copy_audit_log().await?;
        Ok(self.report)
    }

    /// A CDR party or blob owner of source customer `customer`: one of its
    /// extension numbers stays, anything else is pseudonymized.
    fn party(&mut self, customer: &TenantId, original: &str) -> String {
        let is_extension = self.extensions.get(customer).is_some_and(|numbers| numbers.contains(original));
        if is_extension { original.to_owned() } else { self.names.number(original) }
    }

    /// The export's tenant for source tenant `id`.
    fn tenant(&self, id: &TenantId) -> Result<&Tenant, StoreError> {
        self.tenants.get(id).ok_or(StoreError::Corrupt("a row names a tenant the snapshot does not have"))
    }
}
