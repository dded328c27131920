//! Any description the model can hold (with grammar-valid words) prints
//! into text that parses back to an equal description.

use proptest::prelude::*;
use sdp::{Attribute, Connection, Field, Limits, MediaDescription, Origin, SessionDescription, Timing};

fn word() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9.:/_-]{1,12}"
}

fn text() -> impl Strategy<Value = String> {
    "[ -~]{0,24}"
}

fn connection() -> impl Strategy<Value = Connection> {
    (word(), word(), word()).prop_map(|(net_type, addr_type, address)| Connection { net_type, addr_type, address })
}

fn attribute() -> impl Strategy<Value = Attribute> {
    ("[a-z][a-z0-9-]{0,10}", proptest::option::of(text())).prop_map(|(name, value)| Attribute { name, value })
}

fn fields(kinds: &'static str) -> impl Strategy<Value = Vec<Field>> {
    let kind = proptest::sample::select(kinds.chars().collect::<Vec<_>>());
    let fields = proptest::collection::vec((kind, text()).prop_map(|(kind, value)| Field { kind, value }), 0..4);
    fields.prop_map(|mut f| {
        f.sort_by_key(|field| "iuepbzk".find(field.kind));
        f
    })
}

fn media() -> impl Strategy<Value = MediaDescription> {
    let head = ("[a-z]{1,8}", any::<u16>(), proptest::option::of(any::<u16>()), word());
    let body = (
        proptest::collection::vec("[0-9]{1,3}", 0..6),
        proptest::collection::vec(connection(), 0..2),
        proptest::collection::vec(attribute(), 0..6),
        fields("ibk"),
    );
    (head, body).prop_map(|((kind, port, port_count, proto), (formats, connections, attributes, other))| {
        MediaDescription { kind, port, port_count, proto, formats, connections, attributes, other }
    })
}

fn origin() -> impl Strategy<Value = Origin> {
    (word(), "[0-9]{1,20}", any::<u64>(), word(), word(), word()).prop_map(
        |(username, session_id, session_version, net_type, addr_type, address)| Origin {
            username,
            session_id,
            session_version,
            net_type,
            addr_type,
            address,
        },
    )
}

fn timing() -> impl Strategy<Value = Timing> {
    (any::<u64>(), any::<u64>(), proptest::collection::vec(text(), 0..2)).prop_map(|(start, stop, repeats)| Timing {
        start,
        stop,
        repeats,
    })
}

fn description() -> impl Strategy<Value = SessionDescription> {
    let head = (origin(), text(), proptest::option::of(connection()), proptest::collection::vec(timing(), 0..3));
    let body =
        (proptest::collection::vec(attribute(), 0..5), proptest::collection::vec(media(), 0..4), fields("iuepbzk"));
    (head, body).prop_map(|((origin, session_name, connection, timing), (attributes, media, other))| {
        SessionDescription { origin, session_name, connection, timing, attributes, media, other }
    })
}

proptest! {
    #[test]
    fn printed_descriptions_parse_back_equal(sdp in description()) {
        let bytes = sdp.to_bytes();
        let parsed = sdp::parse(&bytes, &Limits { max_bytes: 1 << 20, ..Limits::default() });
        prop_assert_eq!(parsed, Ok(sdp));
    }
}
