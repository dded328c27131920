//! The media side of a call (issue 4 item 3): the relay's port pairs and the
//! SDP of both legs rewritten to point at them. RFC 3264 §5 and §6: an offer
//! or answer names the address its sender wants media on, so each side is
//! told callvault's relay port facing it instead of the other phone's
//! address, and the relay learns the real address to forward to. A hold
//! (RFC 3264 §8.4: `a=sendonly`/`inactive`, or `c=0.0.0.0`) passes through,
//! still pointed at the relay.

use std::net::{IpAddr, SocketAddr};
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
    /// Media through `relay`, advertised at `ip`.
    pub(crate) fn relayed(relay: Relay, ip: IpAddr) -> Self {
        Self { relay: Some(relay), ip: Some(ip) }
    }

    /// The SDP body `from` sent, rewritten for the other side; a body that
    /// is not SDP with audio passes unchanged.
    pub(crate) fn rewrite(&mut self, from: MediaSide, body: Vec<u8>) -> Vec<u8> {
        let (Some(relay), Some(ip)) = (&self.relay, self.ip) else { return body };
        let Ok(mut description) = sdp::parse(&body, &sdp::Limits::default()) else { return body };
        if let Some(wanted) = audio_address(&description) {
            relay.set_remote(from, wanted);
        }
        let facing_other = match from {
            MediaSide::A => relay.port_for_b(),
            MediaSide::B => relay.port_for_a(),
        };
        match sdp::rewrite_connection(&mut description, ip, facing_other.port()) {
            Ok(()) => description.to_bytes(),
            Err(_) => body,
        }
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

/// Where the sender of `description` wants its audio, unless on hold.
fn audio_address(description: &sdp::SessionDescription) -> Option<SocketAddr> {
    let audio = description.audio()?;
    let ip = description.connection_of(audio)?.ip()?;
    (!ip.is_unspecified() && audio.port != 0).then(|| SocketAddr::new(ip, audio.port))
}
