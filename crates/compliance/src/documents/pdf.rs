//! PDF rendering of a [`Filing`] with printpdf and the base-14 Helvetica
//! fonts: US letter, 1-inch margins, word-wrapped text measured with the
//! Helvetica AFM widths, a page footer with "Page n of N".
//!
//! The base-14 fonts carry no glyphs beyond Latin-1 in printpdf's encoding,
//! so text is reduced to ASCII first (typographic quotes and dashes to their
//! plain forms, anything else to `?`).

use printpdf::{
    BuiltinFont, Line, LinePoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem,
};

use super::{Block, Filing, Signature};

const PAGE_WIDTH: f32 = 215.9;
const PAGE_HEIGHT: f32 = 279.4;
const MARGIN: f32 = 25.4;
const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const BODY: f32 = 11.0;
const HEADING: f32 = 12.5;
const TITLE: f32 = 14.0;
const LEADING: f32 = 1.35;
const PT_TO_MM: f32 = 25.4 / 72.0;
const BULLET_INDENT: f32 = 6.0;
/// Bold glyphs are a little wider than the regular widths below.
const BOLD_FACTOR: f32 = 1.1;

/// Helvetica advance widths (1/1000 em) for ASCII 32..=126 (Adobe AFM).
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
    556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556,
    556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334,
    260, 334, 584,
];

pub(super) fn render(filing: &Filing) -> Vec<u8> {
    let mut layout = Layout::new();
    for line in &filing.caption {
        layout.paragraph(line, BODY, false, 0.0, 0.0);
    }
    layout.gap(6.0);
    layout.centered(&filing.title, TITLE);
    layout.gap(4.0);
    for block in &filing.blocks {
        layout.block(block);
    }
    let pages = layout.finish();
    let mut document = PdfDocument::new(&ascii(&filing.title));
    document.with_pages(pages).save(&PdfSaveOptions::default(), &mut Vec::new())
}

/// Pages being filled top to bottom; `y` is the baseline of the next line,
/// in millimetres from the page bottom.
struct Layout {
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl Layout {
    fn new() -> Self {
        Self { pages: vec![Vec::new()], y: PAGE_HEIGHT - MARGIN }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading { text } => self.heading(text),
            Block::Paragraph { text } => self.paragraph(text, BODY, false, 0.0, 2.5),
            Block::Fields { fields } => self.fields(fields),
            Block::Bullets { items } => self.bullets(items),
            Block::Table { header, rows } => self.table(header, rows),
            Block::Signature(signature) => self.signature(signature),
            Block::PageBreak => self.new_page(),
        }
    }

    fn heading(&mut self, text: &str) {
        self.gap(3.0);
        self.ensure(3.0 * line_height(BODY) + line_height(HEADING));
        self.paragraph(text, HEADING, true, 0.0, 1.5);
    }

    /// Wrapped text at `indent`, then `after` millimetres of space.
    fn paragraph(&mut self, text: &str, size: f32, bold: bool, indent: f32, after: f32) {
        for line in wrap(text, size, bold, TEXT_WIDTH - indent) {
            self.line(&line, size, bold, MARGIN + indent);
        }
        self.gap(after);
    }

    fn centered(&mut self, text: &str, size: f32) {
        for line in wrap(text, size, true, TEXT_WIDTH) {
            let x = MARGIN + (TEXT_WIDTH - text_width(&line, size, true)) / 2.0;
            self.line(&line, size, true, x.max(MARGIN));
        }
    }

    fn fields(&mut self, fields: &[(String, String)]) {
        let widest = fields.iter().map(|(label, _)| text_width(label, BODY, true)).fold(0.0, f32::max);
        let label_width = (widest + 4.0).min(TEXT_WIDTH * 0.45);
        for (label, value) in fields {
            let labels = wrap(label, BODY, true, label_width - 2.0);
            let values = wrap(value, BODY, false, TEXT_WIDTH - label_width);
            self.ensure(line_height(BODY) * labels.len().max(values.len()) as f32);
            let top = self.y;
            self.column(&labels, true, MARGIN);
            let after_labels = self.y;
            self.y = top;
            self.column(&values, false, MARGIN + label_width);
            self.y = self.y.min(after_labels);
        }
        self.gap(2.5);
    }

