//! The document model shared by the HTML and PDF renderers.

use minijinja::Environment;
use serde::Serialize;

use crate::Error;

/// The one HTML template every filing renders through.
const TEMPLATE: &str = include_str!("../../templates/filing.html");

/// A filing: caption lines above the title, then blocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Filing {
    /// The document's title.
    pub title: String,
    /// Lines above the title (sender, date, addressee, docket, subject).
    pub caption: Vec<String>,
    /// The body.
    pub blocks: Vec<Block>,
}

/// One part of a filing's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A section heading.
    Heading {
        /// Its text.
        text: String,
    },
    /// A paragraph.
    Paragraph {
        /// Its text.
        text: String,
    },
    /// Label: value pairs.
    Fields {
        /// The pairs.
        fields: Vec<(String, String)>,
    },
    /// A bulleted list.
    Bullets {
        /// The items.
        items: Vec<String>,
    },
    /// A table with a header row.
    Table {
        /// Column titles.
        header: Vec<String>,
        /// Rows, as many cells as the header.
        rows: Vec<Vec<String>>,
    },
    /// A signature block.
    Signature(Signature),
    /// A page break (PDF) / a separator (HTML).
    PageBreak,
}

/// Who signs, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signature {
    /// The signer's name.
    pub name: String,
    /// The signer's title.
    pub title: String,
    /// The company.
    pub company: String,
    /// The date signed, or none for a blank line to sign on paper.
    pub date: Option<String>,
}

pub(super) fn html(filing: &Filing) -> Result<String, Error> {
    let mut environment = Environment::new();
    environment.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    let template_error = |source: minijinja::Error| Error::Template { document: "filing", message: source.to_string() };
    environment.add_template("filing.html", TEMPLATE).map_err(template_error)?;
    let template = environment.get_template("filing.html").map_err(template_error)?;
    template.render(minijinja::context! { filing => minijinja::value::Serde(filing) }).map_err(template_error)
}
