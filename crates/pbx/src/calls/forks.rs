//! Leg B: one INVITE per registration of the callee, sent in parallel
//! (RFC 3261 §16.6-like forking done by a B2BUA, each fork its own UAC
//! dialog, §13.2). Provisional responses go back to the caller; the first
//! 2xx wins and the other forks are cancelled (§9.1, §16.7 step 10); a 2xx
//! from a fork that lost the race is ACKed and hung up (§13.2.2.4). When
//! every fork failed, the caller gets the best failure (§16.7 step 6: a 6xx
//! first, then busy, then the other client errors, 480, 408, server errors).

use std::net::SocketAddr;

use net::{ClientEvent, ClientReply};
use sip::transaction::{Peer, cancel_for};
use sip::{HeaderName, Headers, Method, Request, Response};

use super::call::{Call, Phase, Side};
use super::dialog::{self, Dialog};
use super::dialplan::Target;
use super::record::{Disposition, HangupSide};
use super::{CALL_METHODS, content_type};

/// One fork of leg B.
#[derive(Debug)]
pub(crate) struct Fork {
    pub(crate) branch: String,
    pub(crate) invite: Request,
    pub(crate) peer: Peer,
    pub(crate) call_id: String,
    pub(crate) local_addr: SocketAddr,
    pub(crate) status: Option<u16>,
    pub(crate) cancelled: bool,
    /// The CSeq of its INVITE (2 once re-sent with credentials).
    pub(crate) cseq: u32,
    /// Whether its INVITE was re-sent answering a digest challenge.
    pub(crate) authenticated: bool,
}

impl Fork {
    /// Whether it has no final response yet.
    pub(crate) fn is_ringing(&self) -> bool {
        self.status.is_none()
    }
}

impl Call {
    /// Sends the INVITE to every target.
    pub(crate) fn start_forks(&mut self) {
        let body = self.media.rewrite(Side::A.media(), self.invite.body.clone());
        self.forks.reserve_exact(self.targets.len());
        for target in std::mem::take(&mut self.targets) {
            let fork = self.new_fork(&target, body.clone());
            self.router.add(&fork.call_id, self.inbox());
            self.sip.send_request(fork.invite.clone(), fork.peer, self.reply_tx.clone());
            self.forks.push(fork);
        }
    }

    fn new_fork(&self, target: &Target, body: Vec<u8>) -> Fork {
        let local_addr = super::admit::local_addr(&self.sip, target.peer);
        let call_id = format!("{}@callvault", hex::encode(crate::random::bytes::<12>()));
        let via = dialog::via(target.peer.transport, local_addr);
        let branch = via_branch(&via);
        // The eight below, then Content-Type and Content-Length.
        let mut headers = Headers::with_capacity(10);
        headers.push(HeaderName::Via, via);
        headers.push(HeaderName::MaxForwards, self.max_forwards.to_string());
        headers.push(HeaderName::From, self.b_from());
        headers.push(HeaderName::To, self.b_to());
        headers.push(HeaderName::CallId, call_id.clone());
        headers.push(HeaderName::CSeq, "1 INVITE");
        headers.push(HeaderName::Contact, dialog::contact(target.peer.transport, local_addr));
        headers.push(HeaderName::Allow, CALL_METHODS);
        let mut invite = Request { method: Method::Invite, uri: target.uri.clone(), headers, body: Vec::new() };
        let kind = content_type(&self.invite.headers);
        dialog::put_body(&mut invite.headers, &mut invite.body, kind.as_deref(), body);
        let (status, cancelled, cseq, authenticated) = (None, false, 1, false);
        Fork { branch, invite, peer: target.peer, call_id, local_addr, status, cancelled, cseq, authenticated }
    }

