//! Answering a trunk's digest challenge on leg B (issue 4 item 1; RFC 3261
//! §22.2, §8.1.3.5): a 401 (WWW-Authenticate) or 407 (Proxy-Authenticate)
//! to our INVITE is answered once with the trunk's credentials — the same
//! Call-ID and From tag, CSeq one higher, a new branch, and Authorization or
//! Proxy-Authorization (RFC 7616 §3.4). A second challenge, a challenge we
//! cannot answer, or a trunk without credentials fails the fork as usual.

use sip::digest::{Challenge, Credentials, Secret};
use sip::{HeaderName, Method, Response};

use super::call::Call;
use super::dialog;
use super::forks::via_branch;

impl Call {
    /// Whether `response` is a challenge this fork may still answer.
    pub(crate) fn may_authenticate(&self, index: usize, response: &Response) -> bool {
        let has_credentials = self.routing.trunk.as_ref().is_some_and(|t| t.credentials.is_some());
        matches!(response.status, 401 | 407) && has_credentials && !self.forks[index].authenticated
    }

    /// Re-sends fork `index`'s INVITE with credentials answering `response`.
    pub(crate) fn authenticate_fork(&mut self, index: usize, response: &Response) {
        match self.answered_invite(index, response) {
            Some(invite) => {
                let fork = &mut self.forks[index];
                fork.branch = invite.headers.get(&HeaderName::Via).map(via_branch).unwrap_or_default();
                fork.cseq += 1;
                fork.authenticated = true;
                fork.invite = invite.clone();
                self.sip.send_request(invite, fork.peer, self.reply_tx.clone());
            }
            None => {
                tracing::warn!(status = response.status, "the trunk's challenge could not be answered");
                self.on_fork_failure(index, response.status);
            }
        }
    }

    fn answered_invite(&self, index: usize, response: &Response) -> Option<sip::Request> {
        let (challenge_header, answer_header) = match response.status {
            407 => (HeaderName::ProxyAuthenticate, HeaderName::ProxyAuthorization),
            _ => (HeaderName::WwwAuthenticate, HeaderName::Authorization),
        };
        let challenge: Challenge = response.headers.get(&challenge_header)?.parse().ok()?;
        let credentials = self.routing.trunk.as_ref()?.credentials.as_ref()?;
        let fork = &self.forks[index];
        let cnonce = hex::encode(crate::random::bytes::<8>());
        let uri = fork.invite.uri.to_string();
        let secret = Secret::Password(&credentials.password);
        let answer =
            Credentials::answer(&challenge, &Method::Invite, &uri, &credentials.username, secret, &cnonce, 1).ok()?;
        let mut invite = fork.invite.clone();
        invite.headers.set(HeaderName::Via, dialog::via(fork.peer.transport, fork.local_addr));
        invite.headers.set(HeaderName::CSeq, format!("{} INVITE", fork.cseq + 1));
        invite.headers.set(answer_header, answer.to_string());
        Some(invite)
    }
}
