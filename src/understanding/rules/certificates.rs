//! What is wrong with each certificate, judged by the part it plays: a
//! problem of the certificate a login uses fails the card; of its
//! signature partner it warns (fails when the signature is required); of
//! any other certificate it is only worth knowing. One cause, one
//! finding: the partner that expired with the identification certificate
//! hangs under that finding, and so does a CA certificate from the card
//! that broke the login certificate's chain.

use chrono::NaiveDate;

use super::end_entity::{day, Ee};
use super::types::Options;
use crate::understanding::cert::{ChainCheck, Validity};
use crate::understanding::findings::{Code, Finding, Params, Severity};
use crate::understanding::siths::issuers::IssuerClass;

/// The part a certificate plays in the logins asked about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Part {
    /// The identification certificate a login would use, and whether the
    /// question named an organisation (then a test certificate is the
    /// organisation's finding, not this one's).
    Login { org_asked: bool },
    /// That certificate's signature partner.
    Partner,
    /// Any other certificate on the card.
    Other,
}

/// Facts about the card the certificate rules need.
pub(super) struct Context<'x, 'e, 'a> {
    pub(super) ees: &'x [Ee<'a>],
    pub(super) o: &'x Options<'x>,
    pub(super) card_number: Option<&'x str>,
    /// The printed date of the card a certificate carries the number of.
    pub(super) printed_expiry: &'x dyn Fn(&Ee) -> Option<NaiveDate>,
    /// The login certificate a partner belongs to, for folding the
    /// partner's expiry under the login certificate's.
    pub(super) login_of: &'x dyn Fn(&Ee) -> Option<&'e Ee<'a>>,
}

/// Severity of a problem of a certificate playing `part`: `login` for
/// the certificate the login uses.
fn graded(part: Part, login: Severity, require_signature: bool) -> Severity {
    match part {
        Part::Login { .. } => login,
        Part::Partner if require_signature => login,
        Part::Partner => login.min(Severity::Warn),
        Part::Other => Severity::Info,
    }
}

/// The validity finding of `e` at `now`, if any, before grading.
pub(super) fn validity_finding(e: &Ee, x: &Context) -> Option<Finding> {
    let o = x.o;
    let cert = Some(e.cert_ref(o));
    match e.validity(o) {
        Validity::Expired => {
            let params = Params {
                cert,
                date: Some(day(e.c.not_after)),
                ..Default::default()
            };
            let card_valid_until = (x.printed_expiry)(e).filter(|d| {
                d.and_hms_opt(23, 59, 59)
                    .is_some_and(|t| t.and_utc() >= o.now)
            });
            Some(match card_valid_until {
                Some(d) => Finding::new(
                    Code::RenewCertificateNotCard,
                    Params {
                        card_date: Some(d.to_string()),
                        ..params
                    },
                ),
                None => Finding::new(Code::CertificateExpired, params),
            })
        }
        Validity::NotYetValid => Some(Finding::new(
            Code::CertificateNotYetValid,
            Params {
                cert,
                date: Some(day(e.c.not_before)),
                ..Default::default()
            },
        )),
        Validity::Expiring => Some(Finding::new(
            Code::CertificateExpiring,
            Params {
                cert,
                date: Some(day(e.c.not_after)),
                days: Some(e.c.days_left(o.now)),
                ..Default::default()
            },
        )),
        Validity::Valid => None,
    }
}

