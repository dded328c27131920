//! The INVITE client transaction (RFC 3261 §17.1.1, Figure 5, with the
//! RFC 6026 §7.2 Accepted state).
//!
//! ```text
//!                                |INVITE from TU
//!              Timer A fires     |INVITE sent
//!              Reset A,          V                      Timer B fires
//!              INVITE sent +-----------+                or Transport Err.
//!                +---------|           |---------------+inform TU
//!                |         |  Calling  |               |
//!                +-------->|           |-------------->|
//!                          +-----------+ 2xx           |
//!                             |  |       2xx to TU     |
//!                             |  |1xx                  |
//!     300-699 +---------------+  |1xx to TU            |
//!    ACK sent |                  |                     |
//! resp. to TU |  1xx             V                     |
//!             |  1xx to TU  -----------+               |
//!             |  +---------|           |               |
//!             |  |         |Proceeding |-------------->|
//!             |  +-------->|           | 2xx           |
//!             |            +-----------+ 2xx to TU     |
//!             |       300-699    |                     |
//!             |       ACK sent,  |                     |
//!             |       resp. to TU|                     |
//!             |                  |                     |      NOTE:
//!             |  300-699         V                     |
//!             |  ACK sent  +-----------+Transport Err. |  transitions
//!             |  +---------|           |Inform TU      |  labeled with
//!             |  |         | Completed |-------------->|  the event
//!             |  +-------->|           |               |  over the action
//!             |            +-----------+               |  to take
//!             |              ^   |                     |
//!             |              |   | Timer D fires       |
//!             +--------------+   | -                   |
//!                                |                     |
//!                                V                     |
//!                          +-----------+               |
//!                          |           |               |
//!                          | Terminated|<--------------+
//!                          |           |
//!                          +-----------+
//! ```
//!
//! RFC 6026 sends 2xx responses to an Accepted state instead of Terminated:
//! further 2xx (retransmissions, or forks) go to the TU, which ACKs each
//! (the 2xx ACK is not part of the transaction, §13.2.2.4), until Timer M
//! (64·T1). Timer A doubles without a cap (§17.1.1.2); only Timer B bounds
//! it. In Proceeding, a Guard timer ([`super::Config::proceeding_limit`],
//! like a proxy's Timer C, §16.6) ends a call attempt nobody answers.

use std::time::{Duration, Instant};

use crate::{Request, Response};

use super::build::ack_for;
use super::common::{Durations, Out, Up};
use super::timer::{Timer, TimerTable, after};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Calling,
    Proceeding,
    Completed,
    Accepted,
    Terminated,
}

#[derive(Debug)]
pub(crate) struct ClientInvite {
    state: State,
    durations: Durations,
    timers: TimerTable,
    /// The INVITE until a final response: Timer A resends it and the ACK
    /// for a non-2xx is built from it. Accepted and Completed need neither,
    /// so it is dropped then instead of held for 64·T1. Both boxed: every
    /// entry of the transaction table is as large as its largest machine.
    invite: Option<Box<Request>>,
    ack: Option<Box<Request>>,
    a_interval: Duration,
}

impl ClientInvite {
    /// Starts the transaction and sends the INVITE.
    pub(crate) fn start(now: Instant, invite: Request, durations: Durations, out: &mut Out) -> Self {
        let mut timers = TimerTable::default();
        if let Some(a) = durations.retransmit() {
            timers.set(Timer::A, after(now, a));
        }
        timers.set(Timer::B, after(now, durations.t1x64()));
        out.send_request(invite.clone());
        Self {
            state: State::Calling,
            durations,
            timers,
            invite: Some(Box::new(invite)),
            ack: None,
            a_interval: durations.t1,
        }
    }

    pub(crate) fn on_response(&mut self, now: Instant, response: Response, out: &mut Out) {
        match (self.state, response.status) {
            (State::Calling | State::Proceeding, 100..=199) => self.proceed(now, response, out),
            (State::Calling | State::Proceeding, 200..=299) => self.accept(now, response, out),
            (State::Calling | State::Proceeding, _) => self.complete(now, response, out),
            (State::Completed, 300..) => self.resend_ack(out),
            (State::Accepted, 200..=299) => out.up(Up::Response(response)),
            _ => {}
        }
    }

    fn proceed(&mut self, now: Instant, response: Response, out: &mut Out) {
        if self.state == State::Calling {
            self.timers.stop_all();
            self.timers.set(Timer::Guard, after(now, self.durations.proceeding_limit));
            self.state = State::Proceeding;
        }
        out.up(Up::Response(response));
    }

    fn accept(&mut self, now: Instant, response: Response, out: &mut Out) {
        self.timers.stop_all();
        self.invite = None;
        self.state = State::Accepted;
        self.timers.set(Timer::M, after(now, self.durations.t1x64()));
        out.up(Up::Response(response));
    }

    fn complete(&mut self, now: Instant, response: Response, out: &mut Out) {
        self.timers.stop_all();
        if let Some(invite) = self.invite.take() {
            let ack = ack_for(&invite, &response);
            out.send_request(ack.clone());
            self.ack = Some(Box::new(ack));
        }
        out.up(Up::Response(response));
        let d = self.durations.d();
        if d.is_zero() {
            self.terminate();
        } else {
            self.state = State::Completed;
            self.timers.set(Timer::D, after(now, d));
        }
    }

    fn resend_ack(&self, out: &mut Out) {
        if let Some(ack) = &self.ack {
            out.send_request(Request::clone(ack));
        }
    }

    pub(crate) fn on_timer(&mut self, now: Instant, timer: Timer, out: &mut Out) {
        match (self.state, timer) {
            (State::Calling, Timer::A) => self.retransmit(now, out),
            (State::Calling, Timer::B) | (State::Proceeding, Timer::Guard) => {
                out.up(Up::Timeout);
                self.terminate();
            }
            (State::Completed, Timer::D) | (State::Accepted, Timer::M) => self.terminate(),
            _ => {}
        }
    }

    fn retransmit(&mut self, now: Instant, out: &mut Out) {
        if let Some(invite) = &self.invite {
            out.send_request(Request::clone(invite));
        }
        self.a_interval = self.a_interval.saturating_mul(2);
        self.timers.set(Timer::A, after(now, self.a_interval));
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
