//! What a call leaves behind (issue 4 item 5): one record per call attempt,
//! with its disposition, who hung up and the final SIP code, turned into a
//! [`model::Cdr`] when the call ends; direction, trunk and DID come from
//! the call's [`super::routing::Routing`].

use model::{CallDirection, Cdr, TenantId};
pub(crate) use model::{Disposition, HangupSide};

/// The disposition a final failure code means (RFC 3261 §21): busy for
/// 486/600/603, no answer for 408/480/487, failed otherwise.
pub(crate) fn failure_disposition(status: u16) -> Disposition {
    match status {
        486 | 600 | 603 => Disposition::Busy,
        408 | 480 | 487 => Disposition::NoAnswer,
        _ => Disposition::Failed,
    }
}

/// The record of one call attempt, as the call task keeps it.
#[derive(Debug, Clone)]
pub(crate) struct CallRecord {
    /// The customer both extensions belong to.
    pub(crate) customer: TenantId,
    /// The calling extension.
    pub(crate) caller: String,
    /// The number dialled.
    pub(crate) callee: String,
    /// When the INVITE arrived, Unix ms.
    pub(crate) started_ms: i64,
    /// When the callee answered, Unix ms.
    pub(crate) answered_ms: Option<i64>,
    /// When the call ended, Unix ms.
    pub(crate) ended_ms: i64,
    /// How it ended.
    pub(crate) disposition: Disposition,
    /// Who hung up, when known.
    pub(crate) hangup: Option<HangupSide>,
    /// The final status of the caller's INVITE.
    pub(crate) sip_code: u16,
    /// Inbound, outbound or internal.
    pub(crate) direction: CallDirection,
    /// The trunk used, if any.
    pub(crate) trunk: Option<String>,
    /// The DID dialled, for an inbound call.
    pub(crate) did: Option<String>,
}

impl CallRecord {
    /// The CDR of this call attempt.
    pub(crate) fn to_cdr(&self) -> Cdr {
        Cdr {
            id: store::Store::new_cdr_id(),
            customer: self.customer.clone(),
            caller: self.caller.clone(),
            callee: self.callee.clone(),
            direction: self.direction,
            trunk: self.trunk.clone(),
            did: self.did.clone(),
            start_ms: self.started_ms,
            // A call that failed after its answer keeps the answer time (store
            // migration 60); the other dispositions mean it was never answered.
            answer_ms: self
                .answered_ms
                .filter(|_| matches!(self.disposition, Disposition::Answered | Disposition::Failed)),
            end_ms: self.ended_ms.max(self.started_ms),
            disposition: self.disposition,
            hangup: self.hangup.unwrap_or(HangupSide::System),
            sip_status: self.sip_code,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_codes_map_to_dispositions() {
        assert_eq!(failure_disposition(486), Disposition::Busy);
        assert_eq!(failure_disposition(603), Disposition::Busy);
        assert_eq!(failure_disposition(408), Disposition::NoAnswer);
        assert_eq!(failure_disposition(480), Disposition::NoAnswer);
        assert_eq!(failure_disposition(404), Disposition::Failed);
        assert_eq!(failure_disposition(503), Disposition::Failed);
    }
}
