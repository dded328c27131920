//! Filings drafted from plain facts: the opt-out failure letter
//! (47 CFR 64.2009(f), [`opt_out_failure`]) and the annual CPNI
//! certification with its accompanying statement (64.2009(e),
//! [`certification`]).
//!
//! Each document is first built as a [`Filing`] — a title, a caption and a
//! list of [`Block`]s holding all of its wording — and then rendered twice
//! from that one value: HTML through one minijinja template
//! (`templates/filing.html`, autoescaped) and PDF through printpdf with the
//! base-14 Helvetica fonts (no font files, letter paper, page numbers).
//! So the two forms never disagree. Facts are validated first: a filing
//! that lacks an element the rule requires is refused
//! ([`crate::Error::MissingElement`]), never drafted with a hole.

pub mod certification;
mod filing;
pub mod opt_out_failure;
mod pdf;

pub use filing::{Block, Filing, Signature};

/// A filing in both forms.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The HTML page.
    pub html: String,
    /// The PDF file.
    pub pdf: Vec<u8>,
}

impl Filing {
    /// The filing as an HTML page.
    pub fn to_html(&self) -> Result<String, crate::Error> {
        filing::html(self)
    }

    /// The filing as a PDF file.
    pub fn to_pdf(&self) -> Vec<u8> {
        pdf::render(self)
    }

    /// Both forms.
    pub fn render(&self) -> Result<Rendered, crate::Error> {
        Ok(Rendered { html: self.to_html()?, pdf: self.to_pdf() })
    }
}

/// `text` unless it is blank, else the missing-element error.
pub(crate) fn required<'a>(
    text: &'a str,
    document: &'static str,
    element: &'static str,
) -> Result<&'a str, crate::Error> {
    if text.trim().is_empty() { Err(crate::Error::MissingElement { document, element }) } else { Ok(text.trim()) }
}

/// Checks a signer's name and title: both given, printable, bounded.
pub fn check_signer(name: &str, title: &str) -> Result<(), crate::Error> {
    required(name, "signature", "the signer's name")?;
    required(title, "signature", "the signer's title")?;
    let printable = |text: &str| text.len() <= 200 && !text.chars().any(char::is_control);
    if printable(name) && printable(title) {
        Ok(())
    } else {
        Err(crate::Error::BadReference("the signer's name and title"))
    }
}

/// A date as a filing writes it: "March 3, 2025".
pub(crate) fn long_date(date: jiff::civil::Date) -> String {
    date.strftime("%B %-d, %Y").to_string()
}
