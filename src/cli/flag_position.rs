//! The flags' old position: card-reading flags were global before they
//! moved to the commands that read a card, and scripts on workstations
//! still write them before the command's name (`sithsctl --demo
//! inspect`). They are moved after it here, before clap sees them, so the
//! command takes them or refuses them (exit 2).

use std::ffi::OsString;

/// Flags that were global before they moved to the commands that use them,
/// with whether each takes a value. Written before the command's name
/// (`sithsctl --demo inspect`, as older scripts do), they are moved after
/// it, where the command takes them or refuses them (exit 2).
const MOVED_FLAGS: &[(&str, bool)] = &[
    ("--reader", true),
    ("-r", true),
    ("--image", true),
    ("--demo", false),
    ("--pkcs11", true),
    ("--timeout", true),
    ("--warn-days", true),
    ("--ca", true),
    ("--at", true),
    ("--show-personal-numbers", false),
];

/// Global flags that take a value, so that the value is not taken for the
/// command's name.
const GLOBAL_WITH_VALUE: &[&str] = &["--lang", "--color", "--width", "--output-version"];

/// The arguments with the flags of [`MOVED_FLAGS`] that stand before the
/// command's name moved to just after it; anything else as it was.
pub fn move_command_flags(args: Vec<OsString>) -> Vec<OsString> {
    let mut out: Vec<OsString> = Vec::with_capacity(args.len());
    let mut moved: Vec<OsString> = Vec::new();
    let mut rest = args.iter().cloned().enumerate();
    if let Some((_, program)) = rest.next() {
        out.push(program);
    }
    while let Some((i, arg)) = rest.next() {
        let Some(text) = arg.to_str().map(str::to_string) else {
            return args;
        };
        let text = text.as_str();
        if text == "--" {
            return args;
        }
        if !text.starts_with('-') {
            out.push(arg);
            out.extend(moved);
            out.extend(args.into_iter().skip(i + 1));
            return out;
        }
        let (name, inline) = match text.split_once('=') {
            Some((name, _)) => (name, true),
            None => (text, false),
        };
        let short_r = name.starts_with("-r") && !name.starts_with("--") && name.len() > 2;
        if let Some((_, takes_value)) = MOVED_FLAGS.iter().find(|(f, _)| *f == name) {
            moved.push(arg);
            if *takes_value && !inline {
                moved.extend(rest.next().map(|(_, v)| v));
            }
        } else if short_r {
            moved.push(arg);
        } else {
            out.push(arg);
            if GLOBAL_WITH_VALUE.contains(&name) && !inline {
                out.extend(rest.next().map(|(_, v)| v));
            }
        }
    }
    // No command named: clap says what is missing.
    args
}

/// What to do instead when a command refused a card flag it does not take:
/// `watch` follows readers, so a card image is checked with `check`.
pub fn refused_flag_hint(args: &[OsString]) -> Option<&'static str> {
    let words: Vec<&str> = args.iter().filter_map(|a| a.to_str()).collect();
    let command = words.iter().skip(1).find(|w| !w.starts_with('-'))?;
    let card_flag = words
        .iter()
        .any(|w| ["--image", "--demo"].contains(&w.split('=').next().unwrap_or(w)));
    (*command == "watch" && card_flag).then_some(
        "watch follows the card readers; to check a card image or the demo card \
         once, use `sithsctl check --image FILE` or `sithsctl check --demo`.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moved(args: &[&str]) -> Vec<String> {
        move_command_flags(args.iter().map(OsString::from).collect())
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect()
    }

    #[test]
    fn flags_before_the_command_move_after_its_name() {
        assert_eq!(
            moved(&[
                "sithsctl",
                "--demo",
                "--at",
                "2026-11-24",
                "inspect",
                "--org",
                "rjl"
            ]),
            [
                "sithsctl",
                "inspect",
                "--demo",
                "--at",
                "2026-11-24",
                "--org",
                "rjl"
            ]
        );
        assert_eq!(
            moved(&[
                "sithsctl",
                "--lang",
                "sv",
                "-r1",
                "--image=x.json",
                "check",
                "--json"
            ]),
            [
                "sithsctl",
                "--lang",
                "sv",
                "check",
                "-r1",
                "--image=x.json",
                "--json"
            ]
        );
        assert_eq!(
            moved(&["sithsctl", "--color", "always", "--reader", "omnikey", "certs"]),
            ["sithsctl", "--color", "always", "certs", "--reader", "omnikey"]
        );
    }

    #[test]
    fn everything_else_stays_where_it_is() {
        for args in [
            vec!["sithsctl", "inspect", "--demo"],
            vec!["sithsctl", "--json", "fleet", "--at", "2027-01-01", "dir"],
            vec!["sithsctl", "--demo"],
            vec!["sithsctl", "--", "--demo", "inspect"],
        ] {
            assert_eq!(moved(&args), args);
        }
    }
}
