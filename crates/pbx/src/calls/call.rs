//! The call task (issue 4 item 4, ARCHITECTURE.md principle 2): one tokio
//! task owns one call — leg A's server side (RFC 3261 §13.3), leg B's forks
//! ([`super::forks`]), requests inside the dialogs ([`super::in_dialog`]),
//! the media relay and the call record. Requests arrive on its inbox,
//! responses to its own requests on its reply channel; timers are its own.
//!
//! Timers: the ring timeout (408 to the caller, CANCEL to the forks); the
//! 2xx retransmission over UDP until the ACK arrives, T1 doubling to T2, and
//! after 64·T1 without ACK the call is ended with BYE (§13.3.1.4); RTP
//! inactivity, which ends an answered call whose media stopped.
//!
//! What the supervisor needs to clean up after a panic is kept in a
//! [`Snapshot`] updated after every step.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use model::now_unix_ms;
use net::{ClientReply, MediaSide, ReplySender, ServerTransaction, SipSender};
use sip::transaction::{Peer, ServerKey, TransportKind};
use sip::{HeaderName, Method, Request, Response};
use tokio::sync::{mpsc, oneshot, watch};

use super::dialog::{self, Dialog};
use super::dialplan::Target;
use super::forks::Fork;
use super::in_dialog::{OwedAck, Relayed};
use super::media::Media;
use super::record::{CallRecord, Disposition, HangupSide};
use super::routing::Routing;
use super::{CallConfig, CallInput, Router};
use crate::registrar::Caller;
use crate::service::SERVER;

/// RFC 3261 T1 and T2 (§17.1.1.1, Table 4).
const T1: Duration = Duration::from_millis(500);
const T2: Duration = Duration::from_secs(4);
/// How often RTP inactivity is checked.
const MEDIA_CHECK: Duration = Duration::from_secs(2);
/// How long an ended call still answers its forks' late 2xx (64·T1).
const LINGER: Duration = Duration::from_secs(32);

/// Everything a call starts from.
pub(crate) struct Setup {
    pub(crate) invite: Request,
    pub(crate) peer: Peer,
    pub(crate) local: std::net::SocketAddr,
    pub(crate) transaction: ServerTransaction,
    pub(crate) caller: Caller,
    pub(crate) callee: String,
    pub(crate) targets: Vec<Target>,
    pub(crate) routing: Routing,
    pub(crate) max_forwards: u32,
    pub(crate) media: Media,
    pub(crate) config: CallConfig,
    pub(crate) router: Router,
    pub(crate) closing: watch::Receiver<bool>,
    pub(crate) fault: bool,
}

/// A leg of the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// The caller's.
    A,
    /// The callee's.
    B,
}

impl Side {
    pub(crate) fn other(self) -> Self {
        match self {
            Self::A => Self::B,
            Self::B => Self::A,
        }
    }

