//! What the B2BUA asks of the registrar (issue 4 item 1): who is calling —
//! the customer named by the From host, proven by digest in
//! Proxy-Authorization with a 407 challenge (RFC 3261 §22.3, §20.27–28) —
//! and where an extension is registered (the location service, §10).

use std::sync::Arc;

use model::{Aor, Binding, Extension, Tenant, TenantId};
use net::Source;
use sip::{HeaderName, Request, Response};

use super::reject::Reject;
use super::{Registrar, now_ms};

/// An authenticated caller.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    /// The caller's customer.
    pub(crate) customer: Tenant,
    /// The calling extension.
    pub(crate) extension: Arc<Extension>,
}

impl Registrar {
    /// The caller of `request`, or the response refusing it (404 for a
    /// domain we do not serve, 407 to challenge, 403 after repeated failures).
    pub(crate) async fn authenticate_caller(&self, request: &Request, source: Source) -> Result<Caller, Response> {
        self.try_caller(request, source).await.map_err(|reject| match reject {
            Reject::Challenge(challenges) => Reject::ProxyChallenge(challenges).into_response(request),
            other => other.into_response(request),
        })
    }

    async fn try_caller(&self, request: &Request, source: Source) -> Result<Caller, Reject> {
        let from = request.headers.from().map_err(|_| Reject::BadRequest("Bad From header"))?;
        let customer = self.domains.resolve(&from.uri.host).await?.ok_or(Reject::UnknownDomain)?;
        let header = HeaderName::ProxyAuthorization;
        let user = self.auth.authenticate_in(request, &customer, source.remote.ip(), &self.directory, &header)?;
        let extension = self.directory.get(&customer.id, &user).ok_or(Reject::Forbidden("Unknown Extension"))?;
        Ok(Caller { customer, extension })
    }

    /// The extension `number` of `customer`, if it exists.
    pub(crate) fn extension(&self, customer: &TenantId, number: &str) -> Option<Arc<Extension>> {
        self.directory.get(customer, number)
    }

    /// The live registrations of an extension.
    pub(crate) fn contacts(&self, aor: &Aor) -> Vec<Binding> {
        self.location.bindings(aor, now_ms())
    }

    /// The store, for call records.
    pub(crate) fn store(&self) -> &store::Store {
        &self.store
    }
}

impl Registrar {
    /// Whether `host` (a Request-URI host) may address `customer`: it is the
    /// customer's own domain or the server's name; another customer's domain
    /// may not (calls never cross customers).
    pub(crate) async fn host_is_for(&self, host: &sip::Host, customer: &TenantId) -> bool {
        match self.domains.resolve(host).await {
            Ok(Some(tenant)) => tenant.id == *customer || self.domains.is_server_host(host),
            Ok(None) => self.domains.is_server_host(host),
            Err(_) => false,
        }
    }
}

/// 420 Bad Extension for a request that requires an option we do not
/// support (RFC 3261 §8.2.2.3), such as `100rel`.
pub(crate) fn refuse_unsupported(request: &Request) -> Result<(), Response> {
    super::reject::check_require(request).map_err(|reject| reject.into_response(request))
}
