//! What a call leaves behind (issue 4 item 5): one record per call attempt,
//! with its disposition, who hung up and the final SIP code, written when
//! the call ends.

use model::TenantId;

/// How a call attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// The callee answered.
    Answered,
    /// The callee was busy (486, 600, 603).
    Busy,
    /// Nobody answered in time, or the callee was unavailable (408, 480).
    NoAnswer,
    /// Something failed, our side included (a crashed call task).
    Failed,
    /// The caller gave up before an answer (CANCEL).
    Cancelled,
}

impl Disposition {
    /// The disposition a final failure code means.
    pub(crate) fn for_failure(status: u16) -> Self {
        match status {
            486 | 600 | 603 => Self::Busy,
            408 | 480 | 487 => Self::NoAnswer,
            _ => Self::Failed,
        }
    }
}

/// Who ended an answered call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HangupSide {
    /// The caller (BYE or CANCEL from leg A).
    Caller,
    /// The callee (BYE from leg B).
    Callee,
    /// callvault (timeouts, failures).
    System,
}

/// The record of one call attempt.
#[derive(Debug, Clone)]
pub struct CallRecord {
    /// The customer both extensions belong to.
    pub customer: TenantId,
    /// The calling extension.
    pub caller: String,
    /// The number dialled.
    pub callee: String,
    /// The caller's Call-ID.
    pub call_id: String,
    /// When the INVITE arrived, Unix ms.
    pub started_ms: i64,
    /// When the callee answered, Unix ms.
    pub answered_ms: Option<i64>,
    /// When the call ended, Unix ms.
    pub ended_ms: i64,
    /// How it ended.
    pub disposition: Disposition,
    /// Who hung up, when known.
    pub hangup: Option<HangupSide>,
    /// The final status sent to the caller.
    pub sip_code: u16,
}
