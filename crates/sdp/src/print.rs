//! Printing session descriptions in RFC 8866 §5 order, CRLF line ends.
//!
//! Session level: `v o s i u e p c b t r z k a`, then each media section
//! as `m i c b k a`. Verbatim fields keep their relative order.

use std::fmt::{self, Display, Formatter};

use crate::model::{Connection, Field, Origin, SessionDescription, Timing};
use crate::{Attribute, MediaDescription};

impl SessionDescription {
    /// The description as bytes, ready for a SIP body.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.to_string().into_bytes()
    }
}

impl Display for SessionDescription {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str("v=0\r\n")?;
        write!(f, "o={}\r\ns={}\r\n", self.origin, self.session_name)?;
        fields(f, &self.other, "iuep")?;
        if let Some(c) = &self.connection {
            write!(f, "c={c}\r\n")?;
        }
        fields(f, &self.other, "b")?;
        self.timing.iter().try_for_each(|t| write!(f, "{t}"))?;
        fields(f, &self.other, "zk")?;
        attributes(f, &self.attributes)?;
        self.media.iter().try_for_each(|m| write!(f, "{m}"))
    }
}

impl Display for MediaDescription {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "m={} {}", self.kind, self.port)?;
        if let Some(count) = self.port_count {
            write!(f, "/{count}")?;
        }
        write!(f, " {}", self.proto)?;
        self.formats.iter().try_for_each(|fmt| write!(f, " {fmt}"))?;
        f.write_str("\r\n")?;
        fields(f, &self.other, "i")?;
        self.connections.iter().try_for_each(|c| write!(f, "c={c}\r\n"))?;
        fields(f, &self.other, "bk")?;
        attributes(f, &self.attributes)
    }
}

/// The verbatim fields whose letter is in `kinds`, in `kinds` order.
fn fields(f: &mut Formatter<'_>, other: &[Field], kinds: &str) -> fmt::Result {
    for kind in kinds.chars() {
        for field in other.iter().filter(|field| field.kind == kind) {
            write!(f, "{}={}\r\n", field.kind, field.value)?;
        }
    }
    Ok(())
}

fn attributes(f: &mut Formatter<'_>, attributes: &[Attribute]) -> fmt::Result {
    attributes.iter().try_for_each(|a| write!(f, "a={a}\r\n"))
}

impl Display for Attribute {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        match &self.value {
            Some(value) => write!(f, ":{value}"),
            None => Ok(()),
        }
    }
}

impl Display for Origin {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let Self { username, session_id, session_version, net_type, addr_type, address } = self;
        write!(f, "{username} {session_id} {session_version} {net_type} {addr_type} {address}")
    }
}

impl Display for Connection {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.net_type, self.addr_type, self.address)
    }
}

impl Display for Timing {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "t={} {}\r\n", self.start, self.stop)?;
        self.repeats.iter().try_for_each(|r| write!(f, "r={r}\r\n"))
    }
}
