//! The INVITE server transaction (RFC 3261 §17.2.1, Figure 7, with the
//! RFC 6026 §7.1 Accepted state).
//!
//! ```text
//!                      |INVITE
//!                      |pass INV to TU
//!   INVITE             V send 100 if TU won't in 200 ms
//!   send response+-----------+
//!       +--------|           |--------+ 101-199 from TU
//!       |        | Proceeding|        | send response
//!       +------->|           |<-------+
//!                |           |          Transport Err.
//!                |           |          Inform TU
//!                |           |--------------->+
//!                +-----------+                |
//!   300-699 from TU |    |2xx from TU        |
//!   send response   |    |send response      |
//!                   |    +------------------>+
//!                   |                        |
//!   INVITE          V          Timer G fires |
//!   send response+-----------+ send response |
//!       +--------|           |--------+      |
//!       |        | Completed |        |      |
//!       +------->|           |<-------+      |
//!                +-----------+               |
//!                   |     |                  |
//!               ACK |     |                  |
//!               -   |     +----------------->+
//!                   |       Timer H fires    |
//!                   V       or Transport Err.|
//!                +-----------+  Inform TU    |
//!                |           |               |
//!                | Confirmed |               |
//!                |           |               |
//!                +-----------+               |
//!                      |                     |
//!                      |Timer I fires        |
//!                      |-                    |
//!                      |                     |
//!                      V                     |
//!                +-----------+               |
//!                |           |               |
//!                | Terminated|<--------------+
//!                |           |
//!                +-----------+
//! ```
//!
//! RFC 6026 replaces the 2xx arrow with the Accepted state: 2xx responses
//! from the TU are sent (the TU retransmits them, §13.3.1.4), INVITE
//! retransmissions are absorbed, an ACK is passed to the TU, and Timer L
//! (64·T1) ends it. A Guard timer ([`super::Config::proceeding_limit`]) ends
//! a transaction the TU never answers, with a timeout to the TU.

use std::time::{Duration, Instant};

use crate::{Request, Response};

use super::TransactionError;
use super::build::response_to;
use super::common::{Durations, Out, Up};
use super::timer::{Timer, TimerTable, after};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Proceeding,
    Completed,
    Confirmed,
    Accepted,
    Terminated,
}

#[derive(Debug)]
pub(crate) struct ServerInvite {
    state: State,
    durations: Durations,
    timers: TimerTable,
    /// The 100 Trying to send if the TU is slow; taken once sent.
    trying: Option<Response>,
    last: Option<Response>,
    g_interval: Duration,
}

impl ServerInvite {
    pub(crate) fn new(now: Instant, invite: &Request, durations: Durations) -> Self {
        let mut timers = TimerTable::default();
        timers.set(Timer::Trying, after(now, durations.trying));
        timers.set(Timer::Guard, after(now, durations.proceeding_limit));
        Self {
            state: State::Proceeding,
            durations,
            timers,
            trying: Some(response_to(invite, 100)),
            last: None,
            g_interval: durations.t1,
        }
    }

    /// A retransmitted INVITE: re-send the latest response (or 100 Trying
    /// at once if nothing was sent yet).
    pub(crate) fn on_request(&mut self, out: &mut Out) {
        match self.state {
            State::Proceeding if self.last.is_none() => self.send_trying(out),
            State::Proceeding | State::Completed => self.resend(out),
            _ => {}
        }
    }

    pub(crate) fn on_ack(&mut self, now: Instant, ack: Request, out: &mut Out) {
        match self.state {
            State::Completed => self.confirm(now),
            State::Accepted => out.up(Up::Ack(ack)),
            _ => {}
        }
    }

    fn confirm(&mut self, now: Instant) {
        self.timers.stop(Timer::G);
        self.timers.stop(Timer::H);
        let i = self.durations.t4_or_zero();
        if i.is_zero() {
            self.terminate();
        } else {
            self.state = State::Confirmed;
            self.timers.set(Timer::I, after(now, i));
        }
    }

    pub(crate) fn respond(&mut self, now: Instant, response: Response, out: &mut Out) -> Result<(), TransactionError> {
        match (self.state, response.status) {
            (State::Proceeding, 100..=199) => self.provisional(response, out),
            (State::Proceeding | State::Accepted, 200..=299) => self.accept(now, response, out),
            (State::Proceeding, _) => self.reject(now, response, out),
            _ => return Err(TransactionError::AlreadyCompleted),
        }
        Ok(())
    }

    fn provisional(&mut self, response: Response, out: &mut Out) {
        self.timers.stop(Timer::Trying);
        self.trying = None;
        self.last = Some(response.clone());
        out.send_response(response);
    }

    /// Accepted resends nothing itself (the TU resends its 2xx), so the
    /// provisional responses kept for retransmitted INVITEs are dropped.
    fn accept(&mut self, now: Instant, response: Response, out: &mut Out) {
        out.send_response(response);
        if self.state == State::Proceeding {
            self.timers.stop_all();
            self.trying = None;
            self.last = None;
            self.state = State::Accepted;
            self.timers.set(Timer::L, after(now, self.durations.t1x64()));
        }
    }

    fn reject(&mut self, now: Instant, response: Response, out: &mut Out) {
        self.timers.stop_all();
        self.last = Some(response.clone());
        out.send_response(response);
        self.state = State::Completed;
        if let Some(g) = self.durations.retransmit() {
            self.timers.set(Timer::G, after(now, g));
        }
        self.timers.set(Timer::H, after(now, self.durations.t1x64()));
    }

    pub(crate) fn on_timer(&mut self, now: Instant, timer: Timer, out: &mut Out) {
        match (self.state, timer) {
            (State::Proceeding, Timer::Trying) => self.send_trying(out),
            (State::Completed, Timer::G) => self.retransmit(now, out),
            (State::Completed, Timer::H) | (State::Proceeding, Timer::Guard) => {
                out.up(Up::Timeout);
                self.terminate();
            }
            (State::Confirmed, Timer::I) | (State::Accepted, Timer::L) => self.terminate(),
            _ => {}
        }
    }

    fn send_trying(&mut self, out: &mut Out) {
        self.timers.stop(Timer::Trying);
        if let Some(trying) = self.trying.take() {
            self.last = Some(trying.clone());
            out.send_response(trying);
        }
    }

    fn retransmit(&mut self, now: Instant, out: &mut Out) {
        self.resend(out);
        self.g_interval = self.g_interval.saturating_mul(2).min(self.durations.t2);
        self.timers.set(Timer::G, after(now, self.g_interval));
    }

    fn resend(&self, out: &mut Out) {
        if let Some(last) = &self.last {
            out.send_response(last.clone());
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
