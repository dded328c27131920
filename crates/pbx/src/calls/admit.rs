//! Admitting an INVITE that starts a call (issue 4 item 1), cheapest check
//! first (ARCHITECTURE.md principle 8):
//!
//! 1. Max-Forwards: 483 at zero (RFC 3261 §16.6 step 3, §8.2.2 for a UAS
//!    that forwards); the value minus one goes on leg B.
//! 2. Loops: a request whose top Via is one of our own listeners, or a new
//!    INVITE whose Call-ID a running call already holds (a merged or looped
//!    request, §8.2.2.2, §16.3 step 4), gets 482.
//! 3. `Require` naming an option we lack (100rel, timer): 420 (§8.2.2.3).
//! 4. A request from a trunk's address is an inbound call
//!    ([`super::inbound`]); one from elsewhere claiming to be a trunk gets 403.
//! 5. Digest authentication of the caller, 407 to challenge (§22.3).
//! 6. The dial plan ([`super::dialplan`]): 404, 480.
//! 7. The customer's limits ([`super::limits`]): 503 with Retry-After,
//!    never for an emergency call.
//! 8. Relay ports for the media: 503 when the range is used up. (Every
//!    new call also gets 503 while the node shuts down.)
//!
//! Refusals from step 6 on are call attempts of a known caller, so each
//! leaves a CDR (issue 4 item 5).

use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::sync::Arc;

use net::{Relay, ServerTransaction, SipSender, Source};
use sip::transaction::{Peer, TransportKind};
use sip::{Host, Request, Response};

use super::call::{Call, Setup};
use super::dialplan::Route;
use super::media::Media;
use super::record::{CallRecord, HangupSide, failure_disposition};
use super::routing::Routing;
use super::{Calls, dialplan, supervisor};
use crate::registrar::Caller;

/// Max-Forwards when a request carries none (§8.1.1.6).
const DEFAULT_MAX_FORWARDS: u32 = 70;

impl Calls {
    /// Starts a call for an initial INVITE, or answers why not.
    pub(crate) async fn invite(
        self: &Arc<Self>,
        request: &Request,
        source: Source,
        transaction: ServerTransaction,
    ) -> Option<Response> {
        match self.admit(request, source, transaction).await {
            Ok(call) => {
                supervisor::spawn(self, call);
                None
            }
            Err(response) => Some(response),
        }
    }

    async fn admit(&self, request: &Request, source: Source, transaction: ServerTransaction) -> Result<Call, Response> {
        let refuse = |status: u16| Response::for_request(request, status);
        let max_forwards = request.headers.max_forwards().ok().flatten().unwrap_or(DEFAULT_MAX_FORWARDS);
        if max_forwards == 0 {
            return Err(refuse(483));
        }
        if self.is_loop(request, &transaction.sip) {
            return Err(refuse(482));
        }
        if *self.closing.borrow() {
            return Err(refuse(503));
        }
        crate::registrar::refuse_unsupported(request)?;
        if let Some(trunk) = self.config.trunking.trunk_at(source) {
            let (caller, route) = self.inbound(request, Arc::clone(trunk)).await?;
            return self.set_up(request, source, transaction, caller, route, max_forwards).await;
        }
        if self.claims_trunk(request) {
            tracing::warn!(source = %model::Pii::new(source.remote.ip()), "a request claiming to come from a trunk was refused");
            return Err(refuse(403));
        }
        let caller = self.registrar.authenticate_caller(request, source).await?;
        let routed = dialplan::route(&self.registrar, &self.config.trunking, &caller, request).await;
        let route = self.or_record_refusal(routed, &caller, request, &Routing::internal()).await?;
        self.set_up(request, source, transaction, caller, route, max_forwards).await
    }

    /// The call of an admitted `caller` along `route`, once within its
    /// customer's limits and given relay ports.
    async fn set_up(
        &self,
        request: &Request,
        source: Source,
        transaction: ServerTransaction,
        caller: Caller,
        route: Route,
        max_forwards: u32,
    ) -> Result<Call, Response> {
        self.within_limits(&caller, request, &route.routing).await?;
        let peer = Peer { transport: source.transport, addr: source.remote };
        let local = local_addr(&transaction.sip, peer);
        let media = self.media(local.ip()).ok_or(503);
        if media.is_err() {
            self.limits.finish(&caller.customer.id);
        }
        let media = self.or_record_refusal(media, &caller, request, &route.routing).await?;
        let mut config = self.config.clone();
        let policy = self.config.trunking.policy(&caller.customer.id);
        config.ring_timeout = policy.ring_timeout.unwrap_or(config.ring_timeout);
        let setup = Setup {
            invite: request.clone(),
            peer,
            local,
            transaction,
            caller,
            callee: route.callee,
            targets: route.targets,
            routing: route.routing,
            max_forwards: max_forwards - 1,
            media,
            config,
            router: self.router.clone(),
            closing: self.closing.subscribe(),
            fault: fault_injected(request),
        };
        Ok(Call::new(setup))
    }

