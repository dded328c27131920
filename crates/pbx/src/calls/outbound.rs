//! Calls out through a trunk (issue 4 items 2 and 3): the Request-URI is
//! the number at the trunk's host (RFC 3261 §19.1.1, with `transport=` for
//! a stream, §19.1.4), leg B presents the customer's outbound caller ID.
//! Emergency calls (47 CFR §9.3) go as dialled and are logged
//! prominently, without the caller's number.

use std::sync::Arc;

use model::SipTransport;
use sip::Uri;

use super::dialplan::{Route, Target};
use super::routing::Routing;
use super::trunks::{Trunk, Trunking};
use crate::registrar::Caller;

/// The route of `number` out through `caller`'s trunk; `None` without one.
pub(crate) fn route(trunking: &Trunking, caller: &Caller, number: String, emergency: bool) -> Option<Route> {
    let Some(trunk) = trunking.trunk_for(&caller.customer.id) else {
        if emergency {
            tracing::error!(customer = %caller.customer.slug, "EMERGENCY CALL cannot be placed: no trunk configured");
        }
        return None;
    };
    if emergency {
        tracing::warn!(customer = %caller.customer.slug, trunk = %trunk.name, "EMERGENCY CALL routed to trunk");
    }
    let target = trunk_target(trunk, &number)?;
    let caller_id = trunking.policy(&caller.customer.id).caller_id;
    let routing = Routing::outbound(Arc::clone(trunk), caller_id, emergency);
    Some(Route { callee: number, targets: vec![target], routing })
}

/// The fork target for `number` at `trunk`.
pub(crate) fn trunk_target(trunk: &Trunk, number: &str) -> Option<Target> {
    let param = match trunk.transport {
        SipTransport::Udp => "",
        SipTransport::Tcp => ";transport=tcp",
        SipTransport::Tls => ";transport=tls",
    };
    let uri: Uri = format!("sip:{number}@{}:{}{param}", trunk.host, trunk.addr.port()).parse().ok()?;
    Some(Target { uri, peer: trunk.peer() })
}
