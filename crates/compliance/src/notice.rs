//! Notices of CPNI rights, validated against 47 CFR 64.2008(c), (d), (f)
//! (R5–R9 of `reference/cpni-rules.md`) before anything is sent: a
//! template names the text of each required element, and a template that
//! lacks one, or whose text says something the rule forbids, is refused
//! with the element named.
//!
//! Required ([`Element`]), by kind:
//! - every notice: the customer's right and the carrier's duty to protect
//!   CPNI ((c)(1)); the types of CPNI, the purposes and the right to
//!   disapprove or withdraw at any time ((c)(2)); that denial will not
//!   affect the provision of any services ((c)(3));
//! - opt-out and opt-in notices also: the specific entities that will
//!   receive the CPNI ((c)(2)); the precise steps to grant or deny access
//!   ((c)(3)); that approval or denial is valid until revoked ((c)(9));
//! - opt-out notices also: the waiting period before approval is assumed
//!   ((d)(1)) and the opt-out method, free of charge and available 24 hours
//!   a day, seven days a week ((d)(3)(v) for e-mail; our policy for all);
//! - one-time use notices (f) may omit the entities and the precise steps
//!   ((f)(2)(ii)–(iv)) but must say the use is limited to this one call and
//!   that the customer may refuse it.
//!
//! Forbidden anywhere in the text:
//! - encouraging the customer to freeze third-party access ((c)(8));
//! - asking the customer to waive a right (the notice states rights, (c)(1)-(4));
//! - stating or implying that denial affects the provision of service
//!   (contradicts (c)(3); misleading, (c)(4)). A sentence that names a
//!   denial and a harm to service is refused unless it says the service is
//!   *not* affected.
//!
//! The checks on forbidden content match words and phrases after
//! lower-casing, conservatively: a refused template only costs a rewrite.

use std::collections::BTreeMap;

use crate::Error;

/// What kind of notice a template is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// Opt-out notice (64.2008(d)): written or electronic.
    OptOut,
    /// Opt-in notice (64.2008(e)).
    OptIn,
    /// Oral notice for one-time use during one call (64.2008(f)).
    OneTime,
}

impl NoticeKind {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::OptOut => "opt_out",
            Self::OptIn => "opt_in",
            Self::OneTime => "one_time",
        }
    }

    /// The kind with this code (`-` and `_` alike).
    pub fn parse(code: &str) -> Result<Self, Error> {
        let code = code.replace('-', "_");
        [Self::OptOut, Self::OptIn, Self::OneTime]
            .into_iter()
            .find(|kind| kind.code() == code)
            .ok_or_else(|| Error::UnknownName { kind: "notice kind", name: code.clone() })
    }

    /// The elements a notice of this kind must state.
    pub fn required(self) -> Vec<Element> {
        use Element as E;
        let mut all = vec![E::RightAndDuty, E::CpniTypes, E::Purposes, E::RightToDisapprove, E::ServiceUnaffected];
        match self {
            Self::OptOut => {
                all.extend([E::Recipients, E::StepsToGrantOrDeny, E::ValidUntilRevoked, E::WaitingPeriod]);
                all.push(E::OptOutMethod);
            }
            Self::OptIn => all.extend([E::Recipients, E::StepsToGrantOrDeny, E::ValidUntilRevoked]),
            Self::OneTime => all.push(E::OneTimeScope),
        }
        all
    }
}

