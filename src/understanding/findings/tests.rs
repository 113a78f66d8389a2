//! The catalogue's texts, placeholders and the generated documentation.

use super::*;

#[test]
fn every_entry_has_both_languages_and_the_same_placeholders() {
    let mut codes = Vec::new();
    for (code, e) in CATALOGUE {
        assert_eq!(code.entry().code, e.code);
        let json = serde_json::to_value(code).unwrap();
        assert_eq!(json, e.code, "serialised code differs from catalogue code");
        assert!(
            e.code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit()),
            "{}",
            e.code
        );
        for (sv, en) in [(e.message_sv, e.message_en), (e.hint_sv, e.hint_en)] {
            assert!(!sv.trim().is_empty() && !en.trim().is_empty(), "{}", e.code);
            assert_ne!(sv, en, "{}: Swedish and English are the same", e.code);
            assert_eq!(placeholders_in(sv), placeholders_in(en), "{}", e.code);
            for p in placeholders_in(sv) {
                assert!(PLACEHOLDERS.contains(&p.as_str()), "{}: {{{p}}}", e.code);
            }
        }
        codes.push(e.code);
    }
    let n = codes.len();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), n, "duplicate codes");
}

#[test]
fn parameters_are_filled_in() {
    let f = Finding::new(
        Code::RenewCertificateNotCard,
        Params {
            cert: Some(CertRef {
                sha256: "ab".into(),
                role: Role::Identification,
                label: Some("Legitimering".into()),
                holder_id: Some("SE2321000057-ANAN01".into()),
            }),
            date: Some("2025-05-01".into()),
            card_date: Some("2028-01-01".into()),
            ..Default::default()
        },
    );
    assert_eq!(
        f.message(Lang::En),
        "Certificate \"Legitimering\" (identification, SE2321000057-ANAN01) expired on 2025-05-01, but the card is valid until 2028-01-01."
    );
    assert!(f
        .message(Lang::Sv)
        .contains("(legitimering, SE2321000057-ANAN01)"));
    assert!(f
        .hint(Lang::Sv)
        .contains("Förnya certifikatet, inte kortet"));
    assert_eq!(f.severity(), Severity::Fail);
    assert_eq!(f.certificate_sha256(), Some("ab"));
    let missing = Finding::new(Code::CardExpired, Params::default());
    assert!(missing.message(Lang::En).contains("Card ? expired"));
}

#[test]
fn verdict_follows_the_worst_finding() {
    let f = |c| Finding::new(c, Params::default());
    assert_eq!(Verdict::of(&[]), Verdict::Pass);
    assert_eq!(Verdict::of(&[f(Code::LegacyIssuer)]), Verdict::Pass);
    assert_eq!(
        Verdict::of(&[f(Code::LegacyIssuer), f(Code::CertificateExpiring)]),
        Verdict::Warn
    );
    assert_eq!(
        Verdict::of(&[f(Code::CardExpired), f(Code::CertificateExpiring)]),
        Verdict::Fail
    );
}

#[test]
fn findings_doc_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/findings.md");
    let built = catalogue_markdown();
    if std::env::var_os("SITHSCTL_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &built).unwrap();
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == built,
        "docs/findings.md is out of date: run `SITHSCTL_UPDATE_DOCS=1 cargo test findings_doc` and commit it"
    );
}
