//! Calls (issue 4): callvault as a
//! back-to-back user agent (RFC 3261 §6 "B2BUA") with its own dialog on each
//! leg, a media relay, and one supervised task per call.
//!
//! - [`admit`]: the checks an INVITE passes before a call exists, cheapest
//!   first — Max-Forwards (§16.6 step 3 as a proxy would, 483 at zero), loop
//!   and merged-request detection (§16.3 step 4, §8.2.2.2: 482), digest
//!   authentication with 407 (§22.3), the dial plan ([`dialplan`]: 404, 480).
//! - [`call`]: the call task — the UAS side of leg A (§13.3), the UAC side of
//!   every fork of leg B (§13.2, parallel forking as §16.7 chooses the best
//!   response), CANCEL (§9), BYE (§15), re-INVITE (§14) and the ACK for 2xx
//!   relayed end to end (§13.2.2.4, §13.3.1.4).
//! - [`supervisor`]: runs each call task and, when one panics, ends that
//!   call only: BYE to both legs, ports released, record `failed`
//!   (ARCHITECTURE.md principle 2).
//! - [`media`]: SDP rewritten so RTP flows through the relay (RFC 3264).
//! - [`trunks`], [`outbound`], [`inbound`], [`trunk_auth`]: carrier trunks
//!   out (E.164, [`e164`]; digest answered, RFC 3261 §22.2) and in (DIDs);
//!   [`limits`]: per-customer concurrency and call rate.
//!
//! Requests inside a call reach its task by Call-ID: leg A's is the
//! caller's, each fork of leg B has its own.

mod admit;
mod call;
mod cdr;
mod dialog;
mod dialplan;
mod e164;
mod forks;
mod in_dialog;
mod inbound;
mod limits;
mod media;
mod outbound;
mod record;
mod routing;
mod supervisor;
mod trunk_auth;
mod trunks;

pub use e164::Country;
pub use trunks::{CustomerPolicy, Did, Trunk, TrunkCredentials, Trunking};

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use net::{RtpPool, ServerTransaction};
use sip::{HeaderName, Method, Request, Response};
use tokio::sync::mpsc;

use crate::Registrar;

/// How calls behave.
#[derive(Debug, Clone)]
pub struct CallConfig {
    /// How long the callee may ring before the caller gets 408 (RFC 3261
    /// §16.6 step 11 / §16.7 step 6: Timer C); a customer's policy may say
    /// otherwise.
    pub ring_timeout: Duration,
    /// An answered call with no RTP for this long is ended.
    pub media_timeout: Duration,
    /// Relay ports; without a pool, media flows directly between the phones.
    pub rtp: Option<Arc<RtpPool>>,
    /// Trunks, DIDs and per-customer policies.
    pub trunking: Arc<Trunking>,
}

impl Default for CallConfig {
    fn default() -> Self {
        Self {
            ring_timeout: Duration::from_secs(60),
            media_timeout: Duration::from_secs(60),
            rtp: None,
            trunking: Arc::default(),
        }
    }
}

/// A request for a running call.
pub(crate) struct CallInput {
    pub(crate) request: Request,
    pub(crate) transaction: ServerTransaction,
}

/// Boxed: tokio allocates a channel's first block of 32 slots up front,
/// so a slot the size of a request would cost every call ~10 KiB.
pub(crate) type Inbox = mpsc::UnboundedSender<Box<CallInput>>;

/// Running calls by Call-ID (of leg A and of every fork of leg B).
#[derive(Clone, Default)]
pub(crate) struct Router {
    routes: Arc<Mutex<HashMap<String, Inbox>>>,
}

impl Router {
    pub(crate) fn add(&self, call_id: &str, inbox: Inbox) {
        self.lock().insert(call_id.to_owned(), inbox);
    }

    pub(crate) fn remove(&self, call_id: &str) {
        self.lock().remove(call_id);
    }

    fn get(&self, call_id: &str) -> Option<Inbox> {
        self.lock().get(call_id).cloned()
    }

    fn contains(&self, call_id: &str) -> bool {
        self.lock().contains_key(call_id)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Inbox>> {
        self.routes.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The B2BUA: admits INVITEs and routes requests to running calls.
pub(crate) struct Calls {
    config: CallConfig,
    cdrs: cdr::CdrWriter,
    /// Set to true when the node shuts down: every call hangs up.
    closing: tokio::sync::watch::Sender<bool>,
    registrar: Arc<Registrar>,
    router: Router,
    live: Arc<AtomicUsize>,
    limits: Arc<limits::Limits>,
}

impl Calls {
    pub(crate) fn new(registrar: Arc<Registrar>, config: CallConfig) -> Arc<Self> {
        let cdrs = cdr::CdrWriter::start(registrar.store().clone());
        let closing = tokio::sync::watch::Sender::new(false);
        let (router, live, limits) = (Router::default(), Arc::default(), Arc::default());
        Arc::new(Self { config, cdrs, closing, registrar, router, live, limits })
    }

    /// Calls running now.
    pub(crate) fn live(&self) -> usize {
        self.live.load(Ordering::Relaxed)
    }

    /// Hangs up every call (BYE to both legs, or 503 to a caller still
    /// waiting) and waits up to `within` for their CDRs to be stored.
    pub(crate) async fn end_all(&self, within: Duration) {
        self.closing.send_replace(true);
        let until = tokio::time::Instant::now() + within;
        while self.live() > 0 && tokio::time::Instant::now() < until {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// A request inside a call (or a CANCEL or ACK for one): handed to the
    /// call's task. Unknown calls get 481 (§12.2.2), ACKs nothing.
    pub(crate) fn in_dialog(&self, request: &Request, transaction: ServerTransaction) -> Option<Response> {
        let call_id = request.headers.call_id().ok()?;
        match self.router.get(call_id) {
            Some(inbox) => {
                let input = Box::new(CallInput { request: request.clone(), transaction });
                inbox.send(input).err().map(|_| Response::for_request(request, 481))
            }
            None if request.method == Method::Ack => None,
            None => Some(Response::for_request(request, 481)),
        }
    }
}

/// Whether an INVITE starts a call (no To tag) rather than re-negotiating one.
pub(crate) fn is_initial_invite(request: &Request) -> bool {
    request.method == Method::Invite && request.headers.to().map(|to| to.tag().is_none()).unwrap_or(false)
}

/// The methods the B2BUA relays inside a call, for Allow.
pub(crate) const CALL_METHODS: &str = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE";

/// Copies the Content-Type of `from`.
pub(crate) fn content_type(headers: &sip::Headers) -> Option<String> {
    headers.get(&HeaderName::ContentType).map(str::to_owned)
}
