//! The call supervisor (issue 4 item 4, ARCHITECTURE.md principle 2): each
//! call runs in a task of its own, watched through its `JoinHandle`. When a
//! call task panics, only that call ends: the caller gets 500 if it had no
//! final response yet, ringing forks are cancelled (RFC 3261 §9.1), both
//! established legs get BYE (§15.1.1), its relay ports were released when
//! the task's state was dropped, and its record says `failed`. Every other
//! call, and the registrar, carry on.
//!
//! Either way the call's record is written as soon as the call ends; its
//! routes are removed once the task has finished (a task lingers to answer
//! its forks' late responses).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use net::SipSender;
use sip::transaction::cancel_for;
use sip::{HeaderName, Method, Response};
use tokio::sync::{mpsc, oneshot};
use tracing::Instrument;

use super::Calls;
use super::call::{Call, Snapshot};
use super::record::{CallRecord, Disposition, HangupSide};

/// Numbers calls for their log span (no phone numbers in logs).
static CALL_NUMBER: AtomicU64 = AtomicU64::new(1);

/// Starts `call` under supervision.
pub(crate) fn spawn(calls: &Arc<Calls>, mut call: Call) {
    let snapshot = call.snapshot();
    let (sip, cdrs) = (call.sip.clone(), calls.cdrs.clone());
    let router = calls.router.clone();
    router.add(&call.a.call_id, call.inbox());
    let live = Arc::clone(&calls.live);
    let limits = Arc::clone(&calls.limits);
    live.fetch_add(1, Ordering::Relaxed);
    let (done, ended) = oneshot::channel();
    call.report_to(done);
    let span = tracing::info_span!("call", id = CALL_NUMBER.fetch_add(1, Ordering::Relaxed));
    let mut task = tokio::spawn(call.run().instrument(span));
    tokio::spawn(async move {
        let (record, task) = tokio::select! {
            biased; // a task that ended normally has sent its record first
            Ok(record) = ended => (record, Some(task)),
            joined = &mut task => {
                let panicked = joined.err().is_some_and(|error| error.is_panic());
                tracing::error!(panicked, "a call task died; ending that call only");
                (clean_up(&sip, &snapshot), None)
            }
        };
        cdrs.write(record.to_cdr()).await;
        limits.finish(&record.customer);
        live.fetch_sub(1, Ordering::Relaxed);
        if let Some(lingering) = task
            && let Err(error) = lingering.await
        {
            tracing::error!(panicked = error.is_panic(), "a call task died after its call ended");
        }
        for call_id in &lock(&snapshot).call_ids {
            router.remove(call_id);
        }
    });
}

/// Ends a call whose task died, from its last snapshot.
fn clean_up(sip: &SipSender, snapshot: &Mutex<Snapshot>) -> CallRecord {
    let snapshot = lock(snapshot).clone();
    let (ignored, _) = mpsc::unbounded_channel();
    if !snapshot.a_final_sent {
        let mut response = Response::for_request(&snapshot.invite, 500).with_to_tag(&snapshot.a_tag);
        response.headers.push(HeaderName::Server, crate::service::SERVER);
        sip.respond(&snapshot.a_key, response);
    }
    for (invite, peer) in &snapshot.ringing {
        sip.send_request(cancel_for(invite), *peer, ignored.clone());
    }
    for mut dialog in snapshot.dialogs {
        let bye = dialog.request(Method::Bye, 70);
        sip.send_request(bye, dialog.peer, ignored.clone());
    }
    let mut record = snapshot.record;
    record.disposition = Disposition::Failed;
    record.hangup = Some(HangupSide::System);
    record.ended_ms = model::now_unix_ms();
    if record.answered_ms.is_none() {
        record.sip_code = 500;
    }
    record
}

fn lock(snapshot: &Mutex<Snapshot>) -> std::sync::MutexGuard<'_, Snapshot> {
    snapshot.lock().unwrap_or_else(PoisonError::into_inner)
}
