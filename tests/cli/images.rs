//! `inspect`, `check`, `certs` and `orgs` on images of the test cards, at a
//! fixed date (`--at 2026-11-24`) so the tests never rot.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::cards;
use super::harness::Run;

const AT: &str = "2026-11-24";

/// Runs the binary with English messages and the given configuration file
/// (a path that does not exist means no configuration).
fn run_with_config(args: &[&str], config: &Path) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_sithsctl"))
        .args(args)
        .env("LANG", "en_US.UTF-8")
        .env("SITHSCTL_CONFIG", config)
        .env_remove("LC_ALL")
        .env_remove("SITHSCTL_READER")
        .env_remove("NO_COLOR")
        .output()
        .expect("run sithsctl");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A test card's image in a temporary folder.
struct Card {
    dir: tempfile::TempDir,
    image: PathBuf,
}

impl Card {
    fn new(letter: char) -> Card {
        let dir = tempfile::tempdir().unwrap();
        let image = cards::write_image(&cards::card(letter), dir.path(), &letter.to_string());
        Card { dir, image }
    }

    /// `sithsctl --image <card> --at AT <args>`.
    /// Runs with the test PKI trusted, as the tests' default configuration
    /// does.
    fn run(&self, args: &[&str]) -> Run {
        self.run_config(args, &super::harness::test_pki_config())
    }

    fn run_config(&self, args: &[&str], config: &Path) -> Run {
        let image = self.image.to_string_lossy().into_owned();
        let mut all = vec!["--image", image.as_str(), "--at", AT];
        all.extend_from_slice(args);
        run_with_config(&all, config)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }
}

