//! The CPNI gate request a signed-in visitor's page makes (ARCHITECTURE.md
//! principle 3; 47 CFR 64.2010): the person as the accessor, the purpose
//! their role may name (`compliance::roles_for`), and the client address
//! as the audit record's source. A customer's own people read for
//! self-service (64.2010(c)); the carrier's and the reseller's staff for
//! providing the service (64.2005(a)); the security officer for fraud
//! protection (222(d)(2)).

use access::Role;
use axum::http::StatusCode;
use axum::response::Response;
use compliance::{Accessor, CpniRequest, Purpose};
use store::StoreError;

use crate::ClientAddr;
use crate::auth::Visitor;

/// The purpose a `role` reads CPNI for on the portal.
pub(crate) fn purpose_of(role: Role) -> Purpose {
    match role {
        Role::CustomerAdmin | Role::User => Purpose::CustomerSelfService,
        Role::SecurityOfficer => Purpose::FraudProtection,
        _ => Purpose::ServiceProvision,
    }
}

/// The gate request of `visitor` from `client`, if they are signed in.
pub(crate) fn request(visitor: &Visitor, client: Option<ClientAddr>) -> Option<CpniRequest> {
    let actor = visitor.actor.clone()?;
    let purpose = purpose_of(actor.role);
    let source = client.map_or_else(|| "portal".to_owned(), |c| c.0.to_string());
    Some(CpniRequest { accessor: Accessor::Person(actor), purpose, source })
}

/// The page for a store error on a gated read: a refusal by the gate is a
/// 403 that names nothing; anything else is a 500.
pub(crate) fn refused_or_internal(path: &str, error: &StoreError) -> Response {
    if matches!(error, StoreError::CpniDenied(_)) {
        crate::refusal(path, StatusCode::FORBIDDEN, "forbidden", "You may not see these records.")
    } else {
        super::sign_in::internal(error)
    }
}