    /// Our From on leg B: the caller's extension in its customer's domain,
    /// with the same tag on every fork.
    /// Through a trunk the caller is its customer's caller ID (or the
    /// external caller, inbound) and has no display name of ours.
    fn b_from(&self) -> String {
        let name: String = match self.routing.direction {
            model::CallDirection::Inbound => String::new(),
            _ => self.caller.extension.display_name.clone(),
        };
        let name: String = name.chars().filter(|c| !matches!(c, '"' | '\\') && !c.is_control()).collect();
        let user = self.routing.presented.clone().unwrap_or_else(|| self.record.caller.clone());
        format!("\"{name}\" <sip:{user}@{}>;tag={}", self.domain(), self.a_tag)
    }

    /// The callee at its customer's domain, or at the trunk's host.
    fn b_to(&self) -> String {
        match (&self.routing.trunk, self.routing.direction) {
            (Some(trunk), model::CallDirection::Outbound) => format!("<sip:{}@{}>", self.record.callee, trunk.host),
            _ => format!("<sip:{}@{}>", self.record.callee, self.domain()),
        }
    }

    fn domain(&self) -> String {
        let own = self.caller.customer.sip_domain.clone().filter(|_| self.routing.trunk.is_none());
        own.unwrap_or_else(|| self.a.local_addr.ip().to_string())
    }

    /// Whether any fork waits for a final response.
    pub(crate) fn forks_ringing(&self) -> bool {
        self.forks.iter().any(|f| f.is_ringing() && !f.cancelled)
    }

    /// CANCELs every fork still ringing (§9.1).
    pub(crate) fn cancel_forks(&mut self) {
        for fork in self.forks.iter_mut().filter(|f| f.is_ringing() && !f.cancelled) {
            fork.cancelled = true;
            self.sip.send_request(cancel_for(&fork.invite), fork.peer, self.reply_tx.clone());
        }
    }

    /// A response to one of our requests.
    pub(crate) fn on_reply(&mut self, reply: ClientReply) {
        if let Some(index) = self.forks.iter().position(|f| f.branch == reply.branch) {
            return self.on_fork_reply(index, reply.event);
        }
        if self.relayed.contains_key(&reply.branch) {
            return self.on_relayed_reply(&reply.branch, reply.event);
        }
        if let ClientEvent::Response(response) = reply.event {
            self.on_stray_2xx(&response);
        }
    }

    fn on_fork_reply(&mut self, index: usize, event: ClientEvent) {
        match event {
            ClientEvent::Response(r) if r.status < 200 => self.on_provisional(&r),
            ClientEvent::Response(r) if r.status < 300 => self.on_fork_2xx(index, &r),
            ClientEvent::Response(r) if self.may_authenticate(index, &r) => self.authenticate_fork(index, &r),
            ClientEvent::Response(r) => self.on_fork_failure(index, r.status),
            ClientEvent::Timeout | ClientEvent::Refused => self.on_fork_failure(index, 408),
            // A phone registered over TCP/TLS whose connection is gone, or a
            // trunk that cannot be reached: not available now (§21.4.18).
            ClientEvent::Unreachable => self.on_fork_failure(index, 480),
        }
    }

    fn on_provisional(&mut self, response: &Response) {
        if self.phase != Phase::Calling || response.status == 100 {
            return;
        }
        let body = self.rewritten_body(Side::B, response);
        self.respond_a(response.status, body);
    }

    /// A body from `side`, SDP rewritten, with its Content-Type.
    pub(crate) fn rewritten_body(&mut self, side: Side, message: &Response) -> Option<(String, Vec<u8>)> {
        if message.body.is_empty() {
            return None;
        }
        let kind = content_type(&message.headers).unwrap_or_else(|| "application/sdp".into());
        Some((kind, self.media.rewrite(side.media(), message.body.clone())))
    }

    fn on_fork_2xx(&mut self, index: usize, response: &Response) {
        if self.b.as_ref().is_some_and(|b| b.call_id == self.forks[index].call_id) {
            return self.resend_ack(Side::B, response);
        }
        if self.phase != Phase::Calling {
            return self.hang_up_fork(index, response);
        }
        self.forks[index].status = Some(response.status);
        self.b = Some(self.fork_dialog(index, response));
        self.cancel_forks();
        self.answer_a(response, self.forks[index].cseq);
    }

