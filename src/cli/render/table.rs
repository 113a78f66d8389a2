//! Tables that fit a width without breaking what must stay whole.
//!
//! A column holds identifiers (HSA-IDs, card numbers, dates, serials: never
//! broken, as wide as the longest), numbers (right-aligned, never broken)
//! or text (names, words: wrapped at spaces when the table would not fit
//! otherwise). A table that cannot fit even with its text wrapped says so
//! ([`Table::render`] gives `None`), and the caller lays the rows out as
//! blocks instead ([`Table::blocks`], or a layout of its own).

use super::wrap::{cell_lines, field, longest_word};
use super::{paint, width_of, Paint};

/// Columns between two columns.
const GAP: usize = 2;

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Identifiers and dates: never broken, left-aligned.
    Ident,
    /// Counts and days: never broken, right-aligned.
    Number,
    /// Names and words: wrapped at spaces if need be.
    Text,
}

/// One cell: its text and, on a terminal, its colour.
#[derive(Clone, Debug, Default)]
pub struct Cell {
    pub text: String,
    pub paint: Option<Paint>,
}

impl Cell {
    pub fn painted(text: impl Into<String>, paint: Paint) -> Cell {
        Cell {
            text: text.into(),
            paint: Some(paint),
        }
    }
}

impl<T: Into<String>> From<T> for Cell {
    fn from(text: T) -> Cell {
        Cell {
            text: text.into(),
            paint: None,
        }
    }
}

/// A table: a header per column, rows of cells.
#[derive(Clone, Debug)]
pub struct Table {
    headers: Vec<(String, Kind)>,
    rows: Vec<Vec<Cell>>,
    /// Lines a text cell may wrap to before the table counts as not
    /// fitting (a name in three lines reads worse than a block).
    max_lines: Option<usize>,
    /// Columns a text column keeps at least (when its text is that wide):
    /// prose in a sliver of a column reads worse than a block.
    min_text: usize,
}

impl Table {
    pub fn new(headers: &[(&str, Kind)]) -> Table {
        Table {
            headers: headers.iter().map(|(h, k)| (h.to_string(), *k)).collect(),
            rows: Vec::new(),
            max_lines: None,
            min_text: 0,
        }
    }

    /// At most `n` lines per text cell, or the table does not fit.
    pub fn max_lines(mut self, n: usize) -> Table {
        self.max_lines = Some(n);
        self
    }

    /// Text columns at least `n` wide (or as wide as their text), or the
    /// table does not fit.
    pub fn min_text(mut self, n: usize) -> Table {
        self.min_text = n;
        self
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        debug_assert_eq!(cells.len(), self.headers.len());
        self.rows.push(cells);
    }

