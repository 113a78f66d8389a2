//! The Windows program under Wine (issue #19). `scripts/windows.sh`
//! cross-builds `sithsctl.exe`, packages the zip and unpacks it into a
//! Wine prefix (`target/windows/wine`, in `C:\Program Files\sithsctl`, as
//! the Windows note tells users to); these tests run that exe and hold
//! its documents against the Linux build's on the same inputs.
//!
//! They need the build and Wine, so they are ignored unless asked for:
//! `WINDOWS_TESTS=1 scripts/test.sh` runs the script and then every test,
//! these included (CI always does). An ignored test is reported as
//! ignored, never as passed. Run on their own, they fail with a message
//! when the build is missing or older than the sources: never a pass
//! without having run the Windows program.
//!
//! Wine 8 is not Windows: it lacks `ProcessPrng` (a stand-in from
//! `tests/wine/` is installed into the prefix) and its WinSCard is a stub
//! that fails every call, so no test here reads a card over PC/SC; the
//! stub shows what a user sees when the Smart Card subsystem cannot be
//! used.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;
use sithsctl::reading::layout::idprime::{self, IdprimeOptions, IDPRIME_940_ATR};
use sithsctl::reading::layout::pkcs15::build_image;

use super::cards::{card, layouts, write_image};
use super::harness::{sithsctl_env, Run};

/// Validity is judged at a fixed date, so both builds agree and the
/// tests never rot.
const AT: &str = "2026-11-24";
/// Far more than a run takes (about half a second under Wine): only a
/// hung Wine reaches it.
const LIMIT: Duration = Duration::from_secs(120);
/// What the Windows program is given as its configuration file unless a
/// test says otherwise: none, so a test's own file in %APPDATA% cannot
/// reach the other tests.
const NO_CONFIG: &str = r"C:\sithsctl-tests\no-config.toml";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The prefix, Wine and the installed exe, checked once.
struct Wine {
    wine: PathBuf,
    prefix: PathBuf,
}

const EXE: &str = r"C:\Program Files\sithsctl\sithsctl.exe";

fn wine() -> &'static Wine {
    static WINE: OnceLock<Result<Wine, String>> = OnceLock::new();
    match WINE.get_or_init(find_wine) {
        Ok(w) => w,
        Err(e) => panic!("{e}"),
    }
}

fn find_wine() -> Result<Wine, String> {
    let how = "run `scripts/windows.sh` (`WINDOWS_TESTS=1 scripts/test.sh` does)";
    let wine = ["/usr/lib/wine/wine64", "/usr/bin/wine64", "/usr/bin/wine"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .ok_or(format!("Wine (wine64) is not installed: {how}"))?;
    let prefix = root().join("target/windows/wine");
    let installed = prefix.join("drive_c/Program Files/sithsctl/sithsctl.exe");
    let built = root().join("target/windows-build/x86_64-pc-windows-gnu/release/sithsctl.exe");
    // What the zip ships: the build, stripped.
    let shipped = root().join("target/windows/sithsctl.exe");
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("{}: {e}: {how}", p.display()));
    if read(&installed)? != read(&shipped)? {
        return Err(format!(
            "the exe installed in the Wine prefix is not the one packaged last: {how}"
        ));
    }
    // A build older than the sources would test yesterday's program.
    let built_at = modified(&built).ok_or(format!("{}: no time: {how}", built.display()))?;
    if modified(&shipped).is_none_or(|t| t < built_at) {
        return Err(format!("the exe packaged is older than the build: {how}"));
    }
    let mut sources = vec![root().join("Cargo.toml"), root().join("Cargo.lock")];
    for dir in ["src", "data"] {
        collect(&root().join(dir), &mut sources);
    }
    if let Some(newer) = sources
        .iter()
        .find(|p| modified(p).is_some_and(|t| t > built_at))
    {
        return Err(format!(
            "{} changed after sithsctl.exe was built: {how}",
            newer.display()
        ));
    }
    Ok(Wine { wine, prefix })
}

