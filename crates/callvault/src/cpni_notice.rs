//! `callvault cpni notice check FILE` (issue 7 item 2; 47 CFR 64.2008(c),
//! (d), (f)): validates a CPNI notice template before it is used, with
//! `compliance::notice`'s rules; an invalid one is refused (exit status 1)
//! with the missing or forbidden element named. No store is opened.
//!
//! The template is TOML: the kind, a version, and one text per element:
//!
//! ```toml
//! kind = "opt_out"          # opt_out, opt_in or one_time
//! version = "2026-11"
//! [sections]
//! right_and_duty = "You have a right, and we have a duty, under federal law to protect …"
//! cpni_types = "…"
//! # recipients, purposes, right_to_disapprove, steps_to_grant_or_deny,
//! # service_unaffected, valid_until_revoked, waiting_period, opt_out_method, one_time_scope
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;
use compliance::notice::{Element, NoticeKind, NoticeTemplate};
use serde::Deserialize;

use crate::cpni::say;

/// `callvault cpni notice …`
#[derive(Debug, Subcommand)]
pub(crate) enum NoticeCommand {
    /// Check a notice template against 47 CFR 64.2008(c).
    Check {
        /// The template (TOML).
        file: PathBuf,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateFile {
    kind: String,
    version: String,
    #[serde(default)]
    sections: BTreeMap<String, String>,
}

pub(crate) fn run(command: &NoticeCommand) -> anyhow::Result<()> {
    let NoticeCommand::Check { file } = command;
    let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let parsed: TemplateFile = toml::from_str(&text).with_context(|| format!("parsing {}", file.display()))?;
    let mut sections = BTreeMap::new();
    for (name, text) in parsed.sections {
        sections.insert(Element::parse(&name)?, text);
    }
    let template = NoticeTemplate { kind: NoticeKind::parse(&parsed.kind)?, version: parsed.version, sections };
    template.validate().context("the notice may not be sent")?;
    say(&format!("valid {} notice, version {}", template.kind.code(), template.version))
}
