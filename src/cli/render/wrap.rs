//! Prose wrapped at word boundaries, with a hanging indent under its mark
//! or label. A word is never broken, not even at a hyphen: HSA-IDs
//! (`SE2321000057-ANAN01`), dates and personnummer keep their dashes, and
//! a word longer than the line runs over rather than being cut.

use textwrap::{Options, WordSeparator, WordSplitter};

use super::{width_of, words};

fn options(width: usize) -> Options<'static> {
    Options::new(width.max(1))
        .break_words(false)
        .word_separator(WordSeparator::AsciiSpace)
        .word_splitter(WordSplitter::NoHyphenation)
}

/// `text` after `first` (a mark, a label, an indent), its further lines
/// indented by `indent` columns; every line ends in a newline. Organisation
/// numbers in the text come out as `NNNNNN-NNNN`.
pub fn hanging(first: &str, indent: usize, text: &str, width: usize) -> String {
    let text = words::dash_org_numbers(text);
    let rest = " ".repeat(indent);
    let mut out = String::new();
    for (n, paragraph) in text.split('\n').enumerate() {
        let lead = if n == 0 { first } else { rest.as_str() };
        if paragraph.trim().is_empty() {
            out.push_str(lead.trim_end());
            out.push('\n');
            continue;
        }
        // A list item's further lines go under its text.
        let under = if paragraph.starts_with(BULLET) {
            format!("{rest}  ")
        } else {
            rest.clone()
        };
        let opts = options(width)
            .initial_indent(lead)
            .subsequent_indent(&under);
        for line in textwrap::wrap(paragraph, opts) {
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out
}

/// `text` with every line indented by `indent` columns.
pub fn indented(indent: usize, text: &str, width: usize) -> String {
    let lead = " ".repeat(indent);
    hanging(&lead, indent, text, width)
}

/// A `label: value` line: the label padded to `label_width` columns after
/// `indent`, the value wrapped under itself.
pub fn field(indent: usize, label: &str, label_width: usize, value: &str, width: usize) -> String {
    let pad = label_width.saturating_sub(width_of(label));
    let first = format!("{}{label}{}", " ".repeat(indent), " ".repeat(pad));
    hanging(
        &first,
        indent + label_width.max(width_of(label)),
        value,
        width,
    )
}

/// A list item in a table cell: its further lines go under its text.
pub const BULLET: &str = "• ";

/// Lines of `text` wrapped to `width`, for a table cell: words whole, a
/// [`BULLET`] item's further lines indented under its text.
pub fn cell_lines(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        if paragraph.trim().is_empty() {
            out.push(String::new());
            continue;
        }
        let mut opts = options(width);
        if paragraph.starts_with(BULLET) {
            opts = opts.subsequent_indent("  ");
        }
        out.extend(
            textwrap::wrap(paragraph, opts)
                .into_iter()
                .map(|l| l.trim_end().to_string()),
        );
    }
    out
}

/// The widest word of `text`: the narrowest a column holding it can be.
pub fn longest_word(text: &str) -> usize {
    text.split([' ', '\n']).map(width_of).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_under_the_mark_and_never_inside_an_identifier() {
        let text = "Certificate \"Legitimering\" (identification, SE2321000057-ANAN01) expired on 2023-01-10.";
        let out = hanging("  ✔ ", 4, text, 40);
        assert_eq!(
            out,
            "  ✔ Certificate \"Legitimering\"\n    (identification,\n    SE2321000057-ANAN01) expired on\n    2023-01-10.\n"
        );
        for line in out.lines() {
            assert!(width_of(line) <= 40, "{line}");
        }
    }

    #[test]
    fn a_word_longer_than_the_line_runs_over_whole() {
        let out = hanging("→ ", 2, "see SE2321000057-ANAN01234567890", 20);
        assert_eq!(out, "→ see\n  SE2321000057-ANAN01234567890\n");
    }

    #[test]
    fn a_field_wraps_its_value_under_the_value() {
        let out = field(
            2,
            "Issuer:",
            10,
            "SITHS e-id Person HSA-id 3 CA v1 (Inera AB)",
            36,
        );
        assert_eq!(
            out,
            "  Issuer:   SITHS e-id Person HSA-id\n            3 CA v1 (Inera AB)\n"
        );
    }

    #[test]
    fn a_coloured_mark_counts_by_what_shows() {
        let mark = super::super::paint("✘", super::super::Paint::Red, true);
        let out = hanging(&format!("{mark} "), 2, "aaaa bbbb cccc", 11);
        assert_eq!(out, format!("{mark} aaaa bbbb\n  cccc\n"));
    }

    #[test]
    fn empty_text_leaves_the_label_alone() {
        assert_eq!(field(0, "State:", 8, "", 40), "State:\n");
        assert_eq!(cell_lines("a b\nc", 3), vec!["a b", "c"]);
        assert_eq!(
            cell_lines("• aaa bbb\n• ccc", 6),
            vec!["• aaa", "  bbb", "• ccc"]
        );
        assert_eq!(longest_word("HSA-id 3 CA v1"), 6);
    }
}