fn modified(p: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The Windows form of a path on this machine: Wine's Z: drive is `/`.
fn winpath(p: &Path) -> String {
    format!("Z:{}", p.display()).replace('/', "\\")
}

/// The Linux path of a Windows path on the prefix's C: drive.
fn unix_path(w: &Wine, windows: &str) -> PathBuf {
    let rest = windows
        .strip_prefix(r"C:\")
        .unwrap_or_else(|| panic!("not on C: {windows}"));
    w.prefix.join("drive_c").join(rest.replace('\\', "/"))
}

/// Runs the Windows program with `args`, English messages, no
/// configuration file (unless `env` names one, or removes it with an
/// empty value) and a time limit.
fn win(args: &[&str], env: &[(&str, &str)]) -> Run {
    let w = wine();
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = (dir.path().join("out"), dir.path().join("err"));
    let mut cmd = Command::new(&w.wine);
    cmd.arg(EXE)
        .args(args)
        .env("WINEPREFIX", &w.prefix)
        .env("WINEDEBUG", "-all")
        .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("SITHSCTL_READER")
        .env_remove("NO_COLOR")
        .env("SITHSCTL_CONFIG", NO_CONFIG);
    for (k, v) in env {
        if v.is_empty() {
            cmd.env_remove(k);
        } else {
            cmd.env(k, v);
        }
    }
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", w.wine.display()));
    let deadline = Instant::now() + LIMIT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("sithsctl.exe {args:?} did not end within {LIMIT:?} under Wine");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let bytes = |p: &Path| std::fs::read(p).unwrap_or_default();
    let (stdout, stderr) = (bytes(&out), bytes(&err));
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8(stdout).expect("the Windows program writes UTF-8"),
        stderr: String::from_utf8(stderr).expect("the Windows program writes UTF-8"),
    }
}

/// Runs the Linux build the same way: English, no configuration file.
fn linux(args: &[&str], dir: &Path) -> Run {
    let none = dir.join("no-config.toml");
    sithsctl_env(args, None, &[("SITHSCTL_CONFIG", none.to_str().unwrap())])
}

/// A document without what must differ between two runs on two systems:
/// the host, the time it was written, how long a read took, and the
/// folder the inputs sit in (`<dir>`, with `/` between names).
fn normalised(doc: &Value, dirs: &[&Path]) -> Value {
    match doc {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !matches!(k.as_str(), "host" | "generated_at" | "os"))
                .filter(|(k, _)| !k.ends_with("_ms"))
                .map(|(k, v)| (k.clone(), normalised(v, dirs)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| normalised(v, dirs)).collect()),
        Value::String(s) => {
            let mut s = s.clone();
            for dir in dirs {
                let windows = winpath(dir);
                if let Some(at) = s.find(&windows) {
                    let tail = s[at + windows.len()..].replace('\\', "/");
                    s = format!("{}<dir>{tail}", &s[..at]);
                }
                s = s.replace(&dir.display().to_string(), "<dir>");
            }
            Value::String(without_ms(&s))
        }
        other => other.clone(),
    }
}

/// `text` with every duration in milliseconds (`8 certificates read in
/// 3 ms`) as `N ms`: how long a read took differs from run to run.
fn without_ms(text: &str) -> String {
    let mut out = String::new();
    let mut digits = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if !digits.is_empty() {
            let rest: String = std::iter::once(c).chain(chars.clone().take(2)).collect();
            let ms = rest == " ms" && !chars.clone().nth(2).is_some_and(char::is_alphanumeric);
            out.push_str(if ms { "N" } else { &digits });
            digits.clear();
        }
        out.push(c);
    }
    out.push_str(&digits);
    out
}

fn json(run: &Run, what: &str) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{what}: stdout is not JSON ({e}): {run:?}"))
}

