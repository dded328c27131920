//! Parsing session descriptions (RFC 8866 §5, §9 grammar).
//!
//! `v=`, `o=` and `s=` must come first and in that order; after them the
//! session-level fields may come in any order (agents in the field do not
//! all follow §5's order), and each `m=` starts a media section that may
//! hold only `i= c= b= k= a=`. Lines end in CRLF or a bare LF; blank lines
//! are skipped. Unknown type letters are rejected (§5). Attributes and the
//! fields the model does not type are kept verbatim. Every limit is checked
//! before the text is walked, so the work is linear in the input.

use crate::model::{Connection, Field, Origin, SessionDescription, Timing};
use crate::{Attribute, MediaDescription, SdpError};

/// Size bounds; exceeding any is an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of the whole description.
    pub max_bytes: usize,
    /// Non-blank lines.
    pub max_lines: usize,
    /// `m=` sections.
    pub max_media: usize,
}

impl Default for Limits {
    /// 16 KiB, 512 lines, 16 media sections: far above any phone's offer.
    fn default() -> Self {
        Self { max_bytes: 16 * 1024, max_lines: 512, max_media: 16 }
    }
}

/// One `<type>=<value>` line and its 1-based number.
#[derive(Clone, Copy)]
struct Line<'a> {
    number: usize,
    kind: char,
    value: &'a str,
}

impl Line<'_> {
    fn malformed(&self) -> SdpError {
        SdpError::Malformed { line: self.number, field: self.kind }
    }

    fn out_of_order(&self) -> SdpError {
        SdpError::OutOfOrder { line: self.number, field: self.kind }
    }

    /// The error for a letter not allowed where it stands.
    fn misplaced(&self) -> SdpError {
        if "vosiuepcbtrzkam".contains(self.kind) {
            self.out_of_order()
        } else {
            SdpError::UnknownType { line: self.number, field: self.kind }
        }
    }
}

/// Parses one session description.
pub fn parse(bytes: &[u8], limits: &Limits) -> Result<SessionDescription, SdpError> {
    if bytes.len() > limits.max_bytes {
        return Err(SdpError::TooLarge { limit: limits.max_bytes });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| SdpError::NotUtf8)?;
    let lines = split_lines(text, limits)?;
    let mut lines = lines.into_iter().peekable();
    let mut session = head(&mut lines)?;
    session_fields(&mut lines, &mut session)?;
    while let Some(m) = lines.next() {
        if session.media.len() == limits.max_media {
            return Err(SdpError::TooManyMedia { limit: limits.max_media });
        }
        session.media.push(media_section(m, &mut lines)?);
    }
    in_print_order(&mut session.other);
    session.media.iter_mut().for_each(|m| in_print_order(&mut m.other));
    Ok(session)
}

/// Sorts verbatim fields (stably) into the order they print in, so that a
/// printed description parses back to an equal one.
fn in_print_order(fields: &mut [Field]) {
    fields.sort_by_key(|f| "iuepbzk".find(f.kind));
}

type Lines<'a> = std::iter::Peekable<std::vec::IntoIter<Line<'a>>>;

/// Splits into typed lines, skipping blank ones.
fn split_lines<'a>(text: &'a str, limits: &Limits) -> Result<Vec<Line<'a>>, SdpError> {
    let mut lines = Vec::new();
    for (index, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.is_empty() {
            continue;
        }
        if lines.len() == limits.max_lines {
            return Err(SdpError::TooManyLines { limit: limits.max_lines });
        }
        lines.push(split_line(index + 1, raw)?);
    }
    if lines.is_empty() { Err(SdpError::Empty) } else { Ok(lines) }
}

fn split_line(number: usize, raw: &str) -> Result<Line<'_>, SdpError> {
    match raw.as_bytes() {
        [kind, b'=', ..] if kind.is_ascii_lowercase() => Ok(Line { number, kind: char::from(*kind), value: &raw[2..] }),
        _ => Err(SdpError::BadLine { line: number }),
    }
}

/// The next line, which must be of `kind`.
fn expect<'a>(lines: &mut Lines<'a>, kind: char) -> Result<Line<'a>, SdpError> {
    lines.next_if(|l| l.kind == kind).ok_or(SdpError::Missing(kind))
}

