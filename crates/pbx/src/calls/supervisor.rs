//! The call supervisor (issue 4 item 4, ARCHITECTURE.md principle 2): each
//! call runs in a task of its own, and the task's outermost layer catches a
//! panic of the call's code. When a call panics, only that call ends, from
//! its state as the panic left it: the caller gets 500 if it had no final
//! response yet, ringing forks are cancelled (RFC 3261 §9.1), both
//! established legs get BYE (§15.1.1), its relay ports are released, and its
//! record says `failed`. Every other call, and the registrar, carry on.
//!
//! Either way the call's record is written as soon as the call ends; its
//! routes are removed once it has finished lingering (it still answers its
//! forks' late responses for a while).

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use futures_util::FutureExt;
use sip::transaction::cancel_for;
use sip::{HeaderName, Method, Response};
use tracing::Instrument;

use super::call::Call;
use super::cdr::CdrWriter;
use super::limits::Limits;
use super::record::{CallRecord, Disposition, HangupSide};
use super::{Calls, Router};

/// Numbers calls for their log span (no phone numbers in logs).
static CALL_NUMBER: AtomicU64 = AtomicU64::new(1);

/// What outlives a call: where its record goes and the node's counts.
struct Supervision {
    cdrs: CdrWriter,
    router: Router,
    live: Arc<AtomicUsize>,
    limits: Arc<Limits>,
}

/// Starts `call` under supervision.
pub(crate) fn spawn(calls: &Arc<Calls>, call: Call) {
    let supervision = Supervision {
        cdrs: calls.cdrs.clone(),
        router: calls.router.clone(),
        live: Arc::clone(&calls.live),
        limits: Arc::clone(&calls.limits),
    };
    supervision.router.add(&call.a.call_id, call.inbox());
    supervision.live.fetch_add(1, Ordering::Relaxed);
    let span = tracing::info_span!("call", id = CALL_NUMBER.fetch_add(1, Ordering::Relaxed));
    tokio::spawn(supervise(call, supervision).instrument(span));
}

/// The call's task. An `async move` block rather than an `async fn`: the
/// latter would hold its `call` argument twice in the task's state
/// (rust-lang/rust#62958), a kilobyte and a half more per call.
#[expect(clippy::manual_async_fn, reason = "an async fn would store `call` twice")]
fn supervise(mut call: Call, supervision: Supervision) -> impl Future<Output = ()> + Send {
    async move {
        let ran = AssertUnwindSafe(call.run()).catch_unwind().await;
        if ran.is_err() {
            tracing::error!(panicked = true, "a call task died; ending that call only");
            clean_up(&mut call);
        }
        supervision.cdrs.write(call.record.to_cdr()).await;
        supervision.limits.finish(&call.record.customer);
        supervision.live.fetch_sub(1, Ordering::Relaxed);
        if ran.is_ok() && AssertUnwindSafe(call.linger()).catch_unwind().await.is_err() {
            tracing::error!(panicked = true, "a call task died after its call ended");
        }
        for call_id in call.call_ids() {
            supervision.router.remove(call_id);
        }
    }
}

/// Ends a call whose code panicked, from the state the panic left.
fn clean_up(call: &mut Call) {
    if !call.a_final_sent {
        let mut response = Response::for_request(&call.invite, 500).with_to_tag(&call.a_tag);
        response.headers.push(HeaderName::Server, crate::service::SERVER);
        call.sip.respond(&call.a_key, response);
    }
    for fork in call.forks.iter().filter(|f| f.is_ringing()) {
        call.sip.send_request(cancel_for(&fork.invite), fork.peer, call.reply_tx.clone());
    }
    let answered = call.a_final_sent && call.record.answered_ms.is_some();
    let dialogs = answered.then_some(&mut call.a).into_iter().chain(call.b.as_mut());
    for dialog in dialogs {
        let bye = dialog.request(Method::Bye, 70);
        call.sip.send_request(bye, dialog.peer, call.reply_tx.clone());
    }
    call.media.release();
    finish_failed(&mut call.record);
}

fn finish_failed(record: &mut CallRecord) {
    record.disposition = Disposition::Failed;
    record.hangup = Some(HangupSide::System);
    record.ended_ms = model::now_unix_ms();
    if record.answered_ms.is_none() {
        record.sip_code = 500;
    }
}