/// One element of a notice's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Element {
    /// The customer's right, and the carrier's duty, under federal law to protect CPNI ((c)(1)).
    RightAndDuty,
    /// The types of information that constitute CPNI ((c)(2)).
    CpniTypes,
    /// The specific entities that will receive the CPNI ((c)(2)).
    Recipients,
    /// The purposes for which the CPNI will be used ((c)(2)).
    Purposes,
    /// The right to disapprove those uses, and to deny or withdraw access at any time ((c)(2)).
    RightToDisapprove,
    /// The precise steps to grant or deny access ((c)(3)).
    StepsToGrantOrDeny,
    /// That denial will not affect the provision of any services ((c)(3)).
    ServiceUnaffected,
    /// That any approval or denial is valid until revoked ((c)(9)).
    ValidUntilRevoked,
    /// The waiting period before approval is assumed ((d)(1)).
    WaitingPeriod,
    /// The opt-out method, at no cost, 24 hours a day, 7 days a week ((d)(3)(v)).
    OptOutMethod,
    /// One-time use: limited to this call, and the customer may refuse ((f)(2)).
    OneTimeScope,
}

impl Element {
    /// Every element.
    pub const ALL: [Self; 11] = [
        Self::RightAndDuty,
        Self::CpniTypes,
        Self::Recipients,
        Self::Purposes,
        Self::RightToDisapprove,
        Self::StepsToGrantOrDeny,
        Self::ServiceUnaffected,
        Self::ValidUntilRevoked,
        Self::WaitingPeriod,
        Self::OptOutMethod,
        Self::OneTimeScope,
    ];

    /// The stable code (a template's section name).
    pub fn code(self) -> &'static str {
        match self {
            Self::RightAndDuty => "right_and_duty",
            Self::CpniTypes => "cpni_types",
            Self::Recipients => "recipients",
            Self::Purposes => "purposes",
            Self::RightToDisapprove => "right_to_disapprove",
            Self::StepsToGrantOrDeny => "steps_to_grant_or_deny",
            Self::ServiceUnaffected => "service_unaffected",
            Self::ValidUntilRevoked => "valid_until_revoked",
            Self::WaitingPeriod => "waiting_period",
            Self::OptOutMethod => "opt_out_method",
            Self::OneTimeScope => "one_time_scope",
        }
    }

    /// The element with this code (`-` and `_` alike).
    pub fn parse(code: &str) -> Result<Self, Error> {
        let code = code.replace('-', "_");
        Self::ALL
            .into_iter()
            .find(|element| element.code() == code)
            .ok_or_else(|| Error::UnknownName { kind: "notice element", name: code.clone() })
    }

    /// What the element is, with its paragraph, as error messages name it.
    pub fn describe(self) -> &'static str {
        match self {
            Self::RightAndDuty => "the customer's right and the carrier's duty to protect CPNI (47 CFR 64.2008(c)(1))",
            Self::CpniTypes => "the types of information that constitute CPNI (47 CFR 64.2008(c)(2))",
            Self::Recipients => "the specific entities that will receive the CPNI (47 CFR 64.2008(c)(2))",
            Self::Purposes => "the purposes for which the CPNI will be used (47 CFR 64.2008(c)(2))",
            Self::RightToDisapprove => {
                "the right to disapprove and to deny or withdraw access at any time \
                                        (47 CFR 64.2008(c)(2))"
            }
            Self::StepsToGrantOrDeny => "the precise steps to grant or deny access (47 CFR 64.2008(c)(3))",
            Self::ServiceUnaffected => {
                "that denial will not affect the provision of any services \
                                        (47 CFR 64.2008(c)(3))"
            }
            Self::ValidUntilRevoked => "that approval or denial is valid until revoked (47 CFR 64.2008(c)(9))",
            Self::WaitingPeriod => "the waiting period before approval is assumed (47 CFR 64.2008(d)(1))",
            Self::OptOutMethod => {
                "the opt-out method, free and available 24 hours a day, 7 days a week \
                                   (47 CFR 64.2008(d)(3)(v))"
            }
            Self::OneTimeScope => {
                "that the use is limited to this one call and may be refused \
                                   (47 CFR 64.2008(f)(2))"
            }
        }
    }
}

/// A notice template: its kind, version and the text of each element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeTemplate {
    /// Opt-out, opt-in or one-time.
    pub kind: NoticeKind,
    /// Its version (recorded with each notice sent, R6).
    pub version: String,
    /// The text stating each element.
    pub sections: BTreeMap<Element, String>,
}

