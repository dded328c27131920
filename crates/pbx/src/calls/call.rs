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
//! A panic inside a step leaves the call's state as it was at that moment;
//! the supervisor ([`super::supervisor`]) ends the call from it.
//!
//! Memory (issue 4 target: ≤ 16 KiB per call besides socket buffers): the
//! call keeps one copy of its INVITE, and vectors that live as long as the
//! call are sized exactly instead of growing by doubling.

use std::time::{Duration, Instant};

use model::now_unix_ms;
use net::{ClientReply, MediaSide, ReplySender, ServerTransaction, SipSender};
use sip::transaction::{Peer, ServerKey, TransportKind};
use sip::{HeaderName, Method, Request, Response};
use tokio::sync::{mpsc, watch};

use super::dialog::{self, Dialog};
use super::dialplan::Target;
use super::forks::Fork;
use super::in_dialog::{OwedAck, Relayed};
use super::media::Media;
use super::record::{CallRecord, Disposition, HangupSide};
use super::routing::Routing;
use super::{CallConfig, CallInput, Inbox, Router};
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
    pub(crate) inbox_tx: Inbox,
    inbox: mpsc::UnboundedReceiver<Box<CallInput>>,
    pub(crate) reply_tx: ReplySender,
    replies: mpsc::UnboundedReceiver<Box<ClientReply>>,
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
            closing: setup.closing,
            fault: setup.fault,
        }
    }

    /// The inbox, for routing requests to this call.
    pub(crate) fn inbox(&self) -> Inbox {
        self.inbox_tx.clone()
    }

    /// Runs the call to its end; its record is then complete.
    pub(crate) async fn run(&mut self) {
        self.start_forks();
        while self.phase != Phase::Ended {
            let deadline = tokio::time::Instant::from_std(self.next_deadline());
            tokio::select! {
                Some(input) = self.inbox.recv() => self.on_request(*input),
                Some(reply) = self.replies.recv() => self.on_reply(*reply),
                () = tokio::time::sleep_until(deadline) => self.on_timer(Instant::now()),
                Ok(()) = self.closing.changed() => self.on_closing(),
            }
        }
        self.media.release();
        self.record.ended_ms = now_unix_ms();
    }

    /// After the end, late 2xx from forks are still ACKed and hung up.
    pub(crate) async fn linger(&mut self) {
        let until = tokio::time::Instant::now() + LINGER;
        while self.forks_ringing() {
            tokio::select! {
                Some(reply) = self.replies.recv() => self.on_reply(*reply),
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
        self.retransmits.reserve_exact(1);
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

    /// The Call-IDs this call is routed by: leg A's and every fork's.
    pub(crate) fn call_ids(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.a.call_id.as_str()).chain(self.forks.iter().map(|f| f.call_id.as_str()))
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