/// Runs `args` on both builds and holds their exit codes and documents
/// (normalised) against each other; returns the Windows document.
fn same_document(linux_args: &[&str], windows_args: &[&str], dirs: &[&Path]) -> Value {
    let tmp = tempfile::tempdir().unwrap();
    let (l, w) = (linux(linux_args, tmp.path()), win(windows_args, &[]));
    assert_eq!(
        w.code, l.code,
        "{windows_args:?}: exit codes differ\nwindows: {w:?}\nlinux: {l:?}"
    );
    let (lj, wj) = (
        normalised(&json(&l, "linux"), dirs),
        normalised(&json(&w, "windows"), dirs),
    );
    assert!(
        lj == wj,
        "{windows_args:?}: the documents differ\nwindows: {}\nlinux: {}",
        serde_json::to_string_pretty(&wj).unwrap(),
        serde_json::to_string_pretty(&lj).unwrap()
    );
    wj
}

#[test]
fn durations_are_blanked_and_nothing_else() {
    assert_eq!(
        without_ms("8 read in 12 ms (26 commands), 3 msgs, 40 ms"),
        "8 read in N ms (26 commands), 3 msgs, N ms"
    );
}

#[test]
#[ignore = "the Windows build under Wine: WINDOWS_TESTS=1 scripts/test.sh"]
fn version_is_the_packages() {
    let w = win(&["--version"], &[]);
    assert_eq!(w.code, 0, "{w:?}");
    assert_eq!(
        w.stdout.trim(),
        format!("sithsctl {}", env!("CARGO_PKG_VERSION")),
        "{w:?}"
    );
}

#[test]
#[ignore = "the Windows build under Wine: WINDOWS_TESTS=1 scripts/test.sh"]
fn demo_documents_are_the_linux_ones() {
    let cases: [&[&str]; 6] = [
        &["inspect"],
        &["inspect", "--org", "gbg"],
        &["check", "--org", "jonkoping", "--require-signature"],
        &["check", "--org", "gbg"],
        &["doctor", "--org", "jonkoping"],
        &["order-info", "--org", "gbg", "--card-expiry", "2030-05-31"],
    ];
    for case in cases {
        let mut args = vec!["--demo", "--at", AT, "--json"];
        args.extend_from_slice(case);
        let doc = same_document(&args, &args, &[]);
        assert!(doc["schema_version"].is_string(), "{case:?}: {doc}");
    }
    // The support ticket: the same but for the system, host and time.
    let args = ["--demo", "--at", AT, "doctor", "--ticket", "--org", "gbg"];
    let tmp = tempfile::tempdir().unwrap();
    let (l, w) = (linux(&args, tmp.path()), win(&args, &[]));
    assert_eq!((w.code, l.code), (1, 1), "{w:?}");
    let keep = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| !["OS:", "Host:", "Time:"].iter().any(|k| l.starts_with(k)))
            .map(without_ms)
            .collect()
    };
    assert_eq!(keep(&w.stdout), keep(&l.stdout));
    assert!(w.stdout.contains("OS: windows x86_64"), "{w:?}");
    // The demo's verdicts, so "the same" is not "the same nothing".
    let check = win(
        &["--demo", "--at", AT, "--json", "check", "--org", "rjl"],
        &[],
    );
    assert_eq!(check.code, 0, "{check:?}");
    assert_eq!(json(&check, "check")["policy"]["passed"], true);
    let gbg = win(
        &["--demo", "--at", AT, "--json", "check", "--org", "gbg"],
        &[],
    );
    assert_eq!(gbg.code, 1, "{gbg:?}");
}