    fn answer_a(&mut self, response: &Response, b_cseq: u32) {
        let body = self.rewritten_body(Side::B, response);
        self.record.answered_ms = Some(model::now_unix_ms());
        self.record.disposition = Disposition::Answered;
        self.record.sip_code = 200;
        let a_cseq = self.invite.headers.cseq().map(|c| c.seq).unwrap_or(1);
        self.acks.push(super::in_dialog::OwedAck { from: Side::A, origin_cseq: a_cseq, cseq: b_cseq });
        let ok = self.a_response(200, body);
        self.a_final_sent = true;
        self.sip.respond(&self.a_key, ok.clone());
        let key = self.a_key.clone();
        self.retransmit_until_ack(Side::A, a_cseq, &key, &ok);
        self.phase = Phase::Answered;
    }

    /// The dialog a fork's 2xx creates (§12.1.2).
    fn fork_dialog(&self, index: usize, response: &Response) -> Dialog {
        let fork = &self.forks[index];
        Dialog {
            call_id: fork.call_id.clone(),
            local: fork.invite.headers.get(&HeaderName::From).unwrap_or_default().to_owned(),
            remote: dialog::to_value(response).unwrap_or_default(),
            remote_target: dialog::contact_uri(&response.headers).unwrap_or_else(|| fork.invite.uri.clone()),
            local_cseq: fork.cseq,
            peer: fork.peer,
            local_addr: fork.local_addr,
        }
    }

    /// A 2xx from a fork that lost: ACK it, then BYE (§13.2.2.4).
    fn hang_up_fork(&mut self, index: usize, response: &Response) {
        self.forks[index].status.get_or_insert(response.status);
        let mut dialog = self.fork_dialog(index, response);
        self.sip.send_ack(dialog.ack(self.forks[index].cseq), dialog.peer);
        let bye = dialog.request(Method::Bye, 70);
        self.sip.send_request(bye, dialog.peer, self.reply_tx.clone());
    }

    pub(crate) fn on_fork_failure(&mut self, index: usize, status: u16) {
        self.forks[index].status.get_or_insert(status);
        if self.phase != Phase::Calling || self.forks.iter().any(Fork::is_ringing) {
            return;
        }
        let code = best_failure(self.forks.iter().filter_map(|f| f.status));
        self.respond_a(code, None);
        self.fail(super::record::failure_disposition(code), code, HangupSide::Callee);
    }

    /// A 2xx retransmission for an INVITE whose transaction we no longer
    /// track: ACK it again if we ACKed it before.
    fn on_stray_2xx(&mut self, response: &Response) {
        let is_invite = response.headers.cseq().is_ok_and(|c| c.method == Method::Invite);
        let Ok(call_id) = response.headers.call_id() else { return };
        if !is_invite {
            return;
        }
        if (200..300).contains(&response.status) && self.b.as_ref().is_some_and(|b| b.call_id == call_id) {
            self.resend_ack(Side::B, response);
        } else if (200..300).contains(&response.status) && call_id == self.a.call_id {
            self.resend_ack(Side::A, response);
        }
    }
}

/// The failure to pass on when every fork failed.
fn best_failure(statuses: impl Iterator<Item = u16>) -> u16 {
    let rank = |status: u16| match status {
        600..=699 => 0,
        486 => 1,
        480 => 3,
        408 => 4,
        487 => 5,
        400..=499 => 2,
        500..=599 => 6,
        _ => 7,
    };
    statuses.min_by_key(|&s| rank(s)).unwrap_or(480)
}

pub(crate) fn via_branch(via: &str) -> String {
    via.split(";branch=").nth(1).and_then(|rest| rest.split(';').next()).unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::best_failure;

    #[test]
    fn busy_beats_unavailable_and_decline_beats_busy() {
        assert_eq!(best_failure([480, 486, 408].into_iter()), 486);
        assert_eq!(best_failure([486, 603].into_iter()), 603);
        assert_eq!(best_failure([408, 500].into_iter()), 408);
        assert_eq!(best_failure([404, 480].into_iter()), 404);
    }
}
