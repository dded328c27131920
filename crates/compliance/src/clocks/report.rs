//! A clock's answer as named ISO dates, flags and notes, with a stable JSON
//! form (`callvault cpni clock ... --json`):
//!
//! ```json
//! {
//!   "clock": "breach",
//!   "rule": "2007",
//!   "dates": { "determined": "2025-01-06", "le_notice_due": "2025-01-15" },
//!   "flags": { "le_notice_late": false },
//!   "details": [
//!     { "name": "le_notice_due", "date": "2025-01-15", "kind": "deadline",
//!       "cite": "47 CFR 64.2011(b)", "meaning": "..." }
//!   ],
//!   "notes": ["..."]
//! }
//! ```
//!
//! `dates` and `flags` map each name to its value (every name appears at
//! most once); `details` lists the same dates in order with their kind
//! (`input`, `deadline`, `not_before`, `last_day`, `period`), the rule cited
//! and a sentence for people; `rule` is null except for the breach clock.

use std::fmt::Write as _;

use jiff::civil::Date;
use serde_json::{Map, Value, json};

/// What a named date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    /// A date given as input, echoed.
    Input,
    /// The last day on which something must be done.
    Deadline,
    /// The first day on which something may be done.
    NotBefore,
    /// The last day of a waiting period or a hold.
    LastDay,
    /// A bound of a covered period.
    Period,
}

impl DateKind {
    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Input => "input",
            Self::Deadline => "deadline",
            Self::NotBefore => "not_before",
            Self::LastDay => "last_day",
            Self::Period => "period",
        }
    }
}

/// One computed or given date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedDate {
    /// A stable snake_case name.
    pub name: &'static str,
    /// The date.
    pub date: Date,
    /// What it is.
    pub kind: DateKind,
    /// The rule it comes from.
    pub cite: &'static str,
    /// A sentence for people.
    pub meaning: String,
}

/// One yes/no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedFlag {
    /// A stable snake_case name.
    pub name: &'static str,
    /// The answer.
    pub value: bool,
    /// A sentence for people.
    pub meaning: &'static str,
}

/// A clock's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockReport {
    /// Which clock: `breach`, `opt-out-notice`, `opt-out-failure`,
    /// `certification`, `address-of-record`.
    pub clock: &'static str,
    /// The breach rule version (`2007` or `2024`), for the breach clock.
    pub rule: Option<&'static str>,
    /// The dates, in a meaningful order.
    pub dates: Vec<NamedDate>,
    /// Yes/no answers.
    pub flags: Vec<NamedFlag>,
    /// Conditions and interpretation notes for the reader.
    pub notes: Vec<String>,
}

impl ClockReport {
    pub(crate) fn new(clock: &'static str) -> Self {
        Self { clock, rule: None, dates: Vec::new(), flags: Vec::new(), notes: Vec::new() }
    }

    pub(crate) fn date(
        &mut self,
        name: &'static str,
        date: Date,
        kind: DateKind,
        cite: &'static str,
        meaning: impl Into<String>,
    ) {
        self.dates.push(NamedDate { name, date, kind, cite, meaning: meaning.into() });
    }

    pub(crate) fn flag(&mut self, name: &'static str, value: bool, meaning: &'static str) {
        self.flags.push(NamedFlag { name, value, meaning });
    }

    pub(crate) fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    /// The date named `name`.
    pub fn get(&self, name: &str) -> Option<Date> {
        self.dates.iter().find(|named| named.name == name).map(|named| named.date)
    }

    /// The flag named `name`.
    pub fn get_flag(&self, name: &str) -> Option<bool> {
        self.flags.iter().find(|flag| flag.name == name).map(|flag| flag.value)
    }

    /// The stable JSON object described in the module docs.
    pub fn to_json(&self) -> Value {
        let dates: Map<String, Value> =
            self.dates.iter().map(|named| (named.name.to_owned(), json!(named.date.to_string()))).collect();
        let flags: Map<String, Value> =
            self.flags.iter().map(|flag| (flag.name.to_owned(), json!(flag.value))).collect();
        json!({
            "clock": self.clock,
            "rule": self.rule,
            "dates": dates,
            "flags": flags,
            "details": self.dates.iter().map(detail).collect::<Vec<_>>(),
            "notes": self.notes,
        })
    }

    /// The human-readable form: one line per date, then flags and notes.
    pub fn to_text(&self) -> String {
        let mut text = match self.rule {
            Some(rule) => format!("{} clock ({rule} rule)\n", self.clock),
            None => format!("{} clock\n", self.clock),
        };
        let width = self.dates.iter().map(|named| named.name.len()).max().unwrap_or(0);
        for named in &self.dates {
            let kind = named.kind.as_str();
            let _ = writeln!(
                text,
                "  {}  {:width$}  {kind:10}  {} [{}]",
                named.date, named.name, named.meaning, named.cite
            );
        }
        for flag in &self.flags {
            let _ = writeln!(text, "  {} = {}  ({})", flag.name, if flag.value { "yes" } else { "no" }, flag.meaning);
        }
        for note in &self.notes {
            let _ = writeln!(text, "  note: {note}");
        }
        text
    }
}

fn detail(named: &NamedDate) -> Value {
    json!({
        "name": named.name,
        "date": named.date.to_string(),
        "kind": named.kind.as_str(),
        "cite": named.cite,
        "meaning": named.meaning,
    })
}
