//! callvault's domain types, free of any runtime: tenants in their tree,
//! extensions and the registrations (location bindings, RFC 3261 §10) of
//! their phones.

mod clock;
mod ids;
mod registration;
mod tenant;

pub use clock::now_unix_ms;
pub use ids::{ExtensionId, TenantId};
pub use registration::{Aor, Binding, SipTransport};
pub use tenant::{Extension, SipSecret, Tenant, TenantKind};
