//! Pointing a description at the B2BUA's RTP relay (issue 4): the relay
//! receives media, so the `c=` lines, the audio port and `a=rtcp`
//! (RFC 3605) must name the relay, and the changed description gets a new
//! `o=` version (RFC 3264 §8: "the version number ... MUST be incremented").
//!
//! An unspecified address (`c=0.0.0.0`, RFC 3264 §8.4 hold) is kept
//! unspecified, in the relay's address family, so that the hold survives
//! the relay.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::model::SessionDescription;
use crate::{Attribute, Connection, MediaDescription, Rtcp, SdpError};

/// Rewrites `sdp` so that its audio is received at `addr:port`, RTCP at
/// `port + 1` when `a=rtcp` was present. An audio section that had no
/// address at all (no session or media `c=`) gets a media-level one. Fails with [`SdpError::NoAudio`]
/// when there is no audio section with a port other than 0.
pub fn rewrite_connection(sdp: &mut SessionDescription, addr: IpAddr, port: u16) -> Result<(), SdpError> {
    let audio = sdp.media.iter().position(|m| m.is_audio() && m.port != 0).ok_or(SdpError::NoAudio)?;
    if let Some(connection) = &mut sdp.connection {
        *connection = relay_connection(connection, addr);
    }
    for media in &mut sdp.media {
        media.connections.iter_mut().for_each(|c| *c = relay_connection(c, addr));
    }
    rewrite_audio(&mut sdp.media[audio], addr, port, sdp.connection.is_some());
    sdp.origin.session_version = sdp.origin.session_version.wrapping_add(1);
    Ok(())
}

/// The relay's address, or the unspecified address of its family on hold.
fn relay_connection(old: &Connection, addr: IpAddr) -> Connection {
    if !old.is_unspecified() {
        return Connection::new(addr);
    }
    Connection::new(match addr {
        IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
    })
}

fn rewrite_audio(media: &mut MediaDescription, addr: IpAddr, port: u16, has_session_connection: bool) {
    media.port = port;
    if media.connections.is_empty() && !has_session_connection {
        media.connections.push(Connection::new(addr));
    }
    let Some(rtcp) = media.rtcp() else { return };
    let connection = rtcp.connection.as_ref().map(|c| relay_connection(c, addr));
    let value = Rtcp { port: port.wrapping_add(1), connection }.value();
    media.attributes.retain(|a| !a.name.eq_ignore_ascii_case("rtcp"));
    media.attributes.push(Attribute::new("rtcp", value));
}
