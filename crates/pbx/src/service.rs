//! Routes each new request to the part of the PBX that answers it.
//!
//! - REGISTER → the registrar (RFC 3261 §10.3).
//! - OPTIONS → 200 with what we support (RFC 3261 §11.2); phones use it as a keep-alive.
//! - INVITE without a To tag → a new call ([`crate::calls`]); requests
//!   inside a call (re-INVITE, ACK, BYE, CANCEL, INFO, UPDATE) → its task.
//! - ACK outside any call → no answer (it ends a transaction, RFC 3261 §17.2.1).
//! - anything else → 501 Not Implemented with Allow (RFC 3261 §21.5.2, §20.5).

use std::sync::Arc;

use net::{Handler, ServerTransaction, Source};
use sip::{HeaderName, Method, Request, Response};

use crate::Registrar;
use crate::calls::{CallConfig, Calls, is_initial_invite};

/// The methods this server implements, for Allow.
pub(crate) const ALLOW: &str = "REGISTER, OPTIONS, INVITE, ACK, CANCEL, BYE, INFO, UPDATE";
/// Our Server header value.
pub(crate) const SERVER: &str = concat!("callvault/", env!("CARGO_PKG_VERSION"));

/// The PBX as the transports see it.
#[derive(Clone)]
pub struct PbxService {
    registrar: Arc<Registrar>,
    calls: Arc<Calls>,
}

impl PbxService {
    /// Serves requests with this registrar and default call settings.
    pub fn new(registrar: Arc<Registrar>) -> Self {
        Self::with_calls(registrar, CallConfig::default())
    }

    /// Serves requests with this registrar and these call settings.
    pub fn with_calls(registrar: Arc<Registrar>, config: CallConfig) -> Self {
        let calls = Calls::new(Arc::clone(&registrar), config);
        Self { registrar, calls }
    }

    /// How many calls are running.
    pub fn live_calls(&self) -> usize {
        self.calls.live()
    }

    /// Hangs up every call and waits up to `within` for their CDRs; for a
    /// graceful shutdown, before the transports stop.
    pub async fn end_calls(&self, within: std::time::Duration) {
        self.calls.end_all(within).await;
    }
}

impl Handler for PbxService {
    async fn handle(&self, request: &Request, source: Source) -> Option<Response> {
        let response = match request.method {
            Method::Register => self.registrar.register(request, source).await,
            Method::Options => options(request),
            Method::Ack => return None,
            _ => not_implemented(request),
        };
        Some(finish(response))
    }

    async fn handle_transaction(
        &self,
        request: &Request,
        source: Source,
        transaction: ServerTransaction,
    ) -> Option<Response> {
        if is_initial_invite(request) {
            return self.calls.invite(request, source, transaction).await.map(finish);
        }
        match request.method {
            Method::Invite | Method::Ack | Method::Bye | Method::Cancel | Method::Info | Method::Update => {
                self.calls.in_dialog(request, transaction).map(finish)
            }
            Method::Options if request.headers.to().is_ok_and(|to| to.tag().is_some()) => {
                self.calls.in_dialog(request, transaction).map(finish)
            }
            _ => self.handle(request, source).await,
        }
    }
}

fn options(request: &Request) -> Response {
    let mut response = Response::for_request(request, 200);
    response.headers.push(HeaderName::Allow, ALLOW);
    response.headers.push(HeaderName::Other("Accept".into()), "application/sdp");
    response
}

fn not_implemented(request: &Request) -> Response {
    let mut response = Response::for_request(request, 501);
    response.headers.push(HeaderName::Allow, ALLOW);
    response
}

/// Adds what every response of ours carries: a To tag (RFC 3261 §8.2.6.2) and Server.
fn finish(response: Response) -> Response {
    let mut response = response.with_to_tag(&random_tag());
    response.headers.push(HeaderName::Server, SERVER);
    response
}

/// A fresh random To tag (RFC 3261 §19.3: at least 32 bits of randomness).
pub(crate) fn random_tag() -> String {
    hex::encode(crate::random::bytes::<8>())
}