    /// The width of each column in `width` columns, or `None` when the
    /// table cannot fit with its identifiers whole and its text wrapped.
    fn widths(&self, width: usize) -> Option<Vec<usize>> {
        let n = self.headers.len();
        let gaps = GAP * n.saturating_sub(1);
        let mut natural = Vec::with_capacity(n);
        let mut least = Vec::with_capacity(n);
        for (i, (header, kind)) in self.headers.iter().enumerate() {
            let cells = self.rows.iter().map(|r| r[i].text.as_str());
            let widest_line = cells
                .clone()
                .flat_map(str::lines)
                .map(width_of)
                .max()
                .unwrap_or(0);
            natural.push(widest_line.max(width_of(header)));
            let header_least = longest_word(header);
            least.push(match kind {
                Kind::Text => {
                    let words = cells.clone().map(longest_word).max().unwrap_or(0);
                    let least = words.max(header_least).max(self.min_text.min(natural[i]));
                    // With a line limit, as narrow as the cells still fit in it.
                    match self.max_lines {
                        Some(max) => (least..natural[i])
                            .find(|w| cells.clone().all(|c| cell_lines(c, *w).len() <= max))
                            .unwrap_or(natural[i]),
                        None => least,
                    }
                }
                Kind::Ident | Kind::Number => widest_line.max(header_least),
            });
        }
        let sum = |v: &[usize]| v.iter().sum::<usize>() + gaps;
        if sum(&natural) <= width {
            return Some(natural);
        }
        if sum(&least) > width {
            return None;
        }
        // Share out the room left above the least widths, the columns that
        // want least first: a header that wraps for want of two columns
        // gets them before a name column is widened.
        let mut spare = width - sum(&least);
        let mut widths = least.clone();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| natural[i] - least[i]);
        for i in order {
            let give = (natural[i] - least[i]).min(spare);
            widths[i] += give;
            spare -= give;
        }
        if let Some(max) = self.max_lines {
            let too_tall = self.rows.iter().any(|r| {
                r.iter()
                    .zip(&widths)
                    .any(|(c, w)| cell_lines(&c.text, *w).len() > max)
            });
            if too_tall {
                return None;
            }
        }
        Some(widths)
    }

    /// Whether the table fits in `width` columns.
    pub fn fits(&self, width: usize) -> bool {
        self.widths(width).is_some()
    }

    /// The table in at most `width` columns, or `None` when it cannot fit.
    /// Rows whose first cell wraps are set apart by an empty line.
    pub fn render(&self, width: usize, colour: bool) -> Option<String> {
        let widths = self.widths(width)?;
        let kinds: Vec<Kind> = self.headers.iter().map(|(_, k)| *k).collect();
        let mut out = String::new();
        let header: Vec<Cell> = self
            .headers
            .iter()
            .map(|(h, _)| Cell::from(h.as_str()))
            .collect();
        out.push_str(&lines(&header, &widths, &kinds, false));
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        out.push_str(&rule.join(&" ".repeat(GAP)));
        out.push('\n');
        let rendered: Vec<String> = self
            .rows
            .iter()
            .map(|r| lines(r, &widths, &kinds, colour))
            .collect();
        // A row's further lines are told by their empty first column;
        // when the first column itself wraps, an empty line sets rows apart.
        let tall = self
            .rows
            .iter()
            .any(|r| cell_lines(&r[0].text, widths[0]).len() > 1);
        for (i, r) in rendered.iter().enumerate() {
            if tall && i > 0 {
                out.push('\n');
            }
            out.push_str(r);
        }
        Some(out)
    }

    /// The table if it fits, else one block per row ([`Table::blocks`]).
    pub fn render_or_blocks(&self, width: usize, colour: bool) -> String {
        self.render(width, colour)
            .unwrap_or_else(|| self.blocks(width, colour))
    }

    /// One block per row: the first cell as its title, then each other
    /// header with its value, wrapped under the value.
    pub fn blocks(&self, width: usize, colour: bool) -> String {
        let label_width = self
            .headers
            .iter()
            .skip(1)
            .map(|(h, _)| width_of(h) + 2)
            .max()
            .unwrap_or(0);
        let mut out = String::new();
        for (i, row) in self.rows.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let mut cells = row.iter();
            if let Some(first) = cells.next() {
                out.push_str(&super::wrap::hanging(
                    "",
                    2,
                    &painted(&first.text, first.paint, colour),
                    width,
                ));
            }
            for ((header, _), cell) in self.headers.iter().skip(1).zip(cells) {
                if cell.text.is_empty() {
                    continue;
                }
                out.push_str(&field(
                    2,
                    &format!("{header}:"),
                    label_width,
                    &painted(&cell.text, cell.paint, colour),
                    width,
                ));
            }
        }
        out
    }
}

fn painted(text: &str, colour: Option<Paint>, on: bool) -> String {
    match colour {
        Some(p) => paint(text, p, on),
        None => text.to_string(),
    }
}