#[test]
#[ignore = "the Windows build under Wine: WINDOWS_TESTS=1 scripts/test.sh"]
fn dump_is_the_linux_image_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let strip = |text: &str| {
        let mut v: Value = serde_json::from_str(text).expect("a card image is JSON");
        // Says when and by which build it was dumped.
        v.as_object_mut().unwrap().remove("description");
        v
    };
    // With the personnummer certificates, so the image holds all eight.
    let l = linux(
        &[
            "--demo",
            "--json",
            "dump",
            "--include-personal-numbers",
            "-o",
            "-",
        ],
        dir.path(),
    );
    let w = win(
        &[
            "--demo",
            "--json",
            "dump",
            "--include-personal-numbers",
            "-o",
            "-",
        ],
        &[],
    );
    assert_eq!((w.code, l.code), (0, 0), "{w:?}");
    assert_eq!(strip(&w.stdout), strip(&l.stdout));
    // Written to a Windows path, then read by the Linux build.
    let file = dir.path().join("card.json");
    let w = win(
        &[
            "--demo",
            "dump",
            "--include-personal-numbers",
            "-o",
            &winpath(&file),
        ],
        &[],
    );
    assert_eq!(w.code, 0, "{w:?}");
    assert!(w.stderr.contains(&winpath(&file)), "{w:?}");
    let image = file.to_str().unwrap();
    let args = ["--image", image, "--json", "certs"];
    let back = linux(&args, dir.path());
    let demo = linux(&["--demo", "--json", "certs"], dir.path());
    assert_eq!(back.code, 0, "{back:?}");
    let sha = |r: &Run| -> Vec<Value> {
        json(r, "certs")["certificates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["sha256"].clone())
            .collect()
    };
    assert_eq!(sha(&back), sha(&demo));
    assert_eq!(sha(&back).len(), 8);
}

/// Every test card, every PKCS#15 layout variation and the IDPrime
/// layouts, as images in `dir`.
fn every_card_image(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for letter in 'a'..='h' {
        let name = format!("card-{letter}");
        out.push((name.clone(), write_image(&card(letter), dir, &name)));
    }
    for (name, spec) in layouts() {
        let name = format!("layout-{name}");
        out.push((name.clone(), write_image(&spec, dir, &name)));
    }
    let mut idp = card('a');
    idp.atr = IDPRIME_940_ATR.to_vec();
    for (name, image) in [
        (
            "idprime",
            idprime::build_image(&idp, &IdprimeOptions::default()),
        ),
        (
            "pkcs15+idprime",
            idprime::build_both(&idp, &IdprimeOptions::default()),
        ),
        ("pkcs15-t1", build_image(&card('a'))),
    ] {
        let path = dir.join(format!("{name}.json"));
        std::fs::write(&path, image.to_json()).unwrap();
        out.push((name.to_string(), path));
    }
    out
}

#[test]
#[ignore = "the Windows build under Wine: WINDOWS_TESTS=1 scripts/test.sh"]
fn every_test_card_image_gives_the_linux_certificates_and_verdicts() {
    let dir = tempfile::tempdir().unwrap();
    let images = every_card_image(dir.path());
    assert!(images.len() >= 17, "{images:?}");
    let mut verdicts = std::collections::BTreeSet::new();
    // The test cards' made-up PKI, trusted as the Linux tests trust it.
    let cas: Vec<std::path::PathBuf> = [
        "ca-root-v2",
        "ca-person-hsa-id-3",
        "ca-person-hsa-id-2",
        "ca-person-id-3",
    ]
    .iter()
    .map(|n| super::harness::data(&format!("pki/{n}.der")))
    .collect();
    let unix_cas: Vec<String> = cas
        .iter()
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    let win_cas: Vec<String> = cas.iter().map(|p| winpath(p)).collect();
    for (name, path) in &images {
        let (unix, windows) = (path.to_str().unwrap().to_string(), winpath(path));
        for command in [
            &["certs"][..],
            &["check", "--org", "jonkoping", "--require-signature"],
        ] {
            let mut l = vec!["--image", unix.as_str(), "--at", AT, "--json"];
            l.extend_from_slice(command);
            let mut w = vec!["--image", windows.as_str(), "--at", AT, "--json"];
            w.extend_from_slice(command);
            if command[0] == "check" {
                for ca in &unix_cas {
                    l.extend(["--ca", ca.as_str()]);
                }
                for ca in &win_cas {
                    w.extend(["--ca", ca.as_str()]);
                }
            }
            let doc = same_document(&l, &w, &[dir.path()]);
            if command[0] == "check" {
                verdicts.insert(doc["verdict"].as_str().unwrap_or("?").to_string());
            } else {
                let n = doc["certificates"].as_array().map_or(0, Vec::len);
                assert!(n > 0, "{name}: no certificates: {doc}");
                // The reader is the image, named by its Windows path.
                assert_eq!(
                    doc["card"]["reader"],
                    format!("<dir>/{name}.json"),
                    "{name}"
                );
            }
        }
    }
    // Passing, warning and failing cards all came through.
    assert!(
        verdicts.contains("fail") && verdicts.len() >= 2,
        "{verdicts:?}"
    );
}

