//! Requests inside a call, from either leg (RFC 3261 §12.2.2):
//!
//! - ACK for a 2xx we sent: stops our retransmissions and is relayed end to
//!   end as the ACK for the other leg's 2xx (§13.2.2.4, §13.3.1.4).
//! - CANCEL from the caller before the answer: 200 to the CANCEL, 487 to
//!   the INVITE, CANCEL to every fork (§9.2).
//! - BYE: 200, then BYE on the other leg (§15.1).
//! - Anything else — re-INVITE for hold and resume (§14, RFC 3264 §8.4),
//!   UPDATE, INFO, OPTIONS — is sent as a new request in the other leg's
//!   dialog, its SDP rewritten, and the other leg's response relayed back.
//!   Max-Forwards is decremented, 483 at zero (§16.6 step 3).
//!
//! A request for a fork that lost the race gets 200 for BYE and 481
//! otherwise.

use net::ClientEvent;
use sip::transaction::ServerKey;
use sip::{HeaderName, Method, Request, Response};

use super::call::{Call, Phase, Side};
use super::record::{Disposition, HangupSide};
use super::{CallInput, dialog};

/// An ACK we owe: when `from` ACKs its CSeq `origin_cseq`, ACK the other
/// leg's 2xx for CSeq `cseq`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OwedAck {
    pub(crate) from: Side,
    pub(crate) origin_cseq: u32,
    pub(crate) cseq: u32,
}

/// A request relayed to the other leg, waiting for its response.
#[derive(Debug)]
pub(crate) struct Relayed {
    pub(crate) from: Side,
    pub(crate) key: ServerKey,
    pub(crate) request: Request,
    pub(crate) cseq: u32,
}

impl Call {
    /// A request for this call.
    pub(crate) fn on_request(&mut self, input: CallInput) {
        let Some(side) = self.side_of(&input.request) else {
            return self.answer_stray(&input);
        };
        match input.request.method {
            Method::Ack => self.on_ack(side, &input.request),
            Method::Cancel => self.on_cancel(side, &input),
            Method::Bye => self.on_bye(side, &input),
            _ => self.relay_request(side, input),
        }
    }

    fn side_of(&self, request: &Request) -> Option<Side> {
        let call_id = request.headers.call_id().ok()?;
        if call_id == self.a.call_id {
            return Some(Side::A);
        }
        self.b.as_ref().filter(|b| b.call_id == call_id).map(|_| Side::B)
    }

    fn answer_stray(&self, input: &CallInput) {
        let status = match input.request.method {
            Method::Ack => return,
            Method::Bye => 200,
            _ => 481,
        };
        self.reply(input, status);
    }

    fn reply(&self, input: &CallInput, status: u16) {
        let mut response = Response::for_request(&input.request, status);
        response.headers.push(HeaderName::Server, crate::service::SERVER);
        input.transaction.sip.respond(&input.transaction.key, response);
    }

    fn on_ack(&mut self, side: Side, ack: &Request) {
        let cseq = ack.headers.cseq().map(|c| c.seq).unwrap_or(0);
        self.retransmits.retain(|r| !(r.side == side && r.cseq == cseq));
        self.retransmits.shrink_to_fit();
        if let Some(at) = self.acks.iter().position(|o| o.from == side && o.origin_cseq == cseq) {
            let owed = self.acks.remove(at);
            self.relay_ack(side.other(), owed.cseq, ack);
        }
        if self.phase == Phase::Answered && side == Side::A {
            self.phase = Phase::Confirmed;
            assert!(!self.fault, "fault injection: a deliberate panic in one call task");
        }
    }

    fn relay_ack(&mut self, to: Side, cseq: u32, original: &Request) {
        let body = (!original.body.is_empty()).then(|| self.media.rewrite(to.other().media(), original.body.clone()));
        let Some(dialog) = self.dialog(to) else { return };
        let mut ack = dialog.ack(cseq);
        if let Some(body) = body {
            let kind = super::content_type(&original.headers);
            dialog::put_body(&mut ack.headers, &mut ack.body, kind.as_deref(), body);
        }
        self.sip.send_ack(ack.clone(), dialog.peer);
        self.sent_acks.reserve_exact(1);
        self.sent_acks.push((to, cseq, ack));
    }

