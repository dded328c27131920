//! Which way a call goes (issue 4 items 2, 3 and 5): internal, out through
//! a trunk (and whether it is an emergency call), or in from a trunk to a
//! DID; what its CDR records as direction, trunk and DID.

use std::sync::Arc;

use model::CallDirection;

use super::trunks::Trunk;
use crate::registrar::Caller;

/// How a call is routed.
#[derive(Debug, Clone)]
pub(crate) struct Routing {
    /// Inbound, outbound or internal.
    pub(crate) direction: CallDirection,
    /// The trunk it uses, if any.
    pub(crate) trunk: Option<Arc<Trunk>>,
    /// The customer's DID it came in on (inbound) or presented (outbound).
    pub(crate) did: Option<String>,
    /// The number it presents on leg B, instead of the caller's extension.
    pub(crate) presented: Option<String>,
    /// Whether it is an emergency call, exempt from every limit.
    pub(crate) emergency: bool,
}

impl Routing {
    /// An extension-to-extension call.
    pub(crate) fn internal() -> Self {
        Self { direction: CallDirection::Internal, trunk: None, did: None, presented: None, emergency: false }
    }

    /// A call out through `trunk`, presenting `caller_id` when set.
    pub(crate) fn outbound(trunk: Arc<Trunk>, caller_id: Option<String>, emergency: bool) -> Self {
        let (trunk, did) = (Some(trunk), caller_id.clone());
        Self { direction: CallDirection::Outbound, trunk, did, presented: caller_id, emergency }
    }

    /// A call in from `trunk` to `did`, from the external `caller`.
    pub(crate) fn inbound(trunk: Arc<Trunk>, did: String, caller: String) -> Self {
        let (trunk, did, presented) = (Some(trunk), Some(did), Some(caller));
        Self { direction: CallDirection::Inbound, trunk, did, presented, emergency: false }
    }

    /// The caller as the CDR records it: the external number of an inbound
    /// call, else the calling extension.
    pub(crate) fn caller_number(&self, caller: &Caller) -> String {
        match self.direction {
            CallDirection::Inbound => self.presented.clone().unwrap_or_default(),
            _ => caller.extension.number.clone(),
        }
    }

    /// The trunk's name, for the CDR.
    pub(crate) fn trunk_name(&self) -> Option<String> {
        self.trunk.as_ref().map(|t| t.name.clone())
    }
}