/// `check` reports of a few cards, written by the Linux build, plus one
/// broken file.
fn reports(dir: &Path) -> PathBuf {
    let reports = dir.join("reports");
    std::fs::create_dir_all(reports.join("ward 7")).unwrap();
    for letter in ['a', 'b', 'c', 'e', 'f'] {
        let image = write_image(&card(letter), dir, &letter.to_string());
        let run = linux(
            &[
                "--image",
                image.to_str().unwrap(),
                "--at",
                AT,
                "--json",
                "check",
                "--org",
                "rjl",
            ],
            dir,
        );
        assert!(run.code <= 1, "{run:?}");
        let sub = if letter < 'c' { "" } else { "ward 7" };
        std::fs::write(
            reports.join(sub).join(format!("ws-{letter}.json")),
            &run.stdout,
        )
        .unwrap();
    }
    std::fs::write(reports.join("broken.json"), "{ not json").unwrap();
    reports
}

#[test]
#[ignore = "the Windows build under Wine: WINDOWS_TESTS=1 scripts/test.sh"]
fn fleet_over_windows_paths() {
    let w = wine();
    let dir = tempfile::tempdir().unwrap();
    let reports = reports(dir.path());
    let args = |folder: &str| -> Vec<String> {
        ["--at", AT, "--json", "fleet", "--org", "rjl", folder]
            .iter()
            .map(|s| s.to_string())
            .collect()
    };
    let l_args = args(reports.to_str().unwrap());
    let w_args = args(&winpath(&reports));
    let doc = same_document(&strs(&l_args), &strs(&w_args), &[dir.path()]);
    assert_eq!(doc["cards"]["total"], 5, "{doc}");
    assert_eq!(doc["inputs"]["skipped"], 1, "{doc}");
    // The broken file is named with its Windows path, and makes it exit 1.
    let run = win(&strs(&w_args), &[]);
    assert_eq!(run.code, 1, "{run:?}");
    let broken = format!(r"{}\broken.json", winpath(&reports));
    assert!(run.stderr.contains(&broken), "{broken}: {run:?}");
    // The same reports on the C: drive, by a drive-letter path.
    let name = format!("sithsctl-fleet-{}", std::process::id());
    let on_c = w.prefix.join("drive_c").join(&name);
    copy_tree(&reports, &on_c);
    let c_args = args(&format!(r"C:\{name}"));
    let run = win(&strs(&c_args), &[]);
    let _ = std::fs::remove_dir_all(&on_c);
    assert_eq!(run.code, 1, "{run:?}");
    let c_doc = normalised(&json(&run, "fleet on C:"), &[]);
    assert_eq!(c_doc["cards"], doc["cards"], "{c_doc}\nagainst\n{doc}");
    assert_eq!(
        c_doc["needs_action"].as_array().map(Vec::len),
        doc["needs_action"].as_array().map(Vec::len)
    );
    assert!(
        run.stderr.contains(&format!(r"C:\{name}\broken.json")),
        "{run:?}"
    );
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Removes the configuration file written into %APPDATA% when dropped.
struct AppDataConfig(PathBuf);

impl Drop for AppDataConfig {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
#[ignore = "the Windows build under Wine: WINDOWS_TESTS=1 scripts/test.sh"]
fn the_configuration_file_in_appdata_takes_effect() {
    let w = wine();
    // Where Windows keeps it: %APPDATA%\sithsctl\config\config.toml.
    let unset = [("SITHSCTL_CONFIG", "")];
    let run = win(&["orgs", "--path"], &unset);
    assert_eq!(run.code, 0, "{run:?}");
    let path = run.stdout.trim().to_string();
    assert!(
        path.starts_with(r"C:\users\")
            && path.ends_with(r"\AppData\Roaming\sithsctl\config\config.toml"),
        "{path}"
    );
    let file = unix_path(w, &path);
    // Without a file, check has no organisation to hold the card to.
    let _ = std::fs::remove_file(&file);
    let before = win(&["--demo", "--at", AT, "--json", "check"], &unset);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let guard = AppDataConfig(file.clone());
    std::fs::write(
        &file,
        // A Windows path in single quotes, as the Windows note says.
        "org = \"gbg\"\nlang = \"sv\"\npkcs11_modules = ['C:\\Program Files\\Vendor\\pkcs11.dll']\n\n[[organisation]]\nnumber = \"212000-0142\"\nname = \"Linköpings kommun\"\naliases = [\"linköping\"]\n",
    )
    .unwrap();
    let after = win(&["--demo", "--at", AT, "--json", "check"], &unset);
    let orgs = win(&["orgs"], &unset);
    // A broken file is refused with its Windows path and the line: in
    // double quotes a backslash starts an escape.
    std::fs::write(
        &file,
        "org = \"gbg\"\npkcs11_modules = [\"C:\\Program Files\\Vendor\\pkcs11.dll\"]\n",
    )
    .unwrap();
    let broken = win(&["--demo", "inspect"], &unset);
    drop(guard);
    assert_ne!(
        before.code, after.code,
        "before: {before:?}\nafter: {after:?}"
    );
    assert_eq!(
        after.code, 1,
        "the demo card has no Göteborg certificate: {after:?}"
    );
    let doc = json(&after, "check");
    assert_eq!(doc["policy"]["org"]["number"], "2120001355", "{doc}");
    // In Swedish: the document Linux writes when told so by flags.
    let tmp = tempfile::tempdir().unwrap();
    let told = linux(
        &[
            "--demo", "--at", AT, "--json", "--lang", "sv", "check", "--org", "gbg",
        ],
        tmp.path(),
    );
    assert_eq!(
        normalised(&doc, &[]),
        normalised(&json(&told, "linux"), &[])
    );
    assert!(orgs.stdout.contains("Linköpings kommun"), "{orgs:?}");
    assert_eq!(broken.code, 5, "{broken:?}");
    assert!(
        broken.stderr.contains(&path)
            && broken.stderr.contains("line 2")
            && broken.stderr.contains("single quotes"),
        "{broken:?}"
    );
}

#[test]
#[ignore = "the Windows build under Wine: WINDOWS_TESTS=1 scripts/test.sh"]
fn exit_codes_are_the_linux_ones() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{}").unwrap();
    let b = write_image(&card('b'), dir.path(), "b");
    let (bad_l, bad_w) = (bad.to_str().unwrap().to_string(), winpath(&bad));
    let (b_l, b_w) = (b.to_str().unwrap().to_string(), winpath(&b));
    let cases: Vec<(i32, Vec<&str>, Vec<&str>)> = vec![
        (0, vec!["--demo", "check", "--org", "rjl"], vec![]),
        (1, vec!["--demo", "check", "--org", "gbg"], vec![]),
        (2, vec!["--no-such-flag"], vec![]),
        (2, vec!["--demo", "check", "--org", "atlantis"], vec![]),
        (
            1,
            vec!["--image", &b_l, "--at", AT, "check", "--org", "rjl"],
            vec!["--image", &b_w, "--at", AT, "check", "--org", "rjl"],
        ),
        (
            5,
            vec!["--image", &bad_l, "certs"],
            vec!["--image", &bad_w, "certs"],
        ),
    ];
    for (code, l, w) in cases {
        let w = if w.is_empty() { l.clone() } else { w };
        let (lr, wr) = (linux(&l, dir.path()), win(&w, &[]));
        assert_eq!(lr.code, code, "linux {l:?}: {lr:?}");
        assert_eq!(wr.code, code, "windows {w:?}: {wr:?}");
    }
    // The bad image is named by its Windows path.
    let run = win(&["--image", &bad_w, "certs"], &[]);
    assert!(run.stderr.contains(&bad_w), "{run:?}");
}

#[test]
#[ignore = "the Windows build under Wine: WINDOWS_TESTS=1 scripts/test.sh"]
fn swedish_text_arrives_as_utf8() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &[
            "--demo",
            "--at",
            AT,
            "--lang",
            "sv",
            "inspect",
            "--org",
            "jonkoping",
        ][..],
        &[
            "--demo", "--at", AT, "--lang", "sv", "doctor", "--org", "gbg",
        ],
        &["--lang", "sv", "orgs"],
    ] {
        let (l, w) = (linux(args, dir.path()), win(args, &[]));
        assert_eq!(w.code, l.code, "{args:?}: {w:?}");
        // `win` already insists on UTF-8; the very same text as on Linux
        // (but for how long a read took).
        // The configuration file's place (orgs names it) differs too.
        let linux_config = dir.path().join("no-config.toml");
        assert_eq!(
            without_ms(&w.stdout).replace(NO_CONFIG, "<config>"),
            without_ms(&l.stdout).replace(linux_config.to_str().unwrap(), "<config>"),
            "{args:?}"
        );
        assert!(
            ["å", "ä", "ö"].iter().all(|c| w.stdout.contains(c)),
            "{args:?}: {}",
            w.stdout
        );
    }
    let w = win(
        &["--demo", "--lang", "sv", "check", "--org", "atlantis"],
        &[],
    );
    assert_eq!(w.code, 2, "{w:?}");
    assert!(w.stderr.starts_with("fel: "), "{w:?}");
}