    pub(crate) fn media(self) -> MediaSide {
        match self {
            Self::A => MediaSide::A,
            Self::B => MediaSide::B,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Leg B is being set up.
    Calling,
    /// The caller got 2xx; its ACK is awaited.
    Answered,
    /// Both legs are up.
    Confirmed,
    /// Over.
    Ended,
}

/// A 2xx we resend until its ACK arrives (§13.3.1.4).
pub(crate) struct Retransmit {
    pub(crate) side: Side,
    pub(crate) cseq: u32,
    pub(crate) key: ServerKey,
    pub(crate) response: Response,
    pub(crate) next: Instant,
    pub(crate) interval: Duration,
    pub(crate) give_up: Instant,
}

/// What the supervisor needs if the task dies.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    pub(crate) a_key: ServerKey,
    pub(crate) invite: Request,
    pub(crate) a_tag: String,
    pub(crate) a_final_sent: bool,
    pub(crate) ringing: Vec<(Request, Peer)>,
    pub(crate) dialogs: Vec<Dialog>,
    pub(crate) call_ids: Vec<String>,
    pub(crate) record: CallRecord,
}

/// One call.
pub(crate) struct Call {
    pub(crate) sip: SipSender,
    pub(crate) config: CallConfig,
    pub(crate) router: Router,
    pub(crate) invite: Request,
    pub(crate) a_key: ServerKey,
    pub(crate) a_tag: String,
    pub(crate) a: Dialog,
    pub(crate) a_final_sent: bool,
    pub(crate) caller: Caller,
    pub(crate) targets: Vec<Target>,
    pub(crate) routing: Routing,
    pub(crate) forks: Vec<Fork>,
    pub(crate) b: Option<Dialog>,
    pub(crate) max_forwards: u32,
    pub(crate) phase: Phase,
    pub(crate) relayed: std::collections::HashMap<String, Relayed>,
    pub(crate) acks: Vec<OwedAck>,
    pub(crate) sent_acks: Vec<(Side, u32, Request)>,
    pub(crate) retransmits: Vec<Retransmit>,
    pub(crate) media: Media,
    pub(crate) record: CallRecord,
    pub(crate) ring_deadline: Instant,
    pub(crate) next_media_check: Instant,
    pub(crate) inbox_tx: mpsc::UnboundedSender<CallInput>,
    inbox: mpsc::UnboundedReceiver<CallInput>,
    pub(crate) reply_tx: ReplySender,
    replies: mpsc::UnboundedReceiver<ClientReply>,
    snapshot: Arc<Mutex<Snapshot>>,
    /// Where the record goes when the call ends (before any lingering).
    done: Option<oneshot::Sender<CallRecord>>,
    closing: watch::Receiver<bool>,
    pub(crate) fault: bool,
}

impl Call {
    pub(crate) fn new(setup: Setup) -> Self {
        let (inbox_tx, inbox) = mpsc::unbounded_channel();
        let (reply_tx, replies) = mpsc::unbounded_channel();
        let a_tag = crate::service::random_tag();
        let a = leg_a_dialog(&setup, &a_tag);
        let record = first_record(&setup);
        let snapshot = Snapshot {
            a_key: setup.transaction.key.clone(),
            invite: setup.invite.clone(),
            a_tag: a_tag.clone(),
            a_final_sent: false,
            ringing: Vec::new(),
            dialogs: Vec::new(),
            call_ids: vec![a.call_id.clone()],
            record: record.clone(),
        };
        let now = Instant::now();
        Self {
            sip: setup.transaction.sip,
            ring_deadline: now + setup.config.ring_timeout,
            next_media_check: now + MEDIA_CHECK,
            config: setup.config,
            router: setup.router,
            invite: setup.invite,
            a_key: setup.transaction.key,
            a_tag,
            a,
            a_final_sent: false,
            caller: setup.caller,
            targets: setup.targets,
            routing: setup.routing,
            forks: Vec::new(),
            b: None,
            max_forwards: setup.max_forwards,
            phase: Phase::Calling,
            relayed: std::collections::HashMap::new(),
            acks: Vec::new(),
            sent_acks: Vec::new(),
            retransmits: Vec::new(),
            media: setup.media,
            record,
            inbox_tx,
            inbox,
            reply_tx,
            replies,
            snapshot: Arc::new(Mutex::new(snapshot)),
            done: None,
            closing: setup.closing,
            fault: setup.fault,
        }
    }

    /// The inbox, for routing requests to this call.
    pub(crate) fn inbox(&self) -> mpsc::UnboundedSender<CallInput> {
        self.inbox_tx.clone()
    }

    /// The crash snapshot the supervisor keeps.
    pub(crate) fn snapshot(&self) -> Arc<Mutex<Snapshot>> {
        Arc::clone(&self.snapshot)
    }

    /// The record will be sent on `done` as soon as the call ends.
    pub(crate) fn report_to(&mut self, done: oneshot::Sender<CallRecord>) {
        self.done = Some(done);
    }

    /// Runs the call to its end, reports its record, then answers late
    /// responses of its forks for a while.
    pub(crate) async fn run(mut self) {
        self.start_forks();
        self.publish();
        while self.phase != Phase::Ended {
            let deadline = tokio::time::Instant::from_std(self.next_deadline());
            tokio::select! {
                Some(input) = self.inbox.recv() => self.on_request(input),
                Some(reply) = self.replies.recv() => self.on_reply(reply),
                () = tokio::time::sleep_until(deadline) => self.on_timer(Instant::now()),
                Ok(()) = self.closing.changed() => self.on_closing(),
            }
            self.publish();
        }
        self.media.release();
        self.record.ended_ms = now_unix_ms();
        self.publish();
        if let Some(done) = self.done.take() {
            let _ = done.send(self.record.clone());
        }
        self.linger().await;
    }

