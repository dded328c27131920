//! The non-INVITE client transaction (RFC 3261 §17.1.2, Figure 6).
//!
//! ```text
//!                                |Request from TU
//!                                |send request
//!            Timer E             V
//!            send request  +-----------+
//!                +---------|           |-------------------+
//!                |         |  Trying   |  Timer F          |
//!                +-------->|           |  or Transport Err.|
//!                          +-----------+  inform TU        |
//!             200-699         |  |                         |
//!             resp. to TU     |  |1xx                      |
//!             +---------------+  |resp. to TU              |
//!             |                  |                         |
//!             |   Timer E        V       Timer F           |
//!             |   send req +-----------+ or Transport Err. |
//!             |  +---------|           | inform TU         |
//!             |  |         |Proceeding |------------------>|
//!             |  +-------->|           |-----+             |
//!             |            +-----------+     |1xx          |
//!             |              |      ^        |resp to TU   |
//!             | 200-699      |      +--------+             |
//!             | resp. to TU  |                             |
//!             |              |                             |
//!             |              V                             |
//!             |            +-----------+                   |
//!             |            |           |                   |
//!             |            | Completed |                   |
//!             |            |           |                   |
//!             |            +-----------+                   |
//!             |              ^   |                         |
//!             |              |   | Timer K                 |
//!             +--------------+   | -                       |
//!                                |                         |
//!                                V                         |
//!          NOTE:           +-----------+                   |
//!                          |           |                   |
//!      transitions         | Terminated|<------------------+
//!      labeled with        |           |
//!      the event           +-----------+
//!      over the action
//!      to take
//! ```
//!
//! Timer E doubles up to T2 in Trying and is T2 in Proceeding (§17.1.2.2).

use std::time::{Duration, Instant};

use crate::{Request, Response};

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
pub(crate) struct ClientNonInvite {
    state: State,
    durations: Durations,
    timers: TimerTable,
    /// Boxed, like the INVITE client's requests: every entry of the
    /// transaction table is as large as its largest kind of machine.
    request: Box<Request>,
    e_interval: Duration,
}

impl ClientNonInvite {
    /// Starts the transaction and sends the request.
    pub(crate) fn start(now: Instant, request: Request, durations: Durations, out: &mut Out) -> Self {
        let mut timers = TimerTable::default();
        if let Some(e) = durations.retransmit() {
            timers.set(Timer::E, after(now, e));
        }
        timers.set(Timer::F, after(now, durations.t1x64()));
        out.send_request(request.clone());
        Self { state: State::Trying, durations, timers, request: Box::new(request), e_interval: durations.t1 }
    }

    pub(crate) fn on_response(&mut self, now: Instant, response: Response, out: &mut Out) {
        match (self.state, response.status) {
            (State::Trying | State::Proceeding, 100..=199) => {
                self.state = State::Proceeding;
                out.up(Up::Response(response));
            }
            (State::Trying | State::Proceeding, _) => self.complete(now, response, out),
            _ => {}
        }
    }

    fn complete(&mut self, now: Instant, response: Response, out: &mut Out) {
        self.timers.stop_all();
        out.up(Up::Response(response));
        let k = self.durations.t4_or_zero();
        if k.is_zero() {
            self.terminate();
        } else {
            self.state = State::Completed;
            self.timers.set(Timer::K, after(now, k));
        }
    }

    pub(crate) fn on_timer(&mut self, now: Instant, timer: Timer, out: &mut Out) {
        match (self.state, timer) {
            (State::Trying | State::Proceeding, Timer::E) => self.retransmit(now, out),
            (State::Trying | State::Proceeding, Timer::F) => {
                out.up(Up::Timeout);
                self.terminate();
            }
            (State::Completed, Timer::K) => self.terminate(),
            _ => {}
        }
    }

    fn retransmit(&mut self, now: Instant, out: &mut Out) {
        out.send_request(Request::clone(&self.request));
        self.e_interval = match self.state {
            State::Proceeding => self.durations.t2,
            _ => self.e_interval.saturating_mul(2).min(self.durations.t2),
        };
        self.timers.set(Timer::E, after(now, self.e_interval));
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