#[test]
#[ignore = "the Windows build under Wine: WINDOWS_TESTS=1 scripts/test.sh"]
fn a_stub_winscard_is_a_smart_card_service_cause() {
    // Wine's WinSCard fails SCardEstablishContext with
    // SCARD_F_INTERNAL_ERROR, as a broken Smart Card subsystem would.
    let raw = "SCARD_F_INTERNAL_ERROR, 0x80100001";
    for args in [&["readers"][..], &["certs"], &["inspect", "--org", "rjl"]] {
        let run = win(args, &[]);
        assert_eq!(run.code, 3, "{args:?}: {run:?}");
        assert!(
            run.stderr.contains("the smart card service cannot be used")
                && raw.split(' ').all(|part| run.stderr.contains(part))
                && run.stderr.contains("SCardSvr")
                && run.stderr.contains("services.msc"),
            "{args:?}: {run:?}"
        );
        assert!(!run.stderr.contains("consistency"), "{args:?}: {run:?}");
    }
    let run = win(&["readers", "--json"], &[]);
    assert_eq!(run.code, 3, "{run:?}");
    let doc = json(&run, "readers");
    assert_eq!(doc["error"]["code"], "service_unusable", "{doc}");
    assert_eq!(doc["error"]["exit_code"], 3, "{doc}");
    // In Swedish too.
    let run = win(&["--lang", "sv", "readers"], &[]);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stderr.contains("går inte att använda") && run.stderr.contains("Smartkort"),
        "{run:?}"
    );
    // doctor: the service layer fails with the raw code, the most likely
    // cause first, and exit 3.
    let run = win(&["--json", "doctor"], &[]);
    assert_eq!(run.code, 3, "{run:?}");
    let doc = json(&run, "doctor");
    let service = doc["layers"]
        .as_array()
        .and_then(|ls| ls.iter().find(|l| l["name"] == "service"))
        .unwrap_or_else(|| panic!("no service layer: {doc}"));
    assert_eq!(service["status"], "fail", "{doc}");
    assert!(
        service["detail"].as_str().unwrap_or_default().contains(raw),
        "{doc}"
    );
    assert!(
        service["advice"]
            .as_str()
            .unwrap_or_default()
            .contains("SCardSvr"),
        "{doc}"
    );
    assert_eq!(doc["causes"][0]["layer"], "service", "{doc}");
    let run = win(&["--lang", "sv", "doctor"], &[]);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stdout.contains("Smartkort") && run.stdout.contains(raw),
        "{run:?}"
    );
}