    fn column(&mut self, lines: &[String], bold: bool, x: f32) {
        for line in lines {
            self.place(line, BODY, bold, x);
            self.y -= line_height(BODY);
        }
    }

    fn bullets(&mut self, items: &[String]) {
        for item in items {
            self.ensure(line_height(BODY));
            self.place("-", BODY, false, MARGIN + 1.5);
            self.paragraph(item, BODY, false, BULLET_INDENT, 1.0);
        }
        self.gap(1.5);
    }

    fn table(&mut self, header: &[String], rows: &[Vec<String>]) {
        let widths = column_widths(header, rows);
        self.row(header, &widths, true);
        for row in rows {
            self.row(row, &widths, false);
        }
        self.gap(2.5);
    }

    fn row(&mut self, cells: &[String], widths: &[f32], bold: bool) {
        let wrapped: Vec<Vec<String>> =
            cells.iter().zip(widths).map(|(cell, width)| wrap(cell, BODY, bold, width - 3.0)).collect();
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let height = lines as f32 * line_height(BODY) + 1.5;
        self.ensure(height);
        let (top, mut x) = (self.y, MARGIN);
        for (cell, width) in wrapped.iter().zip(widths) {
            self.y = top;
            self.column(cell, bold, x + 1.5);
            x += width;
        }
        self.y = top - height;
        let rule_y = self.y + line_height(BODY) * 0.75;
        self.rule(MARGIN, MARGIN + widths.iter().sum::<f32>(), rule_y);
    }

    fn signature(&mut self, signature: &Signature) {
        self.ensure(6.0 * line_height(BODY) + 14.0);
        self.gap(14.0);
        self.rule(MARGIN, MARGIN + 85.0, self.y + line_height(BODY) * 0.7);
        let date = signature.date.clone().unwrap_or_else(|| "____________________".into());
        for line in
            [signature.name.clone(), signature.title.clone(), signature.company.clone(), format!("Date: {date}")]
        {
            self.line(&line, BODY, false, MARGIN);
        }
        self.gap(3.0);
    }

    /// One line at the current baseline, then down one line.
    fn line(&mut self, text: &str, size: f32, bold: bool, x: f32) {
        self.ensure(line_height(size));
        self.place(text, size, bold, x);
        self.y -= line_height(size);
    }

    fn place(&mut self, text: &str, size: f32, bold: bool, x: f32) {
        let font = if bold { BuiltinFont::HelveticaBold } else { BuiltinFont::Helvetica };
        let ops = text_ops(text, font, size, x, self.y);
        self.ops().extend(ops);
    }

    fn rule(&mut self, from: f32, to: f32, y: f32) {
        let point = |x| LinePoint { p: Point::new(Mm(x), Mm(y)), bezier: false };
        self.ops().push(Op::SetOutlineThickness { pt: Pt(0.6) });
        self.ops().push(Op::DrawLine { line: Line { points: vec![point(from), point(to)], is_closed: false } });
    }

    fn gap(&mut self, millimetres: f32) {
        self.y -= millimetres;
    }

    /// Starts a new page unless `height` millimetres still fit.
    fn ensure(&mut self, height: f32) {
        if self.y - height < MARGIN {
            self.new_page();
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = PAGE_HEIGHT - MARGIN;
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a layout always has a page")
    }

    /// The pages with their footers.
    fn finish(self) -> Vec<PdfPage> {
        let count = self.pages.len();
        let footer = |number: usize| {
            let text = format!("Page {number} of {count}");
            let x = (PAGE_WIDTH - text_width(&text, 9.0, false)) / 2.0;
            text_ops(&text, BuiltinFont::Helvetica, 9.0, x, MARGIN / 2.0)
        };
        let page = |(index, mut ops): (usize, Vec<Op>)| {
            ops.extend(footer(index + 1));
            PdfPage::new(Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT), ops)
        };
        self.pages.into_iter().enumerate().map(page).collect()
    }
}

