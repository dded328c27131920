//! Notice templates (minijinja), embedded at build time: per template a
//! subject and an e-mail text, and a short text for the telephone channel.
//!
//! A change notice's context holds the kind of change and its time only
//! (`store`'s outbox body), which is all a notice may say under 47 CFR
//! 64.2010(f)(1): "must not reveal the changed information". Unknown kinds
//! and missing fields are errors (strict undefined), never blank notices.

use minijinja::{Environment, UndefinedBehavior, context};
use serde_json::Value;
use store::Channel;

use crate::NotifyError;

const TEMPLATES: &[(&str, &str)] = &[
    ("change_notice.subject", include_str!("../templates/change_notice.subject.txt")),
    ("change_notice.email", include_str!("../templates/change_notice.email.txt")),
    ("change_notice.phone", include_str!("../templates/change_notice.phone.txt")),
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
        let change = body["change"].as_str().ok_or_else(|| bad("the context has no change"))?;
        let what = what_changed(change).ok_or_else(|| bad("unknown kind of change"))?;
        let changed_at = body["changed_at"].as_str().ok_or_else(|| bad("the context has no time"))?;
        let changed_at = readable_time(changed_at).ok_or_else(|| bad("the context's time is malformed"))?;
        let ctx = context! { service => &self.service, what, verb => "changed", changed_at };
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
    fn unknown_templates_and_kinds_are_errors() {
        let templates = Templates::new("callvault");
        assert!(templates.render("nope", Channel::Email, BODY).is_err());
        assert!(templates.render("change_notice", Channel::Email, r#"{"change":"pin","changed_at":"x"}"#).is_err());
        assert!(templates.render("change_notice", Channel::Email, "not json").is_err());
    }
}
