//! The proof of an allow decision. Its fields are private and its only
//! constructor is private to this crate, called by
//! [`decide`](super::decide) on an allow: code elsewhere cannot make one.
//!
//! ```compile_fail
//! // Outside the crate a Permit cannot be built…
//! let permit = compliance::Permit { customer: model::TenantId("c".into()), data: compliance::CpniKind::CallDetail, purpose: compliance::Purpose::Billing };
//! ```
//!
//! ```compile_fail
//! // …nor through its constructor.
//! # fn f(input: &compliance::GateInput<'_>) {
//! let permit = compliance::Permit::new(input);
//! # }
//! ```

use access::PersonId;
use model::TenantId;

use super::{CpniKind, GateInput};
use crate::purpose::Purpose;

/// Proof that the gate allowed `purpose` reads of `data` of `customer`,
/// only of `owner`'s records when the decision was about one person's.
/// Not `Clone`: each read holds the permit of its own decision.
#[derive(Debug, PartialEq, Eq)]
pub struct Permit {
    customer: TenantId,
    data: CpniKind,
    purpose: Purpose,
    owner: Option<PersonId>,
}

impl Permit {
    pub(super) fn new(input: &GateInput<'_>) -> Self {
        Self {
            customer: input.customer.leaf().clone(),
            data: input.data,
            purpose: input.purpose.clone(),
            owner: input.owner.cloned(),
        }
    }

    /// The person whose records alone it allows; none for the whole customer's.
    pub fn owner(&self) -> Option<&PersonId> {
        self.owner.as_ref()
    }

    /// The customer whose CPNI it allows.
    pub fn customer(&self) -> &TenantId {
        &self.customer
    }

    /// The kind of CPNI it allows.
    pub fn data(&self) -> CpniKind {
        self.data
    }

    /// The purpose it was allowed for.
    pub fn purpose(&self) -> &Purpose {
        &self.purpose
    }
}
