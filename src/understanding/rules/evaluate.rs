//! The rules, in the order they are applied: unreadable certificates, the
//! card numbers and groups, the card's printed date, each certificate, the
//! HSA-ID and personal-number certificates, and the policy. One function,
//! so the order findings are made in stays in one place.

use chrono::NaiveDate;

use super::end_entity::{card_number_of, day, pick, Ee};
use super::types::{CardGroup, Evaluation, ExpirySource, Options, PolicyOutcome};
use crate::understanding::analysis::AnalysedCert;
use crate::understanding::cert::{ChainCheck, Role, Validity};
use crate::understanding::findings::{CertRef, Code, Finding, Params, Verdict};
use crate::understanding::siths::issuers::IssuerClass;

/// Applies every rule. `token_serial` is the card's PKCS#15 serial, which on
/// SITHS cards is usually the card number.
pub fn evaluate(certs: &[AnalysedCert], token_serial: Option<&str>, o: &Options) -> Evaluation {
    let mut findings = Vec::new();
    let ees: Vec<Ee> = certs
        .iter()
        .filter_map(|a| match &a.analysis {
            Ok(c) if !c.is_ca => Some(Ee {
                c,
                chain: &a.chain,
                label: a.on_card.label.as_deref(),
            }),
            _ => None,
        })
        .collect();

    // Unreadable certificates.
    for a in certs {
        if a.analysis.is_err() {
            findings.push(Finding::new(
                Code::CertificateUnreadable,
                Params {
                    cert: Some(CertRef {
                        sha256: crate::understanding::cert::sha256_hex(&a.on_card.der),
                        role: Role::Other,
                        label: a.on_card.label.clone(),
                        holder_id: None,
                    }),
                    ..Default::default()
                },
            ));
        }
    }
    if certs.is_empty() {
        findings.push(Finding::new(Code::NoCertificates, Params::default()));
    }

    // Card numbers and groups.
    let card_number = card_number_of(&ees, token_serial);
    let mut groups: Vec<CardGroup> = Vec::new();
    for e in &ees {
        let n = e.c.card_number.as_ref();
        let key = n.map(|n| n.value.clone());
        let idx = match groups.iter().position(|g| g.card_number == key) {
            Some(i) => i,
            None => {
                let is_card = key.is_some() && key == card_number;
                let (printed_expiry, expiry_source, note) = match (&key, is_card, o.card_expiry) {
                    (Some(_), true, Some(d)) => (Some(d), Some(ExpirySource::Flag), None),
                    (Some(k), _, _) => match o.inventory.and_then(|i| i.get(k)) {
                        Some(entry) => (
                            Some(entry.printed_expiry),
                            Some(ExpirySource::Inventory),
                            entry.note.clone(),
                        ),
                        None => (None, None, None),
                    },
                    _ => (None, None, None),
                };
                groups.push(CardGroup {
                    card_number: key.clone(),
                    card_number_valid: n.map(|n| n.well_formed && n.luhn_valid),
                    is_card,
                    printed_expiry,
                    expiry_source,
                    note,
                    certificates: Vec::new(),
                });
                groups.len() - 1
            }
        };
        groups[idx].certificates.push(e.c.sha256.clone());
    }
    // The card's own group first.
    groups.sort_by_key(|g| !g.is_card);

    let printed_expiry_of = |e: &Ee| -> Option<NaiveDate> {
        let key = e.c.card_number.as_ref().map(|n| &n.value);
        groups
            .iter()
            .find(|g| g.card_number.as_ref() == key)
            .and_then(|g| g.printed_expiry)
    };

    // The card itself.
    for g in &groups {
        let (Some(expiry), Some(number)) = (g.printed_expiry, &g.card_number) else {
            continue;
        };
        let end = expiry.and_hms_opt(23, 59, 59).map(|t| t.and_utc());
        let days = end.map_or(0, |t| (t - o.now).num_days());
        let base = Params {
            card_number: Some(number.clone()),
            card_date: Some(expiry.to_string()),
            days: Some(days),
            ..Default::default()
        };
        if end.is_some_and(|t| t < o.now) {
            findings.push(Finding::new(Code::CardExpired, base.clone()));
        } else if days <= o.warn_days {
            findings.push(Finding::new(Code::CardExpiring, base.clone()));
        }
        let latest = ees
            .iter()
            .filter(|e| e.c.card_number.as_ref().map(|n| &n.value) == Some(number))
            .filter(|e| e.c.not_after.date_naive() > expiry)
            .max_by_key(|e| e.c.not_after);
        if let Some(e) = latest {
            findings.push(Finding::new(
                Code::CardExpiresBeforeCertificates,
                Params {
                    cert: Some(e.cert_ref(o)),
                    date: Some(day(e.c.not_after)),
                    ..base
                },
            ));
        }
    }

    // Each certificate.
    let mut level2_told = false;
    for e in &ees {
        let cert = Some(e.cert_ref(o));
        let issuer = Some(e.issuer());
        match e.c.issuer_info.class {
            IssuerClass::Test => findings.push(Finding::new(
                Code::TestPkiCertificate,
                Params {
                    cert: cert.clone(),
                    issuer: issuer.clone(),
                    ..Default::default()
                },
            )),
            IssuerClass::Legacy => findings.push(Finding::new(
                Code::LegacyIssuer,
                Params {
                    cert: cert.clone(),
                    issuer: issuer.clone(),
                    ..Default::default()
                },
            )),
            IssuerClass::Unknown => findings.push(Finding::new(
                Code::UnknownIssuer,
                Params {
                    cert: cert.clone(),
                    issuer: issuer.clone(),
                    ..Default::default()
                },
            )),
            IssuerClass::Production => {}
        }
        if let ChainCheck::SignatureInvalid { issuer: by } = e.chain {
            findings.push(Finding::new(
                Code::ChainSignatureInvalid,
                Params {
                    cert: cert.clone(),
                    issuer: Some(by.subject.clone()),
                    ..Default::default()
                },
            ));
        }
        if e.c.issuer_info.assurance_level == Some(2) && !level2_told {
            level2_told = true;
            findings.push(Finding::new(
                Code::AssuranceLevel2,
                Params {
                    cert: cert.clone(),
                    level: Some(2),
                    ..Default::default()
                },
            ));
        }
        match e.validity(o) {
            Validity::Expired => {
                let replaced = ees.iter().any(|other| {
                    other.c.sha256 != e.c.sha256
                        && other.c.role == e.c.role
                        && other.holder_key().is_some()
                        && other.holder_key() == e.holder_key()
                        && other.current(o)
                        && other.c.not_after > e.c.not_after
                });
                let params = Params {
                    cert: cert.clone(),
                    date: Some(day(e.c.not_after)),
                    ..Default::default()
                };
                let card_valid_until = printed_expiry_of(e).filter(|d| {
                    d.and_hms_opt(23, 59, 59)
                        .is_some_and(|t| t.and_utc() >= o.now)
                });
                if replaced {
                    findings.push(Finding::new(Code::CertificateExpiredReplaced, params));
                } else if let Some(d) = card_valid_until {
                    findings.push(Finding::new(
                        Code::RenewCertificateNotCard,
                        Params {
                            card_date: Some(d.to_string()),
                            ..params
                        },
                    ));
                } else {
                    findings.push(Finding::new(Code::CertificateExpired, params));
                }
            }
            Validity::NotYetValid => findings.push(Finding::new(
                Code::CertificateNotYetValid,
                Params {
                    cert: cert.clone(),
                    date: Some(day(e.c.not_before)),
                    ..Default::default()
                },
            )),
            Validity::Expiring => findings.push(Finding::new(
                Code::CertificateExpiring,
                Params {
                    cert: cert.clone(),
                    date: Some(day(e.c.not_after)),
                    days: Some(e.c.days_left(o.now)),
                    ..Default::default()
                },
            )),
            Validity::Valid => {}
        }
        if let Some(n) = &e.c.card_number {
            if !(n.well_formed && n.luhn_valid) {
                findings.push(Finding::new(
                    Code::CardNumberInvalid,
                    Params {
                        cert: cert.clone(),
                        card_number: Some(n.value.clone()),
                        ..Default::default()
                    },
                ));
            }
            if let Some(own) = &card_number {
                if &n.value != own {
                    findings.push(Finding::new(
                        Code::OtherCardNumber,
                        Params {
                            cert: cert.clone(),
                            card_number: Some(own.clone()),
                            other_card_number: Some(n.value.clone()),
                            ..Default::default()
                        },
                    ));
                }
            }
        }
    }

    // HSA-ID and personnummer certificates.
    let any_hsa = ees.iter().any(|e| e.c.hsa_id.is_some());
    let any_pnr = ees.iter().any(|e| e.c.personal_number.is_some());
    let usable_idents: Vec<&Ee> = ees
        .iter()
        .filter(|e| e.c.role == Role::Identification && e.hsa().is_some() && e.production_usable(o))
        .collect();
    let only_pnr = !any_hsa && any_pnr;
    if only_pnr {
        findings.push(Finding::new(Code::PersonalNumberOnly, Params::default()));
    } else if usable_idents.is_empty() && !ees.is_empty() {
        findings.push(Finding::new(
            Code::NoValidHsaIdIdentification,
            Params::default(),
        ));
    }
    if any_pnr
        && ees
            .iter()
            .any(|e| e.c.personal_number.is_some() && e.c.role == Role::Identification)
    {
        if let Some(first) = usable_idents.first() {
            findings.push(Finding::new(
                Code::PersonalNumberCertificatePresent,
                Params {
                    hsa_id: first.hsa().map(str::to_string),
                    ..Default::default()
                },
            ));
        }
    }
    let signature_for = |hsa: &str| {
        ees.iter()
            .find(|s| s.c.role == Role::Signature && s.hsa() == Some(hsa) && s.production_usable(o))
    };
    let has_sig = |e: &Ee| e.hsa().and_then(signature_for).is_some();
    let mut told = Vec::new();
    for e in &usable_idents {
        let Some(hsa) = e.hsa() else { continue };
        if told.contains(&hsa) {
            continue;
        }
        told.push(hsa);
        let any_signature = ees
            .iter()
            .any(|s| s.c.role == Role::Signature && s.hsa() == Some(hsa));
        if !any_signature {
            findings.push(Finding::new(
                Code::NoSignatureCertificate,
                Params {
                    hsa_id: Some(hsa.to_string()),
                    ..Default::default()
                },
            ));
        }
    }

    // The policy.
    let p = &o.policy;
    let mut policy = PolicyOutcome::default();
    let mut policy_failed = false;
    let found = |list: &[&Ee]| -> String {
        let ids: Vec<&str> = list.iter().filter_map(|e| e.hsa()).collect();
        if ids.is_empty() {
            "-".to_string()
        } else {
            ids.join(", ")
        }
    };
    let mut candidates: Vec<&Ee> = usable_idents.clone();
    if let Some(org) = &p.org {
        let org_text = format!("{} ({})", org.name, org.number);
        let of_org = |e: &&Ee| {
            e.c.hsa_id
                .as_ref()
                .and_then(|h| h.org_number.as_deref())
                .is_some_and(|n| n == org.number)
        };
        let matching: Vec<&Ee> = candidates.iter().copied().filter(of_org).collect();
        if matching.is_empty() {
            policy_failed = true;
            let test_only: Vec<&Ee> = ees
                .iter()
                .filter(|e| e.c.role == Role::Identification)
                .filter(of_org)
                .filter(|e| {
                    e.c.issuer_info.class == IssuerClass::Test
                        || e.c.hsa_id.as_ref().is_some_and(|h| h.test)
                })
                .collect();
            if test_only.is_empty() {
                findings.push(Finding::new(
                    Code::OrgIdentificationMissing,
                    Params {
                        org: Some(org_text),
                        found: Some(found(&usable_idents)),
                        ..Default::default()
                    },
                ));
            } else {
                findings.push(Finding::new(
                    Code::OrgOnlyTestCertificate,
                    Params {
                        org: Some(org_text),
                        hsa_id: Some(found(&test_only)),
                        ..Default::default()
                    },
                ));
            }
        } else if let (None, Some(chosen)) = (&p.hsa_id, pick(&matching, has_sig)) {
            findings.push(Finding::new(
                Code::OrgIdentificationFound,
                Params {
                    org: Some(org_text),
                    hsa_id: chosen.hsa().map(str::to_string),
                    cert: Some(chosen.cert_ref(o)),
                    ..Default::default()
                },
            ));
        }
        candidates = matching;
    }
    if let Some(wanted) = &p.hsa_id {
        if !policy_failed {
            let matching: Vec<&Ee> = candidates
                .iter()
                .copied()
                .filter(|e| {
                    e.hsa()
                        .is_some_and(|h| h.eq_ignore_ascii_case(wanted.trim()))
                })
                .collect();
            if matching.is_empty() {
                policy_failed = true;
                findings.push(Finding::new(
                    Code::HsaIdMissing,
                    Params {
                        hsa_id: Some(wanted.trim().to_string()),
                        found: Some(found(&usable_idents)),
                        ..Default::default()
                    },
                ));
            } else if let Some(chosen) = pick(&matching, has_sig) {
                findings.push(Finding::new(
                    Code::HsaIdFound,
                    Params {
                        hsa_id: chosen.hsa().map(str::to_string),
                        cert: Some(chosen.cert_ref(o)),
                        ..Default::default()
                    },
                ));
            }
            candidates = matching;
        }
    }
    if !policy_failed {
        if let Some(chosen) = pick(&candidates, has_sig) {
            policy.hsa_id = chosen.hsa().map(str::to_string);
            policy.identification = Some(chosen.c.sha256.clone());
            let sig = chosen.hsa().and_then(&signature_for);
            policy.signature = sig.map(|s| s.c.sha256.clone());
            if p.require_signature && sig.is_none() {
                policy_failed = true;
                findings.push(Finding::new(
                    Code::SignatureMissingForHsaId,
                    Params {
                        hsa_id: chosen.hsa().map(str::to_string),
                        ..Default::default()
                    },
                ));
            }
        } else {
            policy_failed = true;
        }
    }
    // Worst first, so the reader sees what blocks login at the top.
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity()));
    let verdict = Verdict::of(&findings);
    policy.satisfied = !policy_failed && verdict != Verdict::Fail;
    if !policy.satisfied {
        policy.hsa_id = None;
    }
    Evaluation {
        card_number,
        groups,
        findings,
        verdict,
        policy,
    }
}