/// Every finding about `e` itself.
pub(super) fn certificate_findings(
    e: &Ee,
    part: Part,
    x: &Context,
    level2_told: &mut bool,
) -> Vec<Finding> {
    let o = x.o;
    let req = o.policy.require_signature;
    let cert = Some(e.cert_ref(o));
    let issuer = Some(e.issuer());
    let mut out = Vec::new();
    let about_issuer = |code| {
        Finding::new(
            code,
            Params {
                cert: cert.clone(),
                issuer: issuer.clone(),
                ..Default::default()
            },
        )
    };
    let class = e.c.issuer_info.class;
    match class {
        // With an organisation asked about, its test certificate is that
        // organisation's finding (`org_only_test_certificate`).
        IssuerClass::Test if part == (Part::Login { org_asked: true }) => {}
        IssuerClass::Test => {
            let f = about_issuer(Code::TestPkiCertificate);
            let sev = graded(part, f.severity(), req);
            out.push(f.with_severity(sev));
        }
        IssuerClass::Legacy => out.push(about_issuer(Code::LegacyIssuer)),
        IssuerClass::Unknown => {
            let sev = graded(part, Severity::Fail, req);
            out.push(about_issuer(Code::UnknownIssuer).with_severity(sev));
        }
        IssuerClass::Production => {}
    }
    // The chain: a bad signature anywhere is worth a warning even on a
    // certificate nobody uses; one that leads to no trust anchor matters
    // only for the certificates a login uses.
    match e.chain {
        ChainCheck::SignatureInvalid { issuer: by } => {
            let sev = match part {
                Part::Other => Severity::Warn,
                _ => graded(part, Severity::Fail, req),
            };
            out.push(
                Finding::new(
                    Code::ChainSignatureInvalid,
                    Params {
                        cert: cert.clone(),
                        issuer: Some(by.subject.clone()),
                        ..Default::default()
                    },
                )
                .with_severity(sev),
            );
        }
        chain
            if !chain.is_trusted()
                && part != Part::Other
                && class != IssuerClass::Test
                && class != IssuerClass::Unknown =>
        {
            let login = if o.policy.trusted_chain {
                Severity::Fail
            } else {
                Severity::Warn
            };
            let by = match chain {
                ChainCheck::NotAnchored { issuer } | ChainCheck::IssuerMismatch { issuer } => {
                    issuer.subject.clone()
                }
                ChainCheck::UnsupportedAlgorithm { algorithm, .. } => algorithm.clone(),
                _ => e.c.issuer.to_string(),
            };
            out.push(
                Finding::new(
                    Code::ChainNotAnchored,
                    Params {
                        cert: cert.clone(),
                        issuer: Some(by),
                        ..Default::default()
                    },
                )
                .with_severity(graded(part, login, req)),
            );
        }
        _ => {}
    }
    if e.c.issuer_info.assurance_level == Some(2) && !*level2_told && part != Part::Other {
        *level2_told = true;
        out.push(Finding::new(
            Code::AssuranceLevel2,
            Params {
                cert: cert.clone(),
                level: Some(2),
                ..Default::default()
            },
        ));
    }
    if let Some(f) = validity_finding(e, x) {
        out.push(grade_validity(e, part, f, x));
    }
    if let Some(n) = &e.c.card_number {
        if !(n.well_formed && n.luhn_valid) {
            let f = Finding::new(
                Code::CardNumberInvalid,
                Params {
                    cert: cert.clone(),
                    card_number: Some(n.value.clone()),
                    ..Default::default()
                },
            );
            let sev = graded(part, f.severity(), req);
            out.push(f.with_severity(sev));
        }
        if let Some(own) = x.card_number {
            if n.value != own {
                let f = Finding::new(
                    Code::OtherCardNumber,
                    Params {
                        cert: cert.clone(),
                        card_number: Some(own.to_string()),
                        other_card_number: Some(n.value.clone()),
                        ..Default::default()
                    },
                );
                let sev = graded(part, f.severity(), req);
                out.push(f.with_severity(sev));
            }
        }
    }
    out
}

/// The validity finding `f` of `e`, graded by the part `e` plays.
fn grade_validity(e: &Ee, part: Part, f: Finding, x: &Context) -> Finding {
    let o = x.o;
    match part {
        Part::Login { .. } => {
            // Not yet valid: the login fails today, whatever the
            // catalogue says of certificates in general.
            let sev = match f.code {
                Code::CertificateNotYetValid => Severity::Fail,
                _ => f.severity(),
            };
            f.with_severity(sev)
        }
        Part::Partner => {
            let sev = graded(
                part,
                f.severity().max(Severity::Warn),
                o.policy.require_signature,
            );
            let sev = if f.code == Code::CertificateExpiring {
                Severity::Warn
            } else {
                sev
            };
            f.with_severity(sev)
        }
        Part::Other => match f.code {
            Code::CertificateExpired | Code::RenewCertificateNotCard => {
                let replaced = x.ees.iter().any(|other| {
                    other.c.sha256 != e.c.sha256
                        && other.c.role == e.c.role
                        && other.holder_key().is_some()
                        && other.holder_key() == e.holder_key()
                        && other.current(o)
                        && other.c.not_after > e.c.not_after
                });
                let code = if replaced {
                    Code::CertificateExpiredReplaced
                } else {
                    Code::UnusedCertificateExpired
                };
                Finding::new(
                    code,
                    Params {
                        card_date: None,
                        ..f.params
                    },
                )
            }
            _ => f.with_severity(Severity::Info),
        },
    }
}

/// Folds a partner's expiry under its login certificate's when both
/// expired: one cause (the pair ran out), one finding, one advice.
pub(super) fn fold_partner_expiry(findings: &mut Vec<Finding>, x: &Context) {
    let expired = |f: &Finding| {
        matches!(
            f.code,
            Code::CertificateExpired | Code::RenewCertificateNotCard
        )
    };
    let mut i = 0;
    while i < findings.len() {
        let f = &findings[i];
        let partner = expired(f)
            .then(|| f.certificate_sha256())
            .flatten()
            .and_then(|sha| x.ees.iter().find(|e| e.c.sha256 == sha))
            .and_then(|e| (x.login_of)(e));
        let host = partner.and_then(|login| {
            findings
                .iter()
                .position(|g| expired(g) && g.certificate_sha256() == Some(login.c.sha256.as_str()))
        });
        match host {
            Some(h) if h != i => {
                let mut detail = findings.remove(i);
                detail.severity = Severity::Info;
                let h = if h > i { h - 1 } else { h };
                findings[h].details.push(detail);
            }
            _ => i += 1,
        }
    }
}
