//! Notice templates (minijinja), embedded at build time: per template a
//! subject and an e-mail text, and a short text for the telephone channel.
//!
//! - `change_notice`: its context holds the kind of change and its time
//!   only (`store`'s outbox body), which is all a notice may say under 47
//!   CFR 64.2010(f)(1): "must not reveal the changed information".
//! - `cpni_notice`: an opt-out or opt-in notice (64.2008(d), (e)) by
//!   e-mail: the text the carrier's template states, already validated
//!   against 64.2008(c) when it was queued, under a subject line that says
//!   what it is (64.2008(d)(3)(iv)), and the reminder that a reply opts
//!   out (64.2008(d)(3)(ii)). E-mail only.
//!
//! Unknown kinds and missing fields are errors (strict undefined), never
//! blank notices.

use minijinja::{Environment, UndefinedBehavior, context};
use serde_json::Value;
use store::Channel;

use crate::NotifyError;

const TEMPLATES: &[(&str, &str)] = &[
    ("change_notice.subject", include_str!("../templates/change_notice.subject.txt")),
    ("change_notice.email", include_str!("../templates/change_notice.email.txt")),
    ("change_notice.phone", include_str!("../templates/change_notice.phone.txt")),
    ("cpni_notice.subject", include_str!("../templates/cpni_notice.subject.txt")),
    ("cpni_notice.email", include_str!("../templates/cpni_notice.email.txt")),
];

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The subject (e-mail only).
    pub subject: String,
    /// The text.
    pub text: String,
}

/// The notice templates.
#[derive(Debug)]
pub struct Templates {
    env: Environment<'static>,
    service: String,
}

/// What a change notice calls the thing that changed.
fn what_changed(change: &str) -> Option<&'static str> {
    Some(match change {
        "password" => "password",
        "backup_answers" => "back-up authentication answers",
        "online_account" => "online account",
        "email_of_record" => "e-mail address of record",
        "phone_of_record" => "telephone number of record",
        "disclosure_password" => "password for call detail over the phone",
        _ => return None,
    })
}

impl Templates {
    /// The embedded templates; `service` names the service in the text.
    pub fn new(service: &str) -> Self {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        for (name, source) in TEMPLATES {
            env.add_template(name, source).expect("embedded templates parse");
        }
        Self { env, service: service.to_owned() }
    }

    /// Renders `template` for `channel` from the outbox `body` (JSON).
    pub fn render(&self, template: &str, channel: Channel, body: &str) -> Result<Rendered, NotifyError> {
        let bad = |reason| NotifyError::Template { template: template.to_owned(), reason };
        let body: Value = serde_json::from_str(body).map_err(|_| bad("the context is not JSON"))?;
        let ctx = match template {
            "cpni_notice" if channel == Channel::Email => self.cpni_notice_context(&body),
            "cpni_notice" => Err("a CPNI notice goes by e-mail or mail only"),
            _ => self.change_notice_context(&body),
        }
        .map_err(bad)?;
        let render = |name: String| {
            let template = self.env.get_template(&name).map_err(|_| bad("no such template"))?;
            template.render(&ctx).map_err(|_| bad("rendering failed"))
        };
        let text = render(format!("{template}.{}", channel.as_str()))?;
        let subject = match channel {
            Channel::Email => render(format!("{template}.subject"))?.trim().to_owned(),
            _ => String::new(),
        };
        Ok(Rendered { subject, text })
    }
}

impl Templates {
    fn change_notice_context(&self, body: &Value) -> Result<minijinja::Value, &'static str> {
        let change = body["change"].as_str().ok_or("the context has no change")?;
        let what = what_changed(change).ok_or("unknown kind of change")?;
        let changed_at = body["changed_at"].as_str().ok_or("the context has no time")?;
        let changed_at = readable_time(changed_at).ok_or("the context's time is malformed")?;
        Ok(context! { service => &self.service, what, verb => "changed", changed_at })
    }

    fn cpni_notice_context(&self, body: &Value) -> Result<minijinja::Value, &'static str> {
        let kind = match body["kind"].as_str() {
            Some("opt_out") => "opt-out",
            Some("opt_in") => "opt-in",
            _ => return Err("unknown kind of CPNI notice"),
        };
        let text = body["text"].as_str().filter(|text| !text.trim().is_empty()).ok_or("the notice has no text")?;
        let version = body["version"].as_str().ok_or("the notice has no version")?;
        Ok(context! { service => &self.service, kind, text, version })
    }
}

/// An RFC 3339 time as people read it: `2026-11-22 15:04 UTC`.
fn readable_time(rfc3339: &str) -> Option<String> {
    let at: jiff::Timestamp = rfc3339.parse().ok()?;
    Some(at.strftime("%Y-%m-%d %H:%M UTC").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = r#"{"change":"email_of_record","channel":"email","changed_at":"2026-11-22T15:04:05Z"}"#;

    #[test]
    fn a_change_notice_names_the_kind_and_time_only() {
        let rendered = Templates::new("callvault").render("change_notice", Channel::Email, BODY).unwrap();
        assert_eq!(rendered.subject, "Your callvault account was changed");
        assert!(
            rendered.text.contains(
                "The e-mail address of record of your callvault account was changed on 2026-11-22 15:04 UTC."
            )
        );
        let phone = Templates::new("callvault").render("change_notice", Channel::Phone, BODY).unwrap();
        assert!(phone.text.len() < 160, "{}", phone.text);
    }

    #[test]
    fn a_cpni_notice_carries_its_text_under_a_subject_that_says_what_it_is() {
        let body = r#"{"kind":"opt_out","text":"You have a right ...","version":"2026-11"}"#;
        let rendered = Templates::new("callvault").render("cpni_notice", Channel::Email, body).unwrap();
        assert_eq!(rendered.subject, "callvault: your rights over your customer information (CPNI), opt-out notice");
        assert!(rendered.text.starts_with("You have a right ...") && rendered.text.contains("replying to this e-mail"));
        assert!(Templates::new("callvault").render("cpni_notice", Channel::Phone, body).is_err(), "never by phone");
        let blank = r#"{"kind":"opt_out","text":" ","version":"2026-11"}"#;
        assert!(Templates::new("callvault").render("cpni_notice", Channel::Email, blank).is_err());
    }

    #[test]
    fn unknown_templates_and_kinds_are_errors() {
        let templates = Templates::new("callvault");
        assert!(templates.render("nope", Channel::Email, BODY).is_err());
        assert!(templates.render("change_notice", Channel::Email, r#"{"change":"pin","changed_at":"x"}"#).is_err());
        assert!(templates.render("change_notice", Channel::Email, "not json").is_err());
    }
}
