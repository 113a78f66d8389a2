//! Text for people, fitted to where it goes: how wide the output is, whether
//! it is coloured, prose wrapped at word boundaries, tables whose
//! identifiers are never broken. JSON never comes here.

pub mod certificates;
pub mod table;
pub mod words;
pub mod wrap;

use std::io::IsTerminal;

use super::args::ColorArg;

/// The width text is laid out for when nothing tells it: a file or a pipe
/// read later, in an editor or a ticket.
pub const FILE_WIDTH: usize = 100;

/// Narrower than this nothing lays out sensibly; a smaller `COLUMNS` or
/// terminal is treated as this wide (lines may then run over).
pub const MIN_WIDTH: usize = 20;

/// Where a text goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

impl Stream {
    fn is_terminal(self) -> bool {
        match self {
            Stream::Stdout => std::io::stdout().is_terminal(),
            Stream::Stderr => std::io::stderr().is_terminal(),
        }
    }

    fn terminal_width(self) -> Option<usize> {
        let size = match self {
            Stream::Stdout => terminal_size::terminal_size_of(std::io::stdout()),
            Stream::Stderr => terminal_size::terminal_size_of(std::io::stderr()),
        };
        size.map(|(w, _)| usize::from(w.0)).filter(|w| *w > 0)
    }
}

/// How text for one stream is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    /// Columns a line may take.
    pub width: usize,
    /// Whether marks and statuses are coloured (ANSI).
    pub colour: bool,
}

impl Style {
    /// The style for `stream` from the flags and the environment.
    pub fn for_stream(stream: Stream, width: Option<usize>, colour: ColorArg) -> Style {
        let env = |name: &str| std::env::var(name).ok();
        let terminal = stream.is_terminal();
        Style {
            width: decide_width(
                width,
                terminal.then(|| stream.terminal_width()).flatten(),
                env("COLUMNS").as_deref(),
            ),
            // Asked for: on (a Windows console is switched to ANSI if it can
            // be); else only where the console shows colour.
            colour: match colour {
                ColorArg::Always => {
                    let _ = console_takes_ansi();
                    true
                }
                _ => {
                    decide_colour(colour, terminal, env("NO_COLOR").as_deref())
                        && console_takes_ansi()
                }
            },
        }
    }
}

/// The width to lay out for: `--width`, else the terminal's when writing to
/// one, else `COLUMNS`, else [`FILE_WIDTH`].
pub fn decide_width(flag: Option<usize>, terminal: Option<usize>, columns: Option<&str>) -> usize {
    let columns = columns
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c > 0);
    flag.or(terminal)
        .or(columns)
        .unwrap_or(FILE_WIDTH)
        .max(MIN_WIDTH)
}

/// Whether to colour: `--color always` and `never` decide alone; `auto`
/// colours a terminal unless `NO_COLOR` is set (to anything but empty).
///
/// The one place colour is decided: a platform whose console must be told
/// to understand ANSI sequences (older Windows consoles) is switched here,
/// when this returns true.
pub fn decide_colour(flag: ColorArg, terminal: bool, no_color: Option<&str>) -> bool {
    match flag {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => terminal && no_color.is_none_or(str::is_empty),
    }
}

/// Whether the console shows ANSI colours. A Windows console does once its
/// virtual-terminal processing is on (Windows 10 and later; this turns it
/// on); an older console, or one where that fails, would print the codes
/// as text, so it gets plain output. Elsewhere always.
fn console_takes_ansi() -> bool {
    #[cfg(windows)]
    {
        anstyle_query::windows::enable_ansi_colors().unwrap_or(false)
    }
    #[cfg(not(windows))]
    {
        true
    }
}

/// Colours for marks and statuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paint {
    Green,
    Yellow,
    Red,
    Bold,
}

/// `text` in colour when `on`, as it is otherwise: output stays readable
/// without colour.
pub fn paint(text: &str, colour: Paint, on: bool) -> String {
    if !on || text.is_empty() {
        return text.to_string();
    }
    let code = match colour {
        Paint::Green => "32",
        Paint::Yellow => "33",
        Paint::Red => "31",
        Paint::Bold => "1",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// Columns `text` takes on a terminal: characters by their display width,
/// ANSI colour sequences not at all.
pub fn width_of(text: &str) -> usize {
    textwrap::core::display_width(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_comes_from_the_flag_then_the_terminal_then_columns() {
        assert_eq!(decide_width(Some(80), Some(120), Some("90")), 80);
        assert_eq!(decide_width(None, Some(120), Some("90")), 120);
        assert_eq!(decide_width(None, None, Some("90")), 90);
        assert_eq!(decide_width(None, None, Some("wide")), FILE_WIDTH);
        assert_eq!(decide_width(None, None, Some("0")), FILE_WIDTH);
        assert_eq!(decide_width(None, None, None), FILE_WIDTH);
        assert_eq!(decide_width(None, Some(5), None), MIN_WIDTH);
    }

    #[test]
    fn colour_always_wins_and_no_color_only_stops_auto() {
        assert!(decide_colour(ColorArg::Always, false, Some("1")));
        assert!(!decide_colour(ColorArg::Never, true, None));
        assert!(decide_colour(ColorArg::Auto, true, None));
        assert!(decide_colour(ColorArg::Auto, true, Some("")));
        assert!(!decide_colour(ColorArg::Auto, true, Some("1")));
        assert!(!decide_colour(ColorArg::Auto, false, None));
    }

    #[test]
    fn display_width_counts_marks_and_swedish_letters_once_and_colour_not_at_all() {
        assert_eq!(width_of("✔ Åsa Öberg"), 11);
        assert_eq!(width_of("→ ✘ ä"), 5);
        assert_eq!(width_of(&paint("✔ giltigt", Paint::Green, true)), 9);
    }
}
