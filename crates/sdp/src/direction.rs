//! Direction attributes (RFC 3264 §5.1, §6.1; RFC 8866 §6.7).

use crate::Attribute;

/// `a=sendrecv`, `a=sendonly`, `a=recvonly` or `a=inactive`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Send and receive (the default).
    SendRecv,
    /// Send only.
    SendOnly,
    /// Receive only.
    RecvOnly,
    /// Neither.
    Inactive,
}

impl Direction {
    /// The attribute name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SendRecv => "sendrecv",
            Self::SendOnly => "sendonly",
            Self::RecvOnly => "recvonly",
            Self::Inactive => "inactive",
        }
    }

    /// The direction an attribute name denotes.
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::SendRecv, Self::SendOnly, Self::RecvOnly, Self::Inactive].into_iter().find(|d| d.as_str() == name)
    }

    /// The first direction attribute in a list.
    pub(crate) fn find(attributes: &[Attribute]) -> Option<Self> {
        attributes.iter().find_map(|a| Self::from_name(&a.name))
    }

    /// Whether the author of this direction sends media.
    pub fn sends(self) -> bool {
        matches!(self, Self::SendRecv | Self::SendOnly)
    }

    /// Whether the author of this direction receives media.
    pub fn receives(self) -> bool {
        matches!(self, Self::SendRecv | Self::RecvOnly)
    }

    /// The direction with these send/receive capabilities.
    pub fn from_flags(sends: bool, receives: bool) -> Self {
        match (sends, receives) {
            (true, true) => Self::SendRecv,
            (true, false) => Self::SendOnly,
            (false, true) => Self::RecvOnly,
            (false, false) => Self::Inactive,
        }
    }

    /// The answer's direction to this offered one (RFC 3264 §6.1):
    /// sendonly ↔ recvonly, inactive stays inactive, sendrecv stays sendrecv.
    pub fn reversed(self) -> Self {
        Self::from_flags(self.receives(), self.sends())
    }
}

impl std::fmt::Display for Direction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