#[test]
#[ignore = "the Windows build under Wine: WINDOWS_TESTS=1 scripts/test.sh"]
fn colour_only_when_asked_for_or_on_a_console() {
    // doctor marks each layer with a coloured sign.
    let args = ["--demo", "doctor", "--org", "rjl"];
    // Standard output is a file here, not a console: plain.
    let plain = win(&args, &[]);
    assert_eq!(plain.code, 0, "{plain:?}");
    assert!(!plain.stdout.contains('\x1b'), "{plain:?}");
    let mut always = vec!["--color", "always"];
    always.extend_from_slice(&args);
    let coloured = win(&always, &[]);
    assert!(coloured.stdout.contains("\x1b[32m"), "{coloured:?}");
}

#[test]
#[ignore = "the Windows build under Wine: WINDOWS_TESTS=1 scripts/test.sh"]
fn middleware_and_export_take_windows_paths() {
    let w = wine();
    // A PKCS#11 module that is not there is named by its path.
    let module = r"C:\Program Files\Net iD\iidp11.dll";
    let run = win(&["--pkcs11", module, "certs"], &[]);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stderr.contains(module), "{run:?}");
    // Certificates exported to a drive-letter path.
    let name = format!(r"C:\sithsctl-export-{}", std::process::id());
    let run = win(
        &[
            "--demo",
            "certs",
            "--export",
            &name,
            "--show-personal-numbers",
        ],
        &[],
    );
    let folder = unix_path(w, &name);
    let files = std::fs::read_dir(&folder)
        .map(|d| d.flatten().count())
        .unwrap_or(0);
    let _ = std::fs::remove_dir_all(&folder);
    assert_eq!(run.code, 0, "{run:?}");
    // DER and PEM of each of the demo card's eight certificates.
    assert_eq!(files, 16, "{run:?}");
}

