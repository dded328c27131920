//! What every transaction machine shares: timer durations for its transport,
//! and the outbox it writes to.

use std::time::Duration;

use crate::{Message, Request, Response};

use super::Config;

/// Timer durations for one transaction, fixed at creation from the
/// [`Config`] and whether the transport is reliable (RFC 3261 §17, Table 4).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Durations {
    pub(crate) t1: Duration,
    pub(crate) t2: Duration,
    pub(crate) t4: Duration,
    pub(crate) reliable: bool,
    pub(crate) trying: Duration,
    pub(crate) proceeding_limit: Duration,
}

impl Durations {
    pub(crate) fn new(config: &Config, reliable: bool) -> Self {
        Self {
            t1: config.t1,
            t2: config.t2,
            t4: config.t4,
            reliable,
            trying: config.trying_delay,
            proceeding_limit: config.proceeding_limit,
        }
    }

    /// 64·T1: timers B, F, H, J (unreliable), L and M.
    pub(crate) fn t1x64(&self) -> Duration {
        self.t1.saturating_mul(64)
    }

    /// The first retransmit interval (A, E, G), or `None` on reliable
    /// transports, which never retransmit (§17.1.1.2, §17.1.2.2, §17.2.1).
    pub(crate) fn retransmit(&self) -> Option<Duration> {
        (!self.reliable).then_some(self.t1)
    }

    /// Timer D: 32 s unreliable, zero reliable (§17.1.1.2).
    pub(crate) fn d(&self) -> Duration {
        self.unreliable(Duration::from_secs(32))
    }

    /// Timers I and K: T4 unreliable, zero reliable.
    pub(crate) fn t4_or_zero(&self) -> Duration {
        self.unreliable(self.t4)
    }

    /// Timer J: 64·T1 unreliable, zero reliable.
    pub(crate) fn j(&self) -> Duration {
        self.unreliable(self.t1x64())
    }

    fn unreliable(&self, d: Duration) -> Duration {
        if self.reliable { Duration::ZERO } else { d }
    }
}

/// What a machine hands to the TU.
#[derive(Debug)]
pub(crate) enum Up {
    Ack(Request),
    Response(Response),
    Timeout,
}

/// A machine's output from one input.
#[derive(Debug, Default)]
pub(crate) struct Out {
    pub(crate) send: Vec<Message>,
    pub(crate) up: Vec<Up>,
}

impl Out {
    pub(crate) fn send_request(&mut self, request: Request) {
        self.send.push(Message::Request(request));
    }

    pub(crate) fn send_response(&mut self, response: Response) {
        self.send.push(Message::Response(response));
    }

    pub(crate) fn up(&mut self, up: Up) {
        self.up.push(up);
    }
}