/// Longest text of one section.
const SECTION_MAX: usize = 4_000;

impl NoticeTemplate {
    /// Refuses a template that lacks a required element or says something forbidden.
    pub fn validate(&self) -> Result<(), Error> {
        crate::purpose::check_reference("notice template version", &self.version)?;
        for element in self.kind.required() {
            let text = self.sections.get(&element).map(|text| text.trim()).unwrap_or_default();
            if text.is_empty() {
                return Err(Error::MissingElement { document: "CPNI notice", element: element.describe() });
            }
        }
        for (element, text) in &self.sections {
            if text.chars().count() > SECTION_MAX {
                return Err(Error::BadReference(element.describe()));
            }
            forbidden(text)?;
        }
        Ok(())
    }

    /// The notice's full text, element by element in their order.
    pub fn text(&self) -> String {
        self.sections.values().map(|text| text.trim()).collect::<Vec<_>>().join("\n\n")
    }
}

/// The first forbidden statement in `text`.
fn forbidden(text: &str) -> Result<(), Error> {
    for sentence in sentences(text) {
        let has = |words: &[&str]| words.iter().any(|word| sentence.contains(word));
        if has(&["freeze", "freezing", "lock third", "block third-party access", "block third party access"]) {
            return Err(forbidden_error(
                "encouraging the customer to freeze third-party access (47 CFR 64.2008(c)(8))",
            ));
        }
        if has(&["waive", "waiver", "waiving", "give up your right", "relinquish"]) {
            return Err(forbidden_error("a request to waive the customer's rights (47 CFR 64.2008(c)(1)-(4))"));
        }
        if denial_harms_service(&sentence) {
            return Err(forbidden_error(
                "a statement that denial affects the provision of service (47 CFR 64.2008(c)(3), (c)(4))",
            ));
        }
    }
    Ok(())
}

fn forbidden_error(what: &'static str) -> Error {
    Error::ForbiddenContent { document: "CPNI notice", what }
}

/// A sentence naming a denial and a harm to service, without saying the service is not affected.
fn denial_harms_service(sentence: &str) -> bool {
    const DENIAL: &[&str] = &["deny", "denial", "refus", "opt out", "opt-out", "disapprov", "declin", "withdraw"];
    const HARM: &[&str] = &[
        "affect your service",
        "affect the service",
        "affect service",
        "affect the provision",
        "interrupt",
        "suspend",
        "terminat",
        "discontinu",
        "lose your service",
        "lose service",
        "loss of service",
        "degrad",
        "cancel your service",
        "unable to provide",
        "not be able to provide",
        "cannot provide",
    ];
    const REASSURANCE: &[&str] = &["will not affect", "does not affect", "won't affect", "not affect", "no effect on"];
    let has = |words: &[&str]| words.iter().any(|word| sentence.contains(word));
    has(DENIAL) && has(HARM) && !has(REASSURANCE)
}