#[test]
#[ignore = "the Windows build under Wine: WINDOWS_TESTS=1 scripts/test.sh"]
fn the_zip_holds_what_the_windows_note_lists() {
    let version = env!("CARGO_PKG_VERSION");
    let top = format!("sithsctl-{version}-x86_64-windows");
    let zip = root().join(format!("target/windows/{top}.zip"));
    let out = Command::new("unzip")
        .arg("-Z1")
        .arg(&zip)
        .output()
        .expect("run unzip (scripts/windows.sh installs it)");
    assert!(out.status.success(), "{}: {out:?}", zip.display());
    let listed: std::collections::BTreeSet<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    for file in [
        "sithsctl.exe",
        "README.md",
        "WINDOWS.md",
        "CHANGELOG.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "_sithsctl.ps1",
    ] {
        assert!(
            listed.contains(&format!("{top}/{file}")),
            "{file}: {listed:?}"
        );
    }
    // The PowerShell completion shipped is what this exe writes.
    let run = win(&["completions", "powershell"], &[]);
    assert_eq!(run.code, 0, "{run:?}");
    let shipped = std::fs::read_to_string(root().join("completions/_sithsctl.ps1")).unwrap();
    assert_eq!(run.stdout.replace("\r\n", "\n"), shipped);
}
