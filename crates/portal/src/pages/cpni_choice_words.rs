//! The CPNI choices page in plain words (47 CFR 64.2008(c)(2)-(4): the
//! entities that would receive the information and the customer's right to
//! approve, disapprove or withdraw, "comprehensible and not misleading"):
//! what each `compliance::ApprovalScope` means, the state
//! `compliance::ApprovalStatus` leaves it in, and what a history record did.

use compliance::{ApprovalAction, ApprovalScope, ApprovalStatus, Mechanism, Method};
use jiff::civil::Date;

/// The scope's heading and who would receive or use the information.
pub(super) fn scope_words(scope: ApprovalScope) -> (&'static str, &'static str) {
    match scope {
        ApprovalScope::OwnMarketing => (
            "Our own marketing to you",
            "We use it to offer you other communications services of ours that you do not buy today.",
        ),
        ApprovalScope::AgentsAffiliates => (
            "Our agents and affiliates",
            "We share it with our agents and affiliates that provide communications services, so they can \
             offer those services to you.",
        ),
        ApprovalScope::JointVenturersContractors => (
            "Joint venture partners and independent contractors",
            "We share it with companies we run a joint venture with, and with independent contractors, so \
             they can market communications services to you.",
        ),
        ApprovalScope::ThirdParties => {
            ("Other third parties", "We share it with other companies, for their own marketing to you.")
        }
    }
}

/// What approval the rules require for the scope (64.2007(b)).
pub(super) fn rule_words(scope: ApprovalScope) -> &'static str {
    if scope.opt_out_suffices() {
        "The rules let us rely on a notice you did not object to (opt-out). You can say no at any time."
    } else {
        "The rules require your express approval (opt-in). Without it we never do this."
    }
}

/// The standings of a scope: its state allows use, will allow it from a
/// later day, refuses it, or neither.
const ALLOWED: &str = "allowed";
const PENDING: &str = "pending";
const REFUSED: &str = "refused";
const NONE: &str = "none";

/// The state of a scope on `today`, in plain words, and its standing
/// (`allowed`, `pending`, `refused` or `none`).
pub(super) fn status_words(status: ApprovalStatus, scope: ApprovalScope, today: Date) -> (String, &'static str) {
    match status {
        ApprovalStatus::None if scope.opt_out_suffices() => (
            "No choice recorded. No approval is in effect; if we send you a notice about this, it says how long \
             you have to say no."
                .to_owned(),
            NONE,
        ),
        ApprovalStatus::None => ("No choice recorded, so we do not do this.".to_owned(), NONE),
        ApprovalStatus::OptIn { since } => (format!("Allowed: you opted in, in effect since {since}."), ALLOWED),
        ApprovalStatus::OptOut { effective_on } if effective_on > today => (
            format!(
                "Allowed from {effective_on} because you did not object to our notice (opt-out). Choose \
                 “Do not allow” to stop it."
            ),
            PENDING,
        ),
        ApprovalStatus::OptOut { effective_on } => (
            format!("Allowed because you did not object to our notice (opt-out), in effect since {effective_on}."),
            ALLOWED,
        ),
        ApprovalStatus::Disapproved { since } => {
            (format!("Not allowed: you said no, in effect since {since}."), REFUSED)
        }
    }
}

/// What a history record did.
pub(super) fn action_words(action: ApprovalAction) -> &'static str {
    match action {
        ApprovalAction::Approve(Mechanism::OptIn) => "Allowed (opt-in)",
        ApprovalAction::Approve(Mechanism::OptOut) => "Allowed (no objection to our notice: opt-out)",
        ApprovalAction::Disapprove => "Not allowed",
        ApprovalAction::Revoke => "Earlier choice withdrawn",
    }
}

/// The form a choice took.
pub(super) fn method_words(method: Method) -> &'static str {
    match method {
        Method::Written => "In writing",
        Method::Oral => "By phone",
        Method::Electronic => "Online",
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn an_opt_out_approval_not_yet_effective_says_from_when() {
        let today = date(2026, 3, 1);
        let later = ApprovalStatus::OptOut { effective_on: date(2026, 3, 20) };
        let (words, allowed) = status_words(later, ApprovalScope::OwnMarketing, today);
        assert!(words.starts_with("Allowed from 2026-03-20"), "{words}");
        assert_eq!(allowed, PENDING);
        let no = ApprovalStatus::Disapproved { since: date(2026, 2, 2) };
        assert_eq!(status_words(no, ApprovalScope::ThirdParties, today).1, REFUSED);
    }

    #[test]
    fn every_scope_has_its_own_words() {
        let headings: std::collections::BTreeSet<_> = ApprovalScope::ALL.map(|s| scope_words(s).0).into();
        assert_eq!(headings.len(), ApprovalScope::ALL.len());
    }
}