fn codes(run: &Run) -> Vec<String> {
    run.json()["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("no findings: {}", run.stdout))
        .iter()
        .map(|f| f["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn card_c_passes_for_both_its_organisations() {
    let c = Card::new('c');
    for org in ["2321000057", "jonkoping", "2120001355"] {
        let r = c.run(&["check", "--org", org]);
        assert_eq!(r.code, 0, "{org}: {}{}", r.stdout, r.stderr);
        assert!(r.stdout.contains("PASS"), "{}", r.stdout);
    }
    let r = c.run(&["check", "--org", "2120001355", "--json"]);
    assert_eq!(r.code, 0);
    let j = r.json();
    assert_eq!(j["schema_version"], sithsctl::report::SCHEMA_VERSION);
    assert_eq!(j["document"], "check");
    assert_eq!(j["verdict"], "pass");
    assert_eq!(j["policy"]["passed"], true);
    assert_eq!(j["policy"]["org"]["number"], "2120001355");
    assert_eq!(j["policy"]["hsa_id_to_register"], "SE2120001355-GBG777");
    let r = c.run(&["check", "--org", "jonkoping"]);
    assert!(
        r.stdout.contains("SE2321000057-ORAB02"),
        "the HSA-ID to register: {}",
        r.stdout
    );
}

#[test]
fn card_a_fails_for_another_region() {
    let a = Card::new('a');
    let r = a.run(&["check", "--org", "2321000040"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("FAIL"));
    let r = a.run(&["check", "--org", "2321000040", "--json"]);
    assert_eq!(r.code, 1);
    assert!(codes(&r).contains(&"org_identification_missing".to_string()));
    assert_eq!(r.json()["policy"]["passed"], false);
    assert!(r.json()["policy"]["hsa_id_to_register"].is_null());
}

#[test]
fn card_b_renew_the_certificate_not_the_card() {
    let b = Card::new('b');
    let r = b.run(&["check", "--card-expiry", "2028-01-01"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("Renew the certificate, not the card"),
        "{}",
        r.stdout
    );
    let r = b.run(&["inspect", "--card-expiry", "2028-01-01", "--json"]);
    assert_eq!(r.code, 0);
    assert!(codes(&r).contains(&"renew_certificate_not_card".to_string()));
    let j = r.json();
    assert_eq!(j["verdict"], "fail");
    assert_eq!(j["card_numbers"][0]["printed_expiry"], "2028-01-01");
    assert_eq!(j["card_numbers"][0]["expiry_source"], "flag");
    let f = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "renew_certificate_not_card")
        .unwrap();
    assert_eq!(f["severity"], "fail");
    assert!(f["certificate_sha256"]
        .as_str()
        .is_some_and(|s| s.len() == 64));
    assert!(f["hint"].as_str().unwrap().contains("not the card"));
}

#[test]
fn card_b_inventory() {
    let b = Card::new('b');
    let inv = b.write(
        "cards.csv",
        "card number,printed expiry,note\n9752240000000001021,2028-01-01,Anna reception\n",
    );
    let inv = inv.to_string_lossy().into_owned();
    let r = b.run(&["inspect", "--inventory", &inv, "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(codes(&r).contains(&"renew_certificate_not_card".to_string()));
    assert_eq!(r.json()["card_numbers"][0]["expiry_source"], "inventory");
    assert_eq!(r.json()["card_numbers"][0]["note"], "Anna reception");
    let r = b.run(&["check", "--inventory", &inv]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("Renew the certificate, not the card"));
}

#[test]
fn broken_inventory_and_config_exit_5_with_the_line() {
    let b = Card::new('b');
    let inv = b.write(
        "cards.csv",
        "9752240000000001021,2028-01-01\n9752240000000001039,2028-02-30\n",
    );
    let r = b.run(&["check", "--inventory", &inv.to_string_lossy()]);
    assert_eq!(r.code, 5, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("line 2"), "{}", r.stderr);
    let r = b.run(&["--json", "inspect", "--inventory", &inv.to_string_lossy()]);
    assert_eq!(r.code, 5);
    assert_eq!(r.json()["error"]["code"], "bad_inventory");

    let config = b.write("config.toml", "org = \"rjl\"\nwarn_days = \"thirty\"\n");
    let r = b.run_config(&["inspect"], &config);
    assert_eq!(r.code, 5, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("line 2"), "{}", r.stderr);
    let r = run_with_config(&["orgs"], &config);
    assert_eq!(r.code, 5);
}

#[test]
fn card_d_needs_a_signature_only_when_asked() {
    let d = Card::new('d');
    let r = d.run(&["check", "--org", "jonkoping"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let r = d.run(&["check", "--org", "jonkoping", "--strict"]);
    assert_eq!(r.code, 1, "a warning fails with --strict");
    let r = d.run(&[
        "check",
        "--org",
        "jonkoping",
        "--require-signature",
        "--json",
    ]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(codes(&r).contains(&"signature_missing_for_hsa_id".to_string()));
    assert_eq!(r.json()["policy"]["require_signature"], true);
}

#[test]
fn card_e_personnummer_only_fails_and_is_masked() {
    let e = Card::new('e');
    let r = e.run(&["check", "--org", "jonkoping"]);
    assert_eq!(r.code, 1);
    let r = e.run(&["check", "--org", "jonkoping", "--json"]);
    assert!(codes(&r).contains(&"personal_number_only".to_string()));
    for args in [
        vec!["inspect"],
        vec!["inspect", "--json"],
        vec!["certs"],
        vec!["certs", "--json"],
        vec!["check", "--org", "jonkoping"],
        vec!["check", "--json"],
        vec!["--lang", "sv", "inspect"],
    ] {
        let r = e.run(&args);
        for number in ["198112189876", "8112189876"] {
            assert!(
                !r.stdout.contains(number) && !r.stderr.contains(number),
                "{args:?} shows {number}:\n{}",
                r.stdout
            );
        }
    }
    // Shown in full when asked, with its dash in text; JSON keeps the digits.
    let r = e.run(&["inspect", "--show-personal-numbers"]);
    assert!(r.stdout.contains("19811218-9876"), "{}", r.stdout);
    let r = e.run(&["inspect", "--show-personal-numbers", "--json"]);
    assert!(r.stdout.contains("\"198112189876\""), "{}", r.stdout);
    let r = e.run(&["--show-personal-numbers", "inspect", "--json"]);
    assert!(r.stdout.contains("198112189876"));
}

#[test]
fn card_f_test_pki_never_passes() {
    let f = Card::new('f');
    for args in [
        vec!["check"],
        vec!["check", "--org", "jonkoping"],
        vec!["check", "--hsa-id", "SE2321000057-TEST01"],
        vec!["check", "--org", "2321000057", "--require-signature"],
    ] {
        let r = f.run(&args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stdout);
    }
    let r = f.run(&["inspect", "--json"]);
    assert!(codes(&r).contains(&"test_pki_certificate".to_string()));
    let r = f.run(&["check", "--org", "jonkoping", "--json"]);
    assert!(codes(&r).contains(&"org_only_test_certificate".to_string()));
}

#[test]
fn card_g_another_card_number() {
    let g = Card::new('g');
    let r = g.run(&["inspect", "--json"]);
    assert!(codes(&r).contains(&"other_card_number".to_string()));
    assert_eq!(r.json()["card_number"], "9752240000000001070");
    assert_eq!(r.json()["card_numbers"].as_array().unwrap().len(), 2);
    let r = g.run(&["inspect"]);
    assert!(r.stdout.contains("9752240000000001773"));
    assert!(r.stdout.contains("another card"));
    // The other card's number is on the signature certificate: login
    // works (a warning), signing needs a certificate for this card.
    assert_eq!(g.run(&["check", "--org", "jonkoping"]).code, 0);
    assert_eq!(
        g.run(&["check", "--org", "jonkoping", "--require-signature"])
            .code,
        1
    );
}

#[test]
fn card_h_assurance_level_2() {
    let h = Card::new('h');
    let r = h.run(&["inspect", "--json"]);
    let j = r.json();
    let certs = j["certificates"].as_array().unwrap();
    assert!(certs
        .iter()
        .all(|c| c["issuer"]["assurance_level"] == 2 && c["issuer"]["class"] == "production"));
    assert!(codes(&r).contains(&"assurance_level_2".to_string()));
    assert_eq!(j["issuers"][0]["assurance_level"], 2);
    let r = h.run(&["inspect"]);
    assert!(r.stdout.contains("assurance level 2"), "{}", r.stdout);
    assert_eq!(h.run(&["check", "--org", "jonkoping"]).code, 0);
}

#[test]
fn swedish_findings() {
    let b = Card::new('b');
    let r = b.run(&["--lang", "sv", "check", "--card-expiry", "2028-01-01"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("Förnya certifikatet, inte kortet"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("legitimering"));
    assert!(r.stdout.contains("UNDERKÄNT"));
}

#[test]
fn config_supplies_org_warn_days_lang_and_organisations() {
    let d = Card::new('d');
    let config = d.write(
        "config.toml",
        "org = \"värnamo\"\nlang = \"sv\"\nwarn_days = 2000\n\n[[organisation]]\nnumber = \"2321000057\"\nname = \"Region Jönköpings län\"\naliases = [\"värnamo\"]\n",
    );
    let r = d.run_config(&["check", "--json"], &config);
    let j = r.json();
    assert_eq!(j["policy"]["org"]["number"], "2321000057");
    assert_eq!(j["policy"]["warn_days"], 2000);
    assert!(codes(&r).contains(&"certificate_expiring".to_string()));
    let r = d.run_config(&["check"], &config);
    assert!(r.stdout.contains("Krav:"), "lang from config: {}", r.stdout);
    // Flags win.
    let r = d.run_config(
        &[
            "--lang",
            "en",
            "--warn-days",
            "10",
            "check",
            "--org",
            "2120001355",
        ],
        &config,
    );
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("Policy:"));
    assert!(!r.stdout.contains("expires on"));
}

#[test]
fn orgs_lists_builtin_and_user_organisations() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("sithsctl.toml");
    let r = run_with_config(&["orgs", "--path"], &config);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout.trim(), config.to_string_lossy());
    let r = run_with_config(&["orgs"], &config);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Region Jönköpings län"));
    assert!(r.stdout.contains("does not exist yet"));
    std::fs::write(
        &config,
        "[[organisation]]\nnumber = \"212000-0142\"\nname = \"Linköpings kommun\"\naliases = [\"linköping\"]\n",
    )
    .unwrap();
    let r = run_with_config(&["orgs", "--json"], &config);
    assert_eq!(r.code, 0);
    let j = r.json();
    assert_eq!(j["document"], "orgs");
    let orgs = j["organisations"].as_array().unwrap();
    assert!(orgs
        .iter()
        .any(|o| o["number"] == "2120000142" && o["source"] == "user"));
    assert!(orgs.iter().any(|o| o["number"] == "2321000057"));
    // The user's organisation works with --org.
    let a = Card::new('a');
    let r = a.run_config(&["check", "--org", "linköping"], &config);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("Linköpings kommun"));
}

#[test]
fn unknown_org_is_a_usage_error() {
    let a = Card::new('a');
    let r = a.run(&["check", "--org", "atlantis"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[test]
fn demo_inspect_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let none = dir.path().join("none.toml");
    let r = run_with_config(&["--demo", "--at", AT, "inspect"], &none);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Findings:"));
    let r = run_with_config(
        &["--demo", "--at", AT, "check", "--org", "jonkoping"],
        &none,
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}
