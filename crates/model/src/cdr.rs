//! Call detail records: one record per call attempt, written when the call
//! ends (issue 4; ARCHITECTURE.md "How data flows").
//!
//! A CDR is "call detail information" (47 CFR 64.2003(d): the number called
//! or calling, and the time and duration of a call), part of CPNI, so the
//! store seals its party numbers and reads it back only through the
//! compliance gate (issue 7). Numbers are kept exactly as the call carried
//! them: extension numbers or E.164 (`+15550100`).

use std::fmt;

use crate::TenantId;

/// Identifies a CDR: a random 128-bit value in hex, made by the store.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CdrId(pub String);

impl fmt::Display for CdrId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which way a call went, seen from the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallDirection {
    /// From outside (a trunk) to the customer.
    Inbound,
    /// From the customer out through a trunk.
    Outbound,
    /// Between two extensions of the customer.
    Internal,
}

/// How a call attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Disposition {
    /// The callee answered (a 2xx to the INVITE).
    Answered,
    /// The callee was busy (486 or 600).
    Busy,
    /// Nobody answered before the attempt timed out (408, 480).
    NoAnswer,
    /// The attempt failed: another final error, or the call task failed.
    Failed,
    /// The caller gave up before an answer (CANCEL).
    Cancelled,
}

/// Who ended the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HangupSide {
    /// The calling party (BYE or CANCEL from it).
    Caller,
    /// The called party (BYE or a final error from it).
    Callee,
    /// callvault itself: a timeout, a policy, or a failed call task.
    System,
}

/// One call attempt, as the call task records it when the call ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cdr {
    /// Its id.
    pub id: CdrId,
    /// The customer whose call it was.
    pub customer: TenantId,
    /// The calling number: an extension number or E.164.
    pub caller: String,
    /// The called number: an extension number or E.164.
    pub callee: String,
    /// Inbound, outbound or internal.
    pub direction: CallDirection,
    /// The trunk's name, for calls that crossed one.
    pub trunk: Option<String>,
    /// The customer's DID the call came in on (inbound) or presented (outbound).
    pub did: Option<String>,
    /// When the INVITE arrived, in Unix milliseconds.
    pub start_ms: i64,
    /// When the callee answered, in Unix milliseconds; `None` if it did not.
    pub answer_ms: Option<i64>,
    /// When the call ended, in Unix milliseconds.
    pub end_ms: i64,
    /// How the attempt ended.
    pub disposition: Disposition,
    /// Who ended it.
    pub hangup: HangupSide,
    /// The final SIP status of the INVITE (RFC 3261 §21), e.g. 200 or 486.
    pub sip_status: u16,
}

impl Cdr {
    /// From the INVITE to the end, in milliseconds.
    pub fn duration_ms(&self) -> i64 {
        self.end_ms.saturating_sub(self.start_ms)
    }

    /// From the answer to the end (the billable time), in milliseconds; 0 if unanswered.
    pub fn talk_ms(&self) -> i64 {
        self.answer_ms.map_or(0, |answer| self.end_ms.saturating_sub(answer))
    }
}

/// `as_str` / `from_stored` for a field-less enum, from one table of names.
macro_rules! stored_names {
    ($type:ty { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $type {
            /// The name stored in the database.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name),+
                }
            }

            /// The value for a stored name.
            pub fn from_stored(name: &str) -> Option<Self> {
                [$(Self::$variant),+].into_iter().find(|value| value.as_str() == name)
            }
        }
    };
}

stored_names!(CallDirection { Inbound => "inbound", Outbound => "outbound", Internal => "internal" });
stored_names!(Disposition {
    Answered => "answered",
    Busy => "busy",
    NoAnswer => "no_answer",
    Failed => "failed",
    Cancelled => "cancelled",
});
stored_names!(HangupSide { Caller => "caller", Callee => "callee", System => "system" });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stored_name_parses_back() {
        for d in [CallDirection::Inbound, CallDirection::Outbound, CallDirection::Internal] {
            assert_eq!(CallDirection::from_stored(d.as_str()), Some(d));
        }
        let dispositions = [
            Disposition::Answered,
            Disposition::Busy,
            Disposition::NoAnswer,
            Disposition::Failed,
            Disposition::Cancelled,
        ];
        for d in dispositions {
            assert_eq!(Disposition::from_stored(d.as_str()), Some(d));
        }
        for h in [HangupSide::Caller, HangupSide::Callee, HangupSide::System] {
            assert_eq!(HangupSide::from_stored(h.as_str()), Some(h));
        }
        assert_eq!(Disposition::from_stored("Answered"), None);
    }

    #[test]
    fn talk_time_counts_from_the_answer() {
        let cdr = Cdr {
            id: CdrId("a".into()),
            customer: TenantId("c".into()),
            caller: "201".into(),
            callee: "202".into(),
            direction: CallDirection::Internal,
            trunk: None,
            did: None,
            start_ms: 1_000,
            answer_ms: Some(4_000),
            end_ms: 64_000,
            disposition: Disposition::Answered,
            hangup: HangupSide::Caller,
            sip_status: 200,
        };
        assert_eq!(cdr.duration_ms(), 63_000);
        assert_eq!(cdr.talk_ms(), 60_000);
        assert_eq!(Cdr { answer_ms: None, ..cdr }.talk_ms(), 0);
    }
}