    /// Sends again the ACK for `side`'s retransmitted 2xx (§13.2.2.4).
    pub(crate) fn resend_ack(&self, side: Side, response: &Response) {
        let cseq = response.headers.cseq().map(|c| c.seq).unwrap_or(0);
        let sent = self.sent_acks.iter().find(|(s, c, _)| *s == side && *c == cseq);
        if let (Some((_, _, ack)), Some(dialog)) = (sent, self.dialog(side)) {
            self.sip.send_ack(ack.clone(), dialog.peer);
        }
    }

    fn on_cancel(&mut self, side: Side, input: &CallInput) {
        self.reply(input, 200);
        if side == Side::A && self.phase == Phase::Calling {
            self.cancel_forks();
            self.respond_a(487, None);
            self.fail(Disposition::Cancelled, 487, HangupSide::Caller);
        }
    }

    fn on_bye(&mut self, side: Side, input: &CallInput) {
        self.reply(input, 200);
        if self.phase == Phase::Calling {
            self.cancel_forks();
            self.respond_a(487, None);
            return self.fail(Disposition::Cancelled, 487, HangupSide::Caller);
        }
        self.send_bye(side.other());
        self.end(if side == Side::A { HangupSide::Caller } else { HangupSide::Callee });
    }

    fn relay_request(&mut self, side: Side, input: CallInput) {
        let max_forwards = input.request.headers.max_forwards().ok().flatten().unwrap_or(70);
        if max_forwards == 0 {
            return self.reply(&input, 483);
        }
        let pending_invite = self.relayed.values().any(|r| r.request.method == Method::Invite);
        if input.request.method == Method::Invite && pending_invite {
            return self.reply(&input, 491);
        }
        let body = self.media.rewrite(side.media(), input.request.body.clone());
        let Some(dialog) = self.dialog_mut(side.other()) else {
            return self.reply(&input, 481);
        };
        let mut out = dialog.request(input.request.method.clone(), max_forwards - 1);
        let (cseq, peer) = (dialog.local_cseq, dialog.peer);
        let kind = super::content_type(&input.request.headers);
        dialog::put_body(&mut out.headers, &mut out.body, kind.as_deref(), body);
        let branch = out.headers.top_via().ok().and_then(|v| v.branch().map(str::to_owned)).unwrap_or_default();
        let relayed = Relayed { from: side, key: input.transaction.key, request: input.request, cseq };
        self.relayed.insert(branch, relayed);
        self.sip.send_request(out, peer, self.reply_tx.clone());
    }

    /// The other leg answered a relayed request: pass the answer back.
    pub(crate) fn on_relayed_reply(&mut self, branch: &str, event: ClientEvent) {
        let Some(from) = self.relayed.get(branch).map(|r| r.from) else { return };
        let (status, reason, body) = match event {
            ClientEvent::Response(response) if response.status == 100 => return,
            ClientEvent::Response(response) => {
                let body = self.rewritten_body(from.other(), &response);
                (response.status, response.reason, body)
            }
            ClientEvent::Timeout | ClientEvent::Refused => (408, "Request Timeout".to_owned(), None),
            ClientEvent::Unreachable => (480, "Temporarily Unavailable".to_owned(), None),
        };
        let Some(relayed) = self.relayed.get(branch) else { return };
        let mut back = Response::for_request(&relayed.request, status);
        back.reason = reason;
        let is_invite = relayed.request.method == Method::Invite;
        if let Some(dialog) = self.dialog(from).filter(|_| is_invite && (101..300).contains(&status)) {
            back.headers.push(HeaderName::Contact, dialog::contact(dialog.peer.transport, dialog.local_addr));
        }
        if let Some((kind, bytes)) = body {
            dialog::put_body(&mut back.headers, &mut back.body, Some(&kind), bytes);
        }
        self.sip.respond(&relayed.key, back.clone());
        if status >= 200 {
            self.finish_relayed(branch, is_invite && status < 300, &back);
        }
    }

    fn finish_relayed(&mut self, branch: &str, owes_ack: bool, sent: &Response) {
        let Some(relayed) = self.relayed.remove(branch) else { return };
        if owes_ack {
            let origin_cseq = relayed.request.headers.cseq().map(|c| c.seq).unwrap_or(0);
            self.acks.push(OwedAck { from: relayed.from, origin_cseq, cseq: relayed.cseq });
            self.retransmit_until_ack(relayed.from, origin_cseq, &relayed.key, sent);
        }
    }
}
