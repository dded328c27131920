//! The compliance crate's one error type.

use jiff::civil::Date;

/// Why a clock could not be computed or a document not rendered.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A date before 2000-01-01 or after 2199-12-31 (the calendar's range).
    #[error("{date} is outside the supported range 2000-01-01 to 2199-12-31")]
    DateOutOfRange {
        /// The date refused.
        date: Date,
    },
    /// A certification year outside 2007..=2198.
    #[error("certification year {year} is outside 2007 to 2198 (the first annual certification covered 2007)")]
    YearOutOfRange {
        /// The year refused.
        year: i16,
    },
    /// Two dates of one clock in an impossible order.
    #[error("{later_name} ({later}) cannot be before {earlier_name} ({earlier})")]
    DatesOutOfOrder {
        /// The date that must come first.
        earlier_name: &'static str,
        /// Its value.
        earlier: Date,
        /// The date that came before it.
        later_name: &'static str,
        /// Its value.
        later: Date,
    },
    /// A number outside what the rule allows.
    #[error("{name} must be between {min} and {max}, not {value}")]
    NumberOutOfRange {
        /// The option.
        name: &'static str,
        /// The value refused.
        value: u64,
        /// The smallest allowed.
        min: u64,
        /// The largest allowed.
        max: u64,
    },
    /// An option that the chosen rule or the other options make meaningless.
    #[error("{option} does not apply: {reason}")]
    NotApplicable {
        /// The option.
        option: &'static str,
        /// Why.
        reason: &'static str,
    },
    /// A required element of a filing is missing or blank.
    #[error("the {document} lacks a required element: {element}")]
    MissingElement {
        /// The document.
        document: &'static str,
        /// The element (and its CFR paragraph).
        element: &'static str,
    },
    /// A template failed to render.
    #[error("rendering the {document}: {source}")]
    Template {
        /// The document.
        document: &'static str,
        /// The template engine's error.
        source: minijinja::Error,
    },
}
