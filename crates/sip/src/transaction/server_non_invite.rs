//! The non-INVITE server transaction (RFC 3261 §17.2.2, Figure 8).
//!
//! ```text
//!                   |Request received
//!                   |pass to TU
//!                   V
//!             +-----------+
//!             |           |
//!             | Trying    |-------------+
//!             |           |             |
//!             +-----------+             |200-699 from TU
//!                   |                   |send response
//!                   |1xx from TU        |
//!                   |send response      |
//!                   |                   |
//!Request            V      1xx from TU  |
//!send response+-----------+send response|
//!    +--------|           |--------+    |
//!    |        | Proceeding|        |    |
//!    +------->|           |<-------+    |
//!             +-----------+             |
//!                   |200-699 from TU    |
//!                   |send response      |
//!                   V                   |
//!             +-----------+             |
//!Request      |           |             |
//!send response| Completed |<------------+
//!    +--------|           |
//!    +------->|           |
//!             +-----------+
//!                   |Timer J fires
//!                   |-
//!                   V
//!             +-----------+
//!             | Terminated|
//!             +-----------+
//! ```
//!
//! A Guard timer (64·T1, when Timer F has surely fired at the client) ends a
//! transaction the TU never answered, with a timeout to the TU; the RFC
//! leaves that case open and an unanswered transaction would leak.

use std::time::Instant;

use crate::Response;

use super::TransactionError;
use super::common::{Durations, Out, Up};
use super::timer::{Timer, TimerTable, after};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Trying,
    Proceeding,
    Completed,
    Terminated,
}

#[derive(Debug)]
pub(crate) struct ServerNonInvite {
    state: State,
    durations: Durations,
    timers: TimerTable,
    last: Option<Response>,
}

impl ServerNonInvite {
    pub(crate) fn new(now: Instant, durations: Durations) -> Self {
        let mut timers = TimerTable::default();
        timers.set(Timer::Guard, after(now, durations.t1x64()));
        Self { state: State::Trying, durations, timers, last: None }
    }

    /// A retransmission of the request.
    pub(crate) fn on_request(&mut self, out: &mut Out) {
        if matches!(self.state, State::Proceeding | State::Completed) {
            self.resend(out);
        }
    }

    pub(crate) fn respond(&mut self, now: Instant, response: Response, out: &mut Out) -> Result<(), TransactionError> {
        if !matches!(self.state, State::Trying | State::Proceeding) {
            return Err(TransactionError::AlreadyCompleted);
        }
        let provisional = response.status < 200;
        self.last = Some(response.clone());
        out.send_response(response);
        if provisional {
            self.state = State::Proceeding;
        } else {
            self.complete(now);
        }
        Ok(())
    }

    fn complete(&mut self, now: Instant) {
        self.timers.stop(Timer::Guard);
        let j = self.durations.j();
        if j.is_zero() {
            self.terminate();
        } else {
            self.state = State::Completed;
            self.timers.set(Timer::J, after(now, j));
        }
    }

    fn resend(&self, out: &mut Out) {
        if let Some(last) = &self.last {
            out.send_response(last.clone());
        }
    }

    pub(crate) fn on_timer(&mut self, timer: Timer, out: &mut Out) {
        match timer {
            Timer::J => self.terminate(),
            Timer::Guard => {
                out.up(Up::Timeout);
                self.terminate();
            }
            _ => {}
        }
    }

    fn terminate(&mut self) {
        self.state = State::Terminated;
        self.timers.stop_all();
    }

    pub(crate) fn timers(&mut self) -> &mut TimerTable {
        &mut self.timers
    }

    pub(crate) fn is_terminated(&self) -> bool {
        self.state == State::Terminated
    }
}