fn text_ops(text: &str, font: BuiltinFont, size: f32, x: f32, y: f32) -> [Op; 5] {
    [
        Op::StartTextSection,
        Op::SetFont { font: PdfFontHandle::Builtin(font), size: Pt(size) },
        Op::SetTextCursor { pos: Point::new(Mm(x), Mm(y)) },
        Op::ShowText { items: vec![TextItem::Text(ascii(text))] },
        Op::EndTextSection,
    ]
}

/// Column widths proportional to each column's longest cell, within the
/// text width, none narrower than a fifth of its share.
fn column_widths(header: &[String], rows: &[Vec<String>]) -> Vec<f32> {
    let longest = |column: usize| {
        std::iter::once(header)
            .chain(rows.iter().map(Vec::as_slice))
            .filter_map(|row| row.get(column))
            .map(|cell| text_width(cell, BODY, false))
            .fold(10.0, f32::max)
    };
    let wanted: Vec<f32> = (0..header.len()).map(longest).collect();
    let total: f32 = wanted.iter().sum();
    let floor = TEXT_WIDTH / header.len().max(1) as f32 / 5.0;
    let widths: Vec<f32> = wanted.iter().map(|want| (want / total * TEXT_WIDTH).max(floor)).collect();
    let scale = TEXT_WIDTH / widths.iter().sum::<f32>();
    widths.into_iter().map(|width| width * scale.min(1.0)).collect()
}

/// Greedy word wrap into lines no wider than `width` millimetres; a word
/// longer than a line is broken by characters.
fn wrap(text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in ascii(text).split_whitespace() {
        let candidate = if current.is_empty() { word.to_owned() } else { format!("{current} {word}") };
        if text_width(&candidate, size, bold) <= width {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        current = break_long_word(word, size, bold, width, &mut lines);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

fn break_long_word(word: &str, size: f32, bold: bool, width: f32, lines: &mut Vec<String>) -> String {
    let mut piece = String::new();
    for character in word.chars() {
        piece.push(character);
        if text_width(&piece, size, bold) > width && piece.len() > 1 {
            let last = piece.pop().expect("just pushed");
            lines.push(std::mem::replace(&mut piece, last.to_string()));
        }
    }
    piece
}

/// The width of `text` in millimetres.
fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    let units: u32 = text.bytes().map(|byte| u32::from(HELVETICA[usize::from(byte.clamp(32, 126) - 32)])).sum();
    let factor = if bold { BOLD_FACTOR } else { 1.0 };
    units as f32 / 1000.0 * size * PT_TO_MM * factor
}

fn line_height(size: f32) -> f32 {
    size * LEADING * PT_TO_MM
}

/// `text` with typographic characters made plain and the rest of
/// non-ASCII replaced by `?`.
fn ascii(text: &str) -> String {
    text.chars()
        .map(|character| match character {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
            '\u{00A7}' => 'S',
            '\u{00A0}' | '\t' | '\n' | '\r' => ' ',
            other if other.is_ascii() && !other.is_ascii_control() => other,
            _ => '?',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_line_within_the_width() {
        let text = "The carrier has established operating procedures adequate to ensure compliance ".repeat(8);
        let lines = wrap(&text, BODY, false, 100.0);
        assert!(lines.len() > 5);
        assert!(lines.iter().all(|line| text_width(line, BODY, false) <= 100.0));
        assert_eq!(lines.join(" ").split_whitespace().count(), text.split_whitespace().count(), "no word lost");
    }

    #[test]
    fn typographic_characters_become_plain_ascii() {
        assert_eq!(ascii("carrier\u{2019}s \u{201C}CPNI\u{201D} \u{2014} caf\u{e9}"), "carrier's \"CPNI\" - caf?");
    }
}
