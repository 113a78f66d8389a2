//! The house rules, checked on the source itself (docs/architecture.md):
//! no import circles between files, a lower floor never imports a higher
//! one, and no room grows past the size where it stops having one concern.
//!
//! Imports are read as text (`crate::a::b`, `super::x`, grouped
//! `{...}`), from each file up to its first `#[cfg(test)]`: tests may look
//! anywhere. A reference resolves to the longest module path that is a file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The floors, lowest first. A file may use its own floor and those below.
const FLOORS: [&str; 6] = [
    "base",
    "reading",
    "understanding",
    "services",
    "report",
    "cli",
];

/// Lines a source file may have, tests included, before it must be split.
const MAX_LINES: usize = 600;

struct Source {
    module: Vec<String>,
    text: String,
    lines: usize,
}

fn sources() -> BTreeMap<PathBuf, Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let rel = path.strip_prefix(&root).unwrap().to_path_buf();
            let mut module: Vec<String> = rel
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(
                module.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                module.pop();
            }
            let full = std::fs::read_to_string(&path).unwrap();
            let code = match full.find("#[cfg(test)]") {
                Some(at) => &full[..at],
                None => &full[..],
            };
            // Comments may name any room (doc links); only code imports.
            let text: String = code
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            out.insert(
                rel,
                Source {
                    module,
                    text,
                    lines: full.lines().count(),
                },
            );
        }
    }
    out
}

/// Every module path the text names, as written (`crate::` or `super::`
/// resolved against `module`), groups expanded one level per brace.
fn references(module: &[String], text: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for start in ["crate::", "super::"] {
        let mut rest = text;
        while let Some(at) = rest.find(start) {
            let before = rest[..at].chars().last();
            rest = &rest[at + start.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let base: Vec<String> = if start == "crate::" {
                Vec::new()
            } else {
                // A file's module is `a::b` for both `a/b.rs` and
                // `a/b/mod.rs`; in both, `super` is `a`.
                let mut m = module.to_vec();
                m.pop();
                m
            };
            expand(base, rest, &mut found);
        }
    }
    found
}

fn expand(mut path: Vec<String>, text: &str, found: &mut Vec<Vec<String>>) {
    let mut rest = text;
    loop {
        let ident: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if ident.is_empty() {
            if let Some(inner) = rest.strip_prefix('{') {
                let end = inner.find('}').unwrap_or(inner.len());
                for part in inner[..end].split(',') {
                    expand(path.clone(), part.trim(), found);
                }
                return;
            }
            break;
        }
        path.push(ident.clone());
        rest = &rest[ident.len()..];
        match rest.strip_prefix("::") {
            Some(r) => rest = r,
            None => break,
        }
    }
    found.push(path);
}

/// The file each referenced module path lands in: its longest prefix that
/// is a file's module.
fn edges(files: &BTreeMap<PathBuf, Source>) -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let by_module: BTreeMap<&[String], &PathBuf> = files
        .iter()
        .map(|(path, s)| (s.module.as_slice(), path))
        .collect();
    let mut out = BTreeMap::new();
    for (path, source) in files {
        let mut targets = BTreeSet::new();
        for reference in references(&source.module, &source.text) {
            let hit = (1..=reference.len())
                .rev()
                .find_map(|n| by_module.get(&reference[..n]).copied());
            if let Some(target) = hit {
                if target != path {
                    targets.insert(target.clone());
                }
            }
        }
        out.insert(path.clone(), targets);
    }
    out
}

fn floor(path: &Path) -> Option<usize> {
    let top = path.components().next()?.as_os_str().to_str()?;
    FLOORS.iter().position(|f| *f == top)
}

#[test]
fn no_file_imports_a_file_that_imports_it_back() {
    let files = sources();
    let graph = edges(&files);
    // Depth-first search for a back edge; report the circle it closes.
    let mut circles = Vec::new();
    let mut state: BTreeMap<&PathBuf, u8> = BTreeMap::new();
    fn visit<'a>(
        node: &'a PathBuf,
        graph: &'a BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        state: &mut BTreeMap<&'a PathBuf, u8>,
        stack: &mut Vec<&'a PathBuf>,
        circles: &mut Vec<String>,
    ) {
        state.insert(node, 1);
        stack.push(node);
        for next in &graph[node] {
            match state.get(next) {
                Some(1) => {
                    let from = stack.iter().position(|n| *n == next).unwrap();
                    let names: Vec<String> = stack[from..]
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect();
                    circles.push(format!("{} -> {}", names.join(" -> "), next.display()));
                }
                Some(_) => {}
                None => visit(next, graph, state, stack, circles),
            }
        }
        stack.pop();
        state.insert(node, 2);
    }
    for node in graph.keys() {
        if !state.contains_key(node) {
            visit(node, &graph, &mut state, &mut Vec::new(), &mut circles);
        }
    }
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}

#[test]
fn no_floor_imports_a_higher_floor() {
    let files = sources();
    let mut wrong = Vec::new();
    for (from, targets) in edges(&files) {
        let Some(low) = floor(&from) else { continue };
        for to in targets {
            if let Some(high) = floor(&to) {
                if high > low {
                    wrong.push(format!("{} -> {}", from.display(), to.display()));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that run up a floor:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_source_file_sits_on_a_floor_and_none_is_too_large() {
    let files = sources();
    let mut wrong = Vec::new();
    for (path, source) in &files {
        let top_level = path.components().count() == 1;
        if top_level && !matches!(path.to_str(), Some("lib.rs" | "main.rs")) {
            wrong.push(format!("{}: outside the floors {FLOORS:?}", path.display()));
        }
        if source.lines > MAX_LINES {
            wrong.push(format!(
                "{}: {} lines (over {MAX_LINES})",
                path.display(),
                source.lines
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The checker itself must see an import, or every test above passes on
/// nothing: the read module must be seen importing the card room.
#[test]
fn the_import_reader_sees_real_imports() {
    let files = sources();
    let graph = edges(&files);
    let read = &graph[Path::new("reading/read.rs")];
    assert!(
        read.contains(Path::new("reading/card/transport.rs")),
        "{read:?}"
    );
    assert!(read.contains(Path::new("reading/card_read.rs")), "{read:?}");
    let refs = references(&["a".into(), "b".into()], "use super::{x::Y, z};");
    assert_eq!(
        refs,
        vec![
            vec!["a".to_string(), "x".into(), "Y".into()],
            vec!["a".into(), "z".into()]
        ]
    );
}