/// `v=0`, `o=`, `s=` (§5.1–§5.3).
fn head(lines: &mut Lines<'_>) -> Result<SessionDescription, SdpError> {
    let version = expect(lines, 'v')?;
    if version.value != "0" {
        return Err(SdpError::Version { line: version.number });
    }
    let origin = origin(expect(lines, 'o')?)?;
    let session_name = expect(lines, 's')?.value.to_owned();
    let (connection, timing, attributes, media, other) = (None, vec![], vec![], vec![], vec![]);
    Ok(SessionDescription { origin, session_name, connection, timing, attributes, media, other })
}

/// The session-level lines up to the first `m=`.
fn session_fields(lines: &mut Lines<'_>, session: &mut SessionDescription) -> Result<(), SdpError> {
    while let Some(line) = lines.next_if(|l| l.kind != 'm') {
        match line.kind {
            'i' | 'u' | 'e' | 'p' | 'b' | 'z' | 'k' => session.other.push(verbatim(line)),
            'c' if session.connection.is_none() => session.connection = Some(connection(line)?),
            't' => session.timing.push(timing(line)?),
            'r' => session.timing.last_mut().ok_or(line.out_of_order())?.repeats.push(line.value.to_owned()),
            'a' => session.attributes.push(Attribute::parse(line.value)),
            _ => return Err(line.misplaced()),
        }
    }
    Ok(())
}

/// An `m=` line and the media-level lines after it.
fn media_section(m: Line<'_>, lines: &mut Lines<'_>) -> Result<MediaDescription, SdpError> {
    let mut media = media_line(m)?;
    while let Some(line) = lines.next_if(|l| l.kind != 'm') {
        match line.kind {
            'i' | 'b' | 'k' => media.other.push(verbatim(line)),
            'c' => media.connections.push(connection(line)?),
            'a' => media.attributes.push(Attribute::parse(line.value)),
            _ => return Err(line.misplaced()),
        }
    }
    Ok(media)
}

fn verbatim(line: Line<'_>) -> Field {
    Field { kind: line.kind, value: line.value.to_owned() }
}

/// Exactly `N` whitespace-separated words.
fn words<const N: usize>(line: Line<'_>) -> Result<[&str; N], SdpError> {
    let mut split = line.value.split_ascii_whitespace();
    let words = std::array::from_fn(|_| split.next().unwrap_or(""));
    if words.iter().any(|w| w.is_empty()) || split.next().is_some() {
        return Err(line.malformed());
    }
    Ok(words)
}

/// `o=` (§5.2).
fn origin(line: Line<'_>) -> Result<Origin, SdpError> {
    let [username, session_id, version, net_type, addr_type, address] = words(line)?;
    Ok(Origin {
        username: username.into(),
        session_id: session_id.into(),
        session_version: version.parse().map_err(|_| line.malformed())?,
        net_type: net_type.into(),
        addr_type: addr_type.into(),
        address: address.into(),
    })
}

/// `c=` (§5.7).
fn connection(line: Line<'_>) -> Result<Connection, SdpError> {
    let [net_type, addr_type, address] = words(line)?;
    Ok(Connection { net_type: net_type.into(), addr_type: addr_type.into(), address: address.into() })
}

/// `t=` (§5.9).
fn timing(line: Line<'_>) -> Result<Timing, SdpError> {
    let [start, stop] = words(line)?;
    let number = |w: &str| w.parse().map_err(|_| line.malformed());
    Ok(Timing { start: number(start)?, stop: number(stop)?, repeats: vec![] })
}

/// `m=<media> <port>[/<count>] <proto> <fmt> ...` (§5.14).
fn media_line(line: Line<'_>) -> Result<MediaDescription, SdpError> {
    let mut words = line.value.split_ascii_whitespace();
    let (Some(kind), Some(port), Some(proto)) = (words.next(), words.next(), words.next()) else {
        return Err(line.malformed());
    };
    let (port, port_count) = match port.split_once('/') {
        Some((port, count)) => (port, Some(count.parse().map_err(|_| line.malformed())?)),
        None => (port, None),
    };
    let port = port.parse().map_err(|_| line.malformed())?;
    let mut media = MediaDescription::new(kind, port, proto, words.map(str::to_owned).collect());
    media.port_count = port_count;
    Ok(media)
}