/// One row's lines: each cell wrapped to its column, padded, coloured.
fn lines(cells: &[Cell], widths: &[usize], kinds: &[Kind], colour: bool) -> String {
    let wrapped: Vec<Vec<String>> = cells
        .iter()
        .zip(widths)
        .map(|(c, w)| cell_lines(&c.text, *w))
        .collect();
    let height = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let mut out = String::new();
    for line in 0..height {
        let mut text = String::new();
        for (i, cell) in wrapped.iter().enumerate() {
            let part = cell.get(line).map(String::as_str).unwrap_or("");
            let pad = widths[i].saturating_sub(width_of(part));
            if i > 0 {
                text.push_str(&" ".repeat(GAP));
            }
            let shown = painted(part, cells[i].paint, colour);
            if kinds[i] == Kind::Number {
                text.push_str(&" ".repeat(pad));
                text.push_str(&shown);
            } else {
                text.push_str(&shown);
                text.push_str(&" ".repeat(pad));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::new(&[
            ("Holder", Kind::Text),
            ("HSA-ID", Kind::Ident),
            ("Days left", Kind::Number),
        ]);
        t.row(vec![
            "Ann-Charlotte Wästerlund".into(),
            "SE2321000131-E000000012345".into(),
            "828".into(),
        ]);
        t.row(vec![
            "Bo Ek".into(),
            "SE2321000057-BOEK01".into(),
            "-5".into(),
        ]);
        t
    }

    #[test]
    fn natural_widths_when_it_fits() {
        let out = sample().render(80, false).unwrap();
        assert_eq!(
            out,
            "Holder                    HSA-ID                      Days left\n\
             ────────────────────────  ──────────────────────────  ─────────\n\
             Ann-Charlotte Wästerlund  SE2321000131-E000000012345        828\n\
             Bo Ek                     SE2321000057-BOEK01                -5\n"
        );
    }

    #[test]
    fn text_wraps_and_identifiers_stay_whole_when_narrow() {
        let out = sample().render(50, false).unwrap();
        for line in out.lines() {
            assert!(width_of(line) <= 50, "{line}");
        }
        assert!(out.contains("SE2321000131-E000000012345"), "{out}");
        assert!(out.contains("Ann-Charlotte"), "{out}");
        // The wrapped row is set apart from the next.
        assert!(out.contains("\n\nBo Ek"), "{out}");
    }

    #[test]
    fn rows_run_on_under_an_empty_first_column() {
        let mut t = Table::new(&[("Number", Kind::Ident), ("Aliases", Kind::Text)]);
        t.row(vec!["232100-0032".into(), "sörmland, sodermanland".into()]);
        t.row(vec!["232100-0040".into(), "östergötland".into()]);
        let out = t.render(26, false).unwrap();
        assert_eq!(
            out,
            "Number       Aliases\n\
             ───────────  ─────────────\n\
             232100-0032  sörmland,\n\
             \x20            sodermanland\n\
             232100-0040  östergötland\n"
        );
    }

    #[test]
    fn too_narrow_is_said_and_blocks_hold_everything() {
        let t = sample();
        assert!(t.render(30, false).is_none());
        let blocks = t.blocks(30, false);
        assert!(
            blocks.contains("  HSA-ID:    SE2321000131-E000000012345"),
            "{blocks}"
        );
        assert!(blocks.starts_with("Ann-Charlotte Wästerlund\n"), "{blocks}");
    }

    #[test]
    fn a_line_limit_turns_a_tall_table_down() {
        let t = sample().max_lines(1);
        assert!(t.render(50, false).is_none());
        assert!(t.render(80, false).is_some());
    }

    #[test]
    fn colour_does_not_move_the_columns() {
        let mut t = Table::new(&[("Status", Kind::Text), ("Days", Kind::Number)]);
        t.row(vec![Cell::painted("valid", Paint::Green), "1".into()]);
        let plain = t.render(40, false).unwrap();
        let coloured = t.render(40, true).unwrap();
        assert_eq!(
            coloured.replace("\x1b[32m", "").replace("\x1b[0m", ""),
            plain
        );
        assert!(coloured.contains("\x1b[32mvalid\x1b[0m"));
    }
}