    /// After the end, late 2xx from forks are still ACKed and hung up.
    async fn linger(&mut self) {
        let until = tokio::time::Instant::now() + LINGER;
        while self.forks_ringing() {
            tokio::select! {
                Some(reply) = self.replies.recv() => self.on_reply(reply),
                () = tokio::time::sleep_until(until) => return,
            }
        }
    }

    /// The node shuts down: a ringing call gets 503 and its forks CANCEL,
    /// an answered one BYE on both legs.
    fn on_closing(&mut self) {
        if self.phase == Phase::Calling {
            self.cancel_forks();
            self.respond_a(503, None);
            return self.fail(Disposition::Failed, 503, HangupSide::System);
        }
        self.hang_up_both(HangupSide::System);
    }

    fn next_deadline(&self) -> Instant {
        let far = Instant::now() + Duration::from_secs(3600);
        let ring = (self.phase == Phase::Calling).then_some(self.ring_deadline);
        let media =
            (self.phase == Phase::Confirmed && self.media.idle_for().is_some()).then_some(self.next_media_check);
        let resend = self.retransmits.iter().map(|r| r.next.min(r.give_up)).min();
        [ring, media, resend].into_iter().flatten().min().unwrap_or(far)
    }

    fn on_timer(&mut self, now: Instant) {
        if self.phase == Phase::Calling && now >= self.ring_deadline {
            self.cancel_forks();
            self.respond_a(408, None);
            self.fail(Disposition::NoAnswer, 408, HangupSide::System);
        }
        self.resend_due(now);
        if self.phase == Phase::Confirmed && now >= self.next_media_check {
            self.next_media_check = now + MEDIA_CHECK;
            if self.media.idle_for().is_some_and(|idle| idle >= self.config.media_timeout) {
                tracing::info!("no RTP on an answered call; ending it");
                self.hang_up_both(HangupSide::System);
            }
        }
    }

    fn resend_due(&mut self, now: Instant) {
        let mut expired = false;
        for retransmit in &mut self.retransmits {
            if now >= retransmit.give_up {
                expired = true;
            } else if now >= retransmit.next {
                self.sip.respond(&retransmit.key, retransmit.response.clone());
                retransmit.interval = (retransmit.interval * 2).min(T2);
                retransmit.next = now + retransmit.interval;
            }
        }
        if expired {
            self.retransmits.retain(|r| now < r.give_up);
            tracing::info!("no ACK for a 2xx; ending the call (RFC 3261 §13.3.1.4)");
            self.hang_up_both(HangupSide::System);
        }
    }

    /// Resends `response` until side `side` ACKs CSeq `cseq` (UDP only).
    pub(crate) fn retransmit_until_ack(&mut self, side: Side, cseq: u32, key: &ServerKey, response: &Response) {
        let transport = self.dialog(side).map(|d| d.peer.transport);
        if transport != Some(TransportKind::Udp) {
            return;
        }
        let now = Instant::now();
        self.retransmits.push(Retransmit {
            side,
            cseq,
            key: key.clone(),
            response: response.clone(),
            next: now + T1,
            interval: T1,
            give_up: now + T1 * 64,
        });
    }

    /// The response to leg A's INVITE: our To tag, Contact on 1xx/2xx, and
    /// the body (SDP rewritten by the caller of this) with its type.
    pub(crate) fn a_response(&self, status: u16, body: Option<(String, Vec<u8>)>) -> Response {
        let mut response = Response::for_request(&self.invite, status).with_to_tag(&self.a_tag);
        if (101..300).contains(&status) {
            response.headers.push(HeaderName::Contact, dialog::contact(self.a.peer.transport, self.a.local_addr));
        }
        response.headers.push(HeaderName::Server, SERVER);
        if let Some((kind, bytes)) = body {
            dialog::put_body(&mut response.headers, &mut response.body, Some(&kind), bytes);
        }
        response
    }