/// `text` lower-cased and split into sentences.
fn sentences(text: &str) -> Vec<String> {
    let lower = text.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'");
    lower.split(['.', '!', '?', ';', '\n']).map(|part| part.split_whitespace().collect::<Vec<_>>().join(" ")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete(kind: NoticeKind) -> NoticeTemplate {
        let text = |element: Element| match element {
            Element::RightAndDuty => {
                "You have a right, and we have a duty, under federal law to protect the \
                                      confidentiality of your CPNI."
            }
            Element::CpniTypes => "CPNI includes the services you buy, how much you use them and your call detail.",
            Element::Recipients => "We share it only with Example Voice Affiliates LLC.",
            Element::Purposes => "We use it to offer you communications services that fit your needs.",
            Element::RightToDisapprove => "You may disapprove, and you may deny or withdraw our access at any time.",
            Element::StepsToGrantOrDeny => "To opt out, call 1-800-555-0100 or use the portal's CPNI page.",
            Element::ServiceUnaffected => "Denying approval will not affect the provision of any services.",
            Element::ValidUntilRevoked => "Your approval or denial remains valid until you revoke it.",
            Element::WaitingPeriod => "Unless you opt out within 30 days, we will assume your approval.",
            Element::OptOutMethod => "Opting out is free and available 24 hours a day, seven days a week.",
            Element::OneTimeScope => "This use is limited to this call only, and you may refuse it.",
        };
        let sections = kind.required().into_iter().map(|element| (element, text(element).to_owned())).collect();
        NoticeTemplate { kind, version: "2026-11".into(), sections }
    }

    #[test]
    fn complete_templates_pass() {
        for kind in [NoticeKind::OptOut, NoticeKind::OptIn, NoticeKind::OneTime] {
            assert_eq!(complete(kind).validate(), Ok(()), "{kind:?}");
        }
    }

    #[test]
    fn every_missing_or_blank_element_is_named() {
        for kind in [NoticeKind::OptOut, NoticeKind::OptIn, NoticeKind::OneTime] {
            for element in kind.required() {
                let mut template = complete(kind);
                template.sections.remove(&element);
                let expected = Error::MissingElement { document: "CPNI notice", element: element.describe() };
                assert_eq!(template.validate(), Err(expected.clone()), "{kind:?} without {element:?}");
                template.sections.insert(element, "   ".into());
                assert_eq!(template.validate(), Err(expected), "{kind:?} with a blank {element:?}");
            }
        }
        let message = {
            let mut template = complete(NoticeKind::OptOut);
            template.sections.remove(&Element::WaitingPeriod);
            template.validate().unwrap_err().to_string()
        };
        assert!(message.contains("waiting period") && message.contains("64.2008(d)(1)"), "{message}");
    }

    #[test]
    fn one_time_notices_may_omit_recipients_and_steps_but_not_the_scope() {
        let required = NoticeKind::OneTime.required();
        assert!(!required.contains(&Element::Recipients) && !required.contains(&Element::StepsToGrantOrDeny));
        assert!(required.contains(&Element::OneTimeScope) && required.contains(&Element::ServiceUnaffected));
        assert!(!NoticeKind::OptIn.required().contains(&Element::WaitingPeriod), "the wait is an opt-out rule");
    }

    #[test]
    fn forbidden_statements_are_refused_wherever_they_are() {
        let cases = [
            ("We recommend that you freeze third-party access to your CPNI.", "freeze"),
            ("By continuing you waive your right to object.", "waive"),
            ("If you opt out, your service may be interrupted.", "denial affects"),
            ("Customers who deny approval may lose service features.", "denial affects"),
            ("Refusal will affect the provision of your account's services.", "denial affects"),
            ("Declining may degrade call quality.", "denial affects"),
        ];
        for (sentence, what) in cases {
            let mut template = complete(NoticeKind::OptOut);
            template.sections.entry(Element::Purposes).and_modify(|text| *text = format!("{text} {sentence}"));
            let message = template.validate().unwrap_err().to_string();
            assert!(message.contains(what), "{sentence}: {message}");
        }
    }

    #[test]
    fn reassurance_and_permitted_statements_pass() {
        let mut template = complete(NoticeKind::OptIn);
        let allowed = [
            "If you deny approval, this will not affect your service or its price.",
            "Your approval may enhance our ability to offer products tailored to your needs.",
            "We may be compelled to disclose CPNI upon your affirmative written request.",
        ];
        template.sections.insert(Element::Purposes, allowed.join(" "));
        assert_eq!(template.validate(), Ok(()));
    }

    #[test]
    fn codes_round_trip() {
        for element in Element::ALL {
            assert_eq!(Element::parse(element.code()).unwrap(), element);
        }
        assert_eq!(NoticeKind::parse("one-time").unwrap(), NoticeKind::OneTime);
        assert!(Element::parse("signature").is_err());
    }
}
