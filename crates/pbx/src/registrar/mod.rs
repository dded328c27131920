//! The registrar (RFC 3261 §10.3), multi-tenant.
//!
//! Each customer has a SIP domain, which is also the digest realm of its
//! extensions; the same extension number lives independently in every
//! customer. A request to the server's bare address lands in the default
//! customer. The steps of §10.3 map to the code so:
//!
//! 1. the Request-URI names a domain we serve, else 404 ([`domains`]);
//! 2. `Require` is checked, 420 for extensions we do not support;
//! 3. the phone authenticates with digest, 401 then 403 after repeated
//!    failures ([`auth`]);
//! 4. it may only change its own address-of-record (To user = username), else 403;
//! 5. the AOR is an extension of that customer;
//! 6. Contacts are checked, with 423 below the minimum expiry ([`contacts`]);
//! 7. bindings are updated, with the Call-ID/CSeq ordering rule, and stored
//!    before the answer ([`location`], [`persist`]);
//! 8. 200 OK lists every current binding with its expiry.

mod auth;
mod callers;
mod contacts;
mod domains;
mod location;
mod persist;
mod reject;

use std::sync::Arc;
use std::time::Duration;

use model::{Aor, SipTransport, Tenant};
use net::Source;
use sip::transaction::TransportKind;
use sip::{HeaderName, Request, Response};
use store::Store;

use crate::Directory;

use auth::Authenticator;
use contacts::ExpiryPolicy;
use domains::Domains;
use location::Location;
use persist::Persister;
use reject::Reject;

pub(crate) use callers::{Caller, refuse_unsupported};

/// How the registrar behaves; the defaults suit desk phones and softphones.
#[derive(Debug, Clone)]
pub struct RegistrarConfig {
    /// Host names and addresses of this server; REGISTERs to them land in
    /// the default customer.
    pub server_names: Vec<String>,
    /// Expiry when the phone asks for none (RFC 3261 §10.2.1.1).
    pub default_expires: u32,
    /// Shorter (non-zero) expiries get 423 Interval Too Brief.
    pub min_expires: u32,
    /// Longer expiries are cut to this.
    pub max_expires: u32,
    /// Contacts one AOR may have at once.
    pub max_contacts: usize,
    /// Failed digest attempts from one address for one user before 403.
    pub max_auth_failures: u32,
    /// How long a failed attempt is remembered.
    pub auth_failure_window: Duration,
    /// How long a nonce stays fresh.
    pub nonce_lifetime: Duration,
    /// Digest algorithms challenged with, one WWW-Authenticate each, in this
    /// order (RFC 8760 §2.4: preferred first). MD5 alone by default: many
    /// phones in service (and libre 1.1, Debian 12's baresip) refuse to
    /// register at all when any SHA-256 challenge is present.
    pub digest_algorithms: Vec<sip::digest::Algorithm>,
}

impl Default for RegistrarConfig {
    fn default() -> Self {
        Self {
            server_names: vec!["localhost".into(), "127.0.0.1".into()],
            default_expires: 3600,
            min_expires: 60,
            max_expires: 7200,
            max_contacts: 10,
            max_auth_failures: 3,
            auth_failure_window: Duration::from_secs(300),
            nonce_lifetime: Duration::from_secs(300),
            digest_algorithms: vec![sip::digest::Algorithm::Md5],
        }
    }
}

/// The registrar: location service, authentication and persistence.
pub struct Registrar {
    config: RegistrarConfig,
    store: Store,
    directory: Arc<Directory>,
    domains: Domains,
    auth: Authenticator,
    location: Location,
    persister: Persister,
}

impl Registrar {
    /// Loads the live bindings from the store and starts the writer task;
    /// credentials come from `directory`.
    pub async fn start(
        store: Store,
        directory: Arc<Directory>,
        config: RegistrarConfig,
    ) -> Result<Arc<Self>, store::StoreError> {
        let location = Location::new(store.live_bindings(now_ms()).await?);
        let domains = Domains::new(store.clone(), &config.server_names);
        let auth = Authenticator::new(&config);
        let persister = Persister::start(store.clone());
        Ok(Arc::new(Self { config, store, directory, domains, auth, location, persister }))
    }

    /// Answers one REGISTER.
    pub async fn register(&self, request: &Request, source: Source) -> Response {
        match self.try_register(request, source).await {
            Ok(response) => response,
            Err(reject) => reject.into_response(request),
        }
    }

    /// Drops lapsed bindings from memory and from the store.
    pub async fn purge_lapsed(&self) -> Result<u64, store::StoreError> {
        let now = now_ms();
        self.location.purge(now);
        self.store.purge_lapsed_bindings(now).await
    }

    async fn try_register(&self, request: &Request, source: Source) -> Result<Response, Reject> {
        let tenant = self.domains.resolve(&request.uri.host).await?.ok_or(Reject::UnknownDomain)?;
        reject::check_require(request)?;
        let aor = self.addressed_aor(request, &tenant).await?;
        let user = self.auth.authenticate(request, &tenant, source.remote.ip(), &self.directory)?;
        if user != aor.number {
            return Err(Reject::NotYourAor);
        }
        let changes = self.bind(request, &aor, source)?;
        self.persister.write(changes).await.map_err(|_| Reject::NotStored)?;
        Ok(self.ok(request, &aor))
    }

    /// Steps 4–5: the To AOR must be an extension of this customer.
    async fn addressed_aor(&self, request: &Request, tenant: &Tenant) -> Result<Aor, Reject> {
        let to = request.headers.to().map_err(|_| Reject::BadRequest("Bad To header"))?;
        let number = to.uri.user.ok_or(Reject::BadRequest("To has no user part"))?;
        if to.uri.host != request.uri.host {
            match self.domains.resolve(&to.uri.host).await? {
                Some(to_tenant) if to_tenant.id == tenant.id => {}
                _ => return Err(Reject::NotFound),
            }
        }
        let aor = Aor { customer: tenant.id.clone(), number };
        Ok(aor)
    }

    /// Steps 6–7 in memory; returns the changes to store.
    fn bind(&self, request: &Request, aor: &Aor, source: Source) -> Result<Vec<store::BindingChange>, Reject> {
        let policy = ExpiryPolicy::from(&self.config);
        let origin = contacts::Origin {
            call_id: request.headers.call_id().map_err(|_| Reject::BadRequest("Bad Call-ID"))?.to_owned(),
            cseq: request.headers.cseq().map_err(|_| Reject::BadRequest("Bad CSeq"))?.seq,
            transport: sip_transport(source.transport),
            source: source.remote.to_string(),
            user_agent: request.headers.get(&HeaderName::UserAgent).map(str::to_owned),
            now_ms: now_ms(),
        };
        let wanted = contacts::requested(request, &policy)?;
        self.location.update(aor, &wanted, &origin, self.config.max_contacts)
    }

    /// Step 8: 200 OK with every current binding.
    fn ok(&self, request: &Request, aor: &Aor) -> Response {
        let now = now_ms();
        let mut response = Response::for_request(request, 200);
        for binding in self.location.bindings(aor, now) {
            let remaining = (binding.expires_at_ms - now).max(0) / 1000;
            response.headers.push(HeaderName::Contact, format!("{};expires={remaining}", binding.contact));
        }
        response
    }
}

fn sip_transport(kind: TransportKind) -> SipTransport {
    match kind {
        TransportKind::Udp => SipTransport::Udp,
        TransportKind::Tcp => SipTransport::Tcp,
        TransportKind::Tls => SipTransport::Tls,
    }
}

/// Now in Unix milliseconds, as the store keeps times.
pub(crate) use model::now_unix_ms as now_ms;
