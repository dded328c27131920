//! callvault's domain types, free of any runtime: tenants in their tree,
//! extensions and the registrations (location bindings, RFC 3261 §10) of
//! their phones.

mod cdr;
mod clock;
mod ids;
mod payment;
mod pii;
mod registration;
mod tenant;

pub use cdr::{CallDirection, Cdr, CdrId, Disposition, HangupSide};
pub use clock::now_unix_ms;
pub use ids::{ExtensionId, TenantId};
pub use payment::{
    AUTHORIZE_NET_ID_MAX_DIGITS, AuthorizeNetProfile, DwollaFundingSource, PaymentDataRefused, PaymentError,
    PaymentLabel, PaymentMethod, PaymentMethodId, PaymentReference, Processor, RefusedNumber, refuse_payment_numbers,
};
pub use pii::{Pii, pii_shown, show_pii};
pub use registration::{Aor, Binding, SipTransport};
pub use tenant::{Extension, SipSecret, Tenant, TenantKind};
