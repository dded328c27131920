//! Calls in from a trunk (issue 4 item 2): a request whose source address
//! is a configured trunk's (RFC 3261 §18.2.1) needs no digest from us; its
//! Request-URI names a DID, which rings the extension it is mapped to, in
//! the DID's customer only. An unknown DID gets 404 (§21.4.5). A request
//! from any other address that claims to be a trunk calling a DID (its From
//! host is a trunk's) is refused with 403 (§21.4.4) and logged.

use std::sync::Arc;

use sip::{Request, Response};

use super::Calls;
use super::dialplan::{self, Route};
use super::routing::Routing;
use super::trunks::Trunk;
use crate::registrar::Caller;

impl Calls {
    /// The customer and route of an INVITE from `trunk`, or its refusal.
    pub(crate) async fn inbound(&self, request: &Request, trunk: Arc<Trunk>) -> Result<(Caller, Route), Response> {
        let refuse = |status: u16| Response::for_request(request, status);
        let number = request.uri.user.as_deref().ok_or_else(|| refuse(404))?;
        let Some(did) = self.config.trunking.did(number).cloned() else {
            tracing::info!(trunk = %trunk.name, "inbound call to an unknown DID");
            return Err(refuse(404));
        };
        let extension = self.registrar.extension(&did.customer.id, &did.extension).ok_or_else(|| refuse(404))?;
        let caller = Caller { customer: did.customer.clone(), extension };
        let routing = Routing::inbound(trunk, did.number.clone(), calling_number(request));
        let targets = dialplan::extension_targets(&self.registrar, &did.customer.id, &did.extension);
        let targets = self.or_record_refusal(targets, &caller, request, &routing).await?;
        Ok((caller, Route { callee: did.extension, targets, routing }))
    }

    /// Whether a request not from a trunk's address pretends to be one.
    pub(crate) fn claims_trunk(&self, request: &Request) -> bool {
        let trunking = &self.config.trunking;
        let to_did = request.uri.user.as_deref().is_some_and(|number| trunking.did(number).is_some());
        let from_host = request.headers.from().ok().map(|from| from.uri.host.to_string());
        to_did && from_host.is_some_and(|host| trunking.is_trunk_host(&host))
    }
}

/// The caller's number as the carrier sent it (From user part).
fn calling_number(request: &Request) -> String {
    request.headers.from().ok().and_then(|from| from.uri.user.clone()).unwrap_or_default()
}