    /// Sends a response to leg A's INVITE; a final one only once.
    pub(crate) fn respond_a(&mut self, status: u16, body: Option<(String, Vec<u8>)>) {
        if self.a_final_sent {
            return;
        }
        self.a_final_sent = status >= 200;
        let response = self.a_response(status, body);
        self.sip.respond(&self.a_key, response);
    }

    /// The dialog of `side`, once it exists.
    pub(crate) fn dialog(&self, side: Side) -> Option<&Dialog> {
        match side {
            Side::A => Some(&self.a),
            Side::B => self.b.as_ref(),
        }
    }

    pub(crate) fn dialog_mut(&mut self, side: Side) -> Option<&mut Dialog> {
        match side {
            Side::A => Some(&mut self.a),
            Side::B => self.b.as_mut(),
        }
    }

    /// Sends BYE on `side`'s dialog, if it has one (§15.1.1).
    pub(crate) fn send_bye(&mut self, side: Side) {
        let max_forwards = 70;
        let Some(dialog) = self.dialog_mut(side) else { return };
        let bye = dialog.request(Method::Bye, max_forwards);
        let peer = dialog.peer;
        self.sip.send_request(bye, peer, self.reply_tx.clone());
    }

    /// Ends an established call from our side: BYE to both legs.
    pub(crate) fn hang_up_both(&mut self, side: HangupSide) {
        if self.a_final_sent && self.phase != Phase::Calling {
            self.send_bye(Side::A);
        }
        self.send_bye(Side::B);
        self.end(side);
    }

    /// Marks the call over with its hangup side (keeping the disposition).
    pub(crate) fn end(&mut self, side: HangupSide) {
        self.record.hangup.get_or_insert(side);
        self.phase = Phase::Ended;
    }

    /// Ends an unanswered call with `disposition` and final `code`.
    pub(crate) fn fail(&mut self, disposition: Disposition, code: u16, side: HangupSide) {
        self.record.disposition = disposition;
        self.record.sip_code = code;
        self.end(side);
    }

    fn publish(&self) {
        let mut snapshot = self.snapshot.lock().unwrap_or_else(PoisonError::into_inner);
        snapshot.a_final_sent = self.a_final_sent;
        snapshot.ringing = self.forks.iter().filter(|f| f.is_ringing()).map(|f| (f.invite.clone(), f.peer)).collect();
        let answered = self.a_final_sent && self.record.answered_ms.is_some();
        snapshot.dialogs = answered.then(|| self.a.clone()).into_iter().chain(self.b.clone()).collect();
        snapshot.call_ids =
            std::iter::once(self.a.call_id.clone()).chain(self.forks.iter().map(|f| f.call_id.clone())).collect();
        snapshot.record = self.record.clone();
    }
}

/// The record of a call that has just started (failed until it gets further).
fn first_record(setup: &Setup) -> CallRecord {
    CallRecord {
        customer: setup.caller.customer.id.clone(),
        caller: setup.routing.caller_number(&setup.caller),
        callee: setup.callee.clone(),
        started_ms: now_unix_ms(),
        answered_ms: None,
        ended_ms: 0,
        disposition: Disposition::Failed,
        hangup: None,
        sip_code: 500,
        direction: setup.routing.direction,
        trunk: setup.routing.trunk_name(),
        did: setup.routing.did.clone(),
    }
}

/// Leg A's dialog: we are its UAS, so our From on requests is its To with
/// our tag, and its From is the remote side (§12.1.1).
fn leg_a_dialog(setup: &Setup, tag: &str) -> Dialog {
    let headers = &setup.invite.headers;
    let to = headers.get(&HeaderName::To).unwrap_or_default();
    Dialog {
        call_id: headers.call_id().unwrap_or_default().to_owned(),
        local: format!("{to};tag={tag}"),
        remote: headers.get(&HeaderName::From).unwrap_or_default().to_owned(),
        remote_target: dialog::contact_uri(headers).unwrap_or_else(|| setup.invite.uri.clone()),
        local_cseq: 0,
        peer: setup.peer,
        local_addr: setup.local,
    }
}
