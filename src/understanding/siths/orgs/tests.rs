//! Resolving what people call their organisation, and the registry.

use super::*;
use crate::understanding::siths::luhn;

#[test]
fn builtin_numbers_are_luhn_valid_and_unique() {
    let r = Registry::builtin();
    assert_eq!(r.orgs().len(), 23);
    for o in r.orgs() {
        assert!(luhn::is_valid(&o.number), "{}", o.number);
    }
    let mut numbers: Vec<_> = r.orgs().iter().map(|o| &o.number).collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 23);
}

#[test]
fn resolves_jonkoping_every_way() {
    let r = Registry::builtin();
    for q in [
        "2321000057",
        "232100-0057",
        "162321000057",
        "16232100-0057",
        "SE2321000057",
        "SE2321000057-ANAN01",
        "SE162321000057-X",
        "TSTNMT2321000057-1",
        "jonkoping",
        "Jönköping",
        "RJL",
        "rjl",
        "region jönköpings län",
        "REGION JONKOPINGS LAN",
        "Jönköpings",
    ] {
        let org = resolve(q, &r).unwrap_or_else(|e| panic!("{q}: {e}"));
        assert_eq!(org.number, "2321000057", "{q}");
    }
}

#[test]
fn resolves_other_aliases() {
    let r = Registry::builtin();
    assert_eq!(resolve("vgr", &r).unwrap().number, "2321000131");
    assert_eq!(resolve("skane", &r).unwrap().number, "2321000255");
    assert_eq!(resolve("goteborg", &r).unwrap().number, "2120001355");
    assert_eq!(resolve("gbg", &r).unwrap().number, "2120001355");
    assert_eq!(resolve("inera", &r).unwrap().number, "5565594230");
    assert_eq!(resolve("Inera AB", &r).unwrap().number, "5565594230");
}

#[test]
fn ambiguous_lists_candidates() {
    let r = Registry::builtin();
    match resolve("region", &r) {
        Err(OrgError::Ambiguous { candidates, .. }) => {
            assert!(candidates.len() > 10);
            assert!(candidates.contains(&"Region Skåne (232100-0255)".to_string()));
        }
        other => panic!("{other:?}"),
    }
    match resolve("väst", &r) {
        Err(OrgError::Ambiguous { candidates, .. }) => {
            assert!(candidates
                .iter()
                .any(|c| c.starts_with("Region Västerbotten")));
            assert!(candidates
                .iter()
                .any(|c| c.starts_with("Västra Götalandsregionen")));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_query() {
    let r = Registry::builtin();
    // A valid number outside the registry is that organisation; a
    // wrong check digit is refused, saying so.
    let unlisted = resolve("212000-0142", &r).unwrap();
    assert_eq!(unlisted.number, "2120000142");
    assert_eq!(unlisted.name, "organisation 212000-0142");
    assert_eq!(unlisted.source, OrgSource::Unlisted);
    for form in [
        "2120000142",
        "SE2120000142",
        "se212000-0142",
        "SE2120000142-ABC1",
    ] {
        assert_eq!(resolve(form, &r).unwrap().number, "2120000142", "{form}");
    }
    assert!(matches!(
        resolve("2120000143", &r),
        Err(OrgError::BadCheckDigit { .. })
    ));
    // A personnummer's form (third digit 0 or 1), Luhn-valid or not, is
    // refused without repeating the digits.
    for pn in ["121212-1212", "191212121212", "1212121213"] {
        let e = resolve(pn, &r).unwrap_err();
        assert!(matches!(e, OrgError::PersonalNumberForm), "{pn}: {e:?}");
        for lang in [Lang::Sv, Lang::En] {
            assert!(!e.message(lang).contains("1212"), "{}", e.message(lang));
        }
    }
    assert!(resolve("121212-1212", &r)
        .unwrap_err()
        .message(Lang::Sv)
        .contains("personnummer"));
    assert!(resolve("2120000143", &r)
        .unwrap_err()
        .message(Lang::Sv)
        .contains("kontrollsiffran"));
    assert!(matches!(resolve("", &r), Err(OrgError::Unknown { .. })));
    match resolve("Linköpings kommun", &r) {
        Err(OrgError::Unknown { candidates, query }) => {
            assert_eq!(query, "Linköpings kommun");
            assert!(candidates.is_empty(), "{candidates:?}");
        }
        other => panic!("{other:?}"),
    }
    match resolve("Region Smaland", &r) {
        Err(e @ OrgError::Unknown { .. }) => {
            assert!(e.to_string().contains("Region Skåne"), "{e}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn user_orgs_are_added_and_override() {
    let linkoping = Org::user("212000-0142", "Linköpings kommun", vec!["lkpg".into()]).unwrap();
    let rjl = Org::user("2321000057", "RJL IT", vec!["qulturum".into()]).unwrap();
    let r = Registry::with_user_orgs(vec![linkoping, rjl]);
    let l = resolve("lkpg", &r).unwrap();
    assert_eq!(l.number, "2120000142");
    assert_eq!(l.source, OrgSource::User);
    assert_eq!(resolve("linkoping", &r).unwrap().number, "2120000142");
    let j = resolve("qulturum", &r).unwrap();
    assert_eq!(j.name, "RJL IT");
    // The old aliases still work.
    assert_eq!(resolve("rjl", &r).unwrap().number, "2321000057");
}

#[test]
fn user_org_validation() {
    assert!(matches!(
        Org::user("12345", "X", vec![]),
        Err(OrgError::InvalidNumber { .. })
    ));
    assert!(matches!(
        Org::user("2120000142", " ", vec![]),
        Err(OrgError::EmptyName { .. })
    ));
}

#[test]
fn config_parsing() {
    let text = r#"
[output]
colour = false

[[organisation]]
number = "212000-0142"
name = "Linköpings kommun"
aliases = ["linköping", "lkpg"]

[[organisation]]
number = "2120000142"
name = "Again"
"#;
    let orgs = parse_config(text).unwrap();
    assert_eq!(orgs.len(), 2);
    assert_eq!(orgs[0].number, "2120000142");
    assert_eq!(orgs[0].aliases, vec!["linköping", "lkpg"]);
    assert!(orgs[1].aliases.is_empty());
}

#[test]
fn config_errors_name_the_line() {
    let bad = "[[organisation]]\nnumber = \"2120000142\"\nname = Linköping\n";
    match parse_config(bad) {
        Err(OrgError::Config { line, message }) => {
            assert_eq!(line, 3, "{message}");
        }
        other => panic!("{other:?}"),
    }
    let bad_number = "[[organisation]]\nnumber = \"12-34\"\nname = \"X\"\n";
    match parse_config(bad_number) {
        Err(OrgError::Config { line, message }) => {
            assert_eq!(line, 2);
            assert!(message.contains("12-34"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let missing = "[[organisation]]\nnumber = \"2120000142\"\n";
    assert!(matches!(
        parse_config(missing),
        Err(OrgError::Config { .. })
    ));
}
