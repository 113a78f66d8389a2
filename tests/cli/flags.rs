//! Each command takes the flags it uses and refuses the others (exit 2):
//! card-source flags only where a card is read, policy flags only where
//! certificates are judged; the output flags everywhere.

use super::harness::{sithsctl, sithsctl_env};

/// Card-source flags in a command's help.
const CARD_FLAGS: [&str; 5] = ["--reader", "--image", "--demo", "--pkcs11", "--timeout"];

fn help(command: &str) -> String {
    let run = sithsctl_env(&[command, "--help"], None, &[("COLUMNS", "100")]);
    assert_eq!(run.code, 0, "{run:?}");
    run.stdout
}

#[test]
fn commands_that_read_no_card_refuse_card_flags() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    for args in [
        vec!["fleet", "--image", "/nonexistent.json", d],
        vec!["fleet", "--demo", d],
        vec!["fleet", "--reader", "1", d],
        vec!["fleet", "--warn-days", "10", d],
        vec!["orgs", "--demo"],
        vec!["orgs", "--at", "2026-11-24"],
        vec!["completions", "bash", "--image", "x.json"],
        vec!["watch", "--image", "x.json"],
        vec!["watch", "--demo"],
        vec!["watch", "--reader", "1"],
        vec!["readers", "--pkcs11", "x.so"],
        vec!["dump", "-o", "-", "--at", "2026-11-24", "--demo"],
        vec!["virtual-card", "--image", "x.json", "--demo"],
    ] {
        let run = sithsctl(&args);
        assert_eq!(run.code, 2, "{args:?} was not refused: {run:?}");
        assert!(
            run.stderr.contains("unexpected argument"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn watch_refuses_a_card_image_and_says_what_to_use() {
    let run = sithsctl(&["watch", "--demo"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("sithsctl check --demo"),
        "{}",
        run.stderr
    );
    let run = sithsctl(&["fleet", "--demo", "x"]);
    assert!(!run.stderr.contains("Hint: watch"), "{}", run.stderr);
}

#[test]
fn help_lists_only_the_flags_a_command_uses() {
    for command in ["fleet", "orgs", "completions"] {
        let text = help(command);
        for flag in CARD_FLAGS.iter().chain(&["--ca", "--warn-days"]) {
            assert!(
                !text.contains(flag),
                "{command} --help lists {flag}:\n{text}"
            );
        }
        assert!(
            text.contains("--lang") && text.contains("--width"),
            "{text}"
        );
    }
    let watch = help("watch");
    for flag in ["--image", "--demo", "--reader", "--pkcs11"] {
        assert!(!watch.contains(flag), "watch --help lists {flag}:\n{watch}");
    }
    for command in ["inspect", "certs", "check", "doctor", "order-info", "dump"] {
        let text = help(command);
        // The flags as listed (the description may name one before).
        let listed = &text[text.find("Options:").unwrap()..];
        let at = listed
            .find("Card source:")
            .unwrap_or_else(|| panic!("{command}:\n{text}"));
        for flag in CARD_FLAGS {
            let found = listed
                .find(flag)
                .unwrap_or_else(|| panic!("{command}: {flag}"));
            assert!(
                found > at,
                "{command}: {flag} is not under Card source:\n{text}"
            );
        }
    }
    let readers = help("readers");
    assert!(
        readers.contains("--demo") && !readers.contains("--pkcs11"),
        "{readers}"
    );
    let check = help("check");
    let policy = check.find("Policy:").unwrap();
    assert!(check.find("--strict").unwrap() > policy, "{check}");
    assert!(check.find("--at <DATE>").unwrap() > policy, "{check}");
    assert!(
        check.find("Output:").unwrap() < check.find("--json").unwrap(),
        "{check}"
    );
}

#[test]
fn flags_before_the_command_still_work_where_the_command_takes_them() {
    let old = sithsctl(&["--demo", "--at", "2026-11-24", "inspect", "--json"]);
    let new = sithsctl(&["inspect", "--demo", "--at", "2026-11-24", "--json"]);
    assert_eq!(old.code, 0, "{old:?}");
    let strip = |r: &super::harness::Run| {
        let mut doc = r.json();
        doc["generated_at"] = serde_json::Value::Null;
        doc["card"]["elapsed_ms"] = serde_json::Value::Null;
        doc
    };
    assert_eq!(strip(&old), strip(&new));
    let dir = tempfile::tempdir().unwrap();
    let refused = sithsctl(&["--image", "x.json", "fleet", dir.path().to_str().unwrap()]);
    assert_eq!(refused.code, 2, "{refused:?}");
    // Output flags go anywhere.
    let run = sithsctl(&["certs", "--demo", "--lang", "sv", "--width", "90"]);
    assert!(run.stdout.contains("Läsare:"), "{run:?}");
    assert_eq!(sithsctl(&["certs", "--demo", "--width", "5"]).code, 2);
}