    /// An authenticated caller's attempt refused with `status` is a call
    /// attempt too: its CDR is stored before the refusal is sent.
    pub(crate) async fn or_record_refusal<T>(
        &self,
        outcome: Result<T, u16>,
        caller: &Caller,
        request: &Request,
        routing: &Routing,
    ) -> Result<T, Response> {
        let status = match outcome {
            Ok(value) => return Ok(value),
            Err(status) => status,
        };
        self.record_refusal(caller, request, routing, status).await;
        Err(Response::for_request(request, status))
    }

    /// Stores the CDR of an attempt refused with `status`.
    pub(crate) async fn record_refusal(&self, caller: &Caller, request: &Request, routing: &Routing, status: u16) {
        let now = model::now_unix_ms();
        let record = CallRecord {
            customer: caller.customer.id.clone(),
            caller: routing.caller_number(caller),
            callee: request.uri.user.clone().unwrap_or_default(),
            started_ms: now,
            answered_ms: None,
            ended_ms: now,
            disposition: failure_disposition(status),
            hangup: Some(HangupSide::System),
            sip_code: status,
            direction: routing.direction,
            trunk: routing.trunk_name(),
            did: routing.did.clone(),
        };
        self.cdrs.write(record.to_cdr()).await;
    }

    fn is_loop(&self, request: &Request, sip: &SipSender) -> bool {
        let from_us = request.headers.top_via().ok().and_then(|via| sent_by(&via)).is_some_and(|a| sip.is_local(a));
        let merged = request.headers.call_id().is_ok_and(|id| self.router.contains(id));
        from_us || merged
    }

    /// Two port pairs and their relay, or none without a pool; `None` when
    /// exhausted. A wildcard relay address is advertised as `signalling_ip`.
    fn media(&self, signalling_ip: IpAddr) -> Option<Media> {
        let Some(pool) = &self.config.rtp else { return Some(Media::default()) };
        let (a, b) = (pool.allocate().ok()?, pool.allocate().ok()?);
        let ip = if pool.ip().is_unspecified() { signalling_ip } else { pool.ip() };
        Some(Media::relayed(Relay::spawn(a, b), ip))
    }
}

fn sent_by(via: &sip::Via) -> Option<SocketAddr> {
    let ip = match via.host {
        Host::V4(v4) => IpAddr::V4(v4),
        Host::V6(v6) => IpAddr::V6(v6),
        Host::Domain(_) => return None,
    };
    Some(SocketAddr::new(ip, via.port.unwrap_or(5060)))
}

/// Our address as `peer` should see it: the listener of its transport, or
/// when that is a wildcard, the address the system routes toward `peer` from.
pub(crate) fn local_addr(sip: &SipSender, peer: Peer) -> SocketAddr {
    let listener = sip
        .local_addr(peer.transport)
        .or_else(|| sip.local_addr(TransportKind::Udp))
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 5060)));
    if !listener.ip().is_unspecified() {
        return listener;
    }
    let routed = UdpSocket::bind(SocketAddr::new(listener.ip(), 0))
        .and_then(|socket| socket.connect(peer.addr).and_then(|()| socket.local_addr()));
    routed.map_or(listener, |local| SocketAddr::new(local.ip(), listener.port()))
}

/// The test-only fault hook: a call whose INVITE carries
/// `X-Callvault-Fault: panic` panics in its task once answered. Compiled
/// only with the `fault-injection` feature, which only tests enable.
#[cfg(feature = "fault-injection")]
fn fault_injected(request: &Request) -> bool {
    request.headers.get(&sip::HeaderName::Other("X-Callvault-Fault".into())).is_some_and(|v| v.trim() == "panic")
}

#[cfg(not(feature = "fault-injection"))]
fn fault_injected(_request: &Request) -> bool {
    false
}
