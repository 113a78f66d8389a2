//! The rules, in the order they are applied: unreadable certificates, the
//! card numbers and groups, the card's printed date, the certificate each
//! login would use (`login`), each certificate by the part it plays
//! (`certificates`), the CA certificates from the card, whether each
//! question has a certificate at all (`presence`), and the policy. One
//! function, so the order findings are made in stays in one place.

use chrono::NaiveDate;

use super::certificates::{certificate_findings, fold_partner_expiry, Context, Part};
use super::end_entity::{card_number_of, day, Ee};
use super::login::{choose, questions, Choice};
use super::presence::question_findings;
use super::types::{CardGroup, Evaluation, ExpirySource, LoginState, Options, PolicyOutcome};
use crate::understanding::analysis::AnalysedCert;
use crate::understanding::cert::{ChainCheck, Role};
use crate::understanding::findings::{CertRef, Code, Finding, Params, Severity, Verdict};

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

    // One judgement per question: the certificate each login would use.
    let choices: Vec<Choice> = questions(&ees, o)
        .into_iter()
        .map(|org| choose(&ees, org, o))
        .collect();
    let org_asked = o.policy.org.is_some();
    let part = |e: &Ee| -> Part {
        if choices
            .iter()
            .any(|c| c.ident.is_some_and(|i| i.c.sha256 == e.c.sha256))
        {
            Part::Login { org_asked }
        } else if choices
            .iter()
            .any(|c| c.partner.is_some_and(|p| p.c.sha256 == e.c.sha256))
        {
            Part::Partner
        } else {
            Part::Other
        }
    };
    let login_of = |e: &Ee| {
        choices
            .iter()
            .find(|c| c.partner.is_some_and(|p| p.c.sha256 == e.c.sha256))
            .and_then(|c| c.ident)
    };
    let x = Context {
        ees: &ees,
        o,
        card_number: card_number.as_deref(),
        printed_expiry: &printed_expiry_of,
        login_of: &login_of,
    };

    // Each certificate, by the part it plays.
    let mut level2_told = false;
    for e in &ees {
        findings.extend(certificate_findings(e, part(e), &x, &mut level2_told));
    }
    fold_partner_expiry(&mut findings, &x);

    // CA certificates from the card that lead to no trust anchor: each its
    // own finding, or a detail of the login certificate's chain finding
    // when that is the chain it broke.
    for a in certs {
        let Ok(ca) = &a.analysis else { continue };
        if !ca.is_ca || a.chain.is_trusted() {
            continue;
        }
        let f = Finding::new(
            Code::CardCaUntrusted,
            Params {
                cert: Some(CertRef {
                    sha256: ca.sha256.clone(),
                    role: Role::Other,
                    label: a.on_card.label.clone(),
                    holder_id: ca.subject.common_name.clone(),
                }),
                issuer: Some(ca.issuer.to_string()),
                ..Default::default()
            },
        );
        let host = findings.iter_mut().find(|g| {
            g.code == Code::ChainNotAnchored
                && ees.iter().any(|e| {
                    Some(e.c.sha256.as_str()) == g.certificate_sha256()
                        && matches!(e.chain, ChainCheck::NotAnchored { issuer } if issuer.sha256 == ca.sha256)
                })
        });
        match host {
            Some(g) => g.details.push(f.with_severity(Severity::Info)),
            None => findings.push(f),
        }
    }

    // Is there a certificate for each question at all?
    for c in &choices {
        findings.extend(question_findings(c, &ees, o));
    }
    new_card_instead(&mut findings, card_number.as_deref());
    // The personnummer certificate is there too: a hint to pick the right one.
    let usable = choices
        .iter()
        .find(|c| c.state == Some(LoginState::Usable))
        .and_then(|c| c.ident);
    if let Some(first) = usable {
        let pnr_ident = ees
            .iter()
            .any(|e| e.c.personal_number.is_some() && e.c.role == Role::Identification);
        if pnr_ident {
            findings.push(Finding::new(
                Code::PersonalNumberCertificatePresent,
                Params {
                    hsa_id: first.hsa().map(str::to_string),
                    ..Default::default()
                },
            ));
        }
    }

    // The policy: the first question's login (the only one when an
    // organisation was asked about).
    let mut policy = PolicyOutcome::default();
    let asked = o.policy.org.is_some() || o.policy.hsa_id.is_some();
    let chosen = if asked {
        choices.first()
    } else {
        choices
            .iter()
            .find(|c| c.state == Some(LoginState::Usable))
            .or(choices.first())
    };
    let mut policy_failed = true;
    if let Some(c) = chosen {
        if let Some(ident) = c.ident {
            policy.identification = Some(ident.c.sha256.clone());
            policy.signature = c.partner.map(|p| p.c.sha256.clone());
            policy.hsa_id = ident.hsa().map(str::to_string);
            let partner_ok = c
                .partner
                .is_some_and(|p| super::login::state_of(p, o) == LoginState::Usable);
            policy_failed =
                c.state != Some(LoginState::Usable) || (o.policy.require_signature && !partner_ok);
        }
    }
    // Worst first, so the reader sees what blocks login at the top.
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity()));
    let verdict = Verdict::of(&findings);
    policy.satisfied = !policy_failed && verdict != Verdict::Fail;
    if !policy.satisfied {
        policy.hsa_id = None;
    }
    let logins = choices.iter().map(Choice::outcome).collect();
    Evaluation {
        card_number,
        groups,
        findings,
        verdict,
        policy,
        logins,
    }
}

/// One cause, one piece of advice: the organisation's certificate is
/// missing and the card itself has ended or ends within the warning days,
/// so no certificate can be ordered for it (as `order-info` refuses). The
/// two findings become one, "a new card with the organisation's
/// certificate", which names the card and its date.
fn new_card_instead(findings: &mut Vec<Finding>, own_card: Option<&str>) {
    let ends = |f: &Finding| {
        matches!(f.code, Code::CardExpired | Code::CardExpiring)
            && own_card.is_some_and(|n| f.params.card_number.as_deref() == Some(n))
    };
    if !findings
        .iter()
        .any(|f| f.code == Code::OrgIdentificationMissing)
    {
        return;
    }
    let Some(at) = findings.iter().position(ends) else {
        return;
    };
    let card = findings.remove(at);
    let Some(f) = findings
        .iter_mut()
        .find(|f| f.code == Code::OrgIdentificationMissing)
    else {
        return;
    };
    let mut params = f.params.clone();
    params.card_number = card.params.card_number.clone();
    params.card_date = card.params.card_date.clone();
    let mut merged = Finding::new(Code::OrgIdentificationMissingNewCard, params);
    merged.details = std::mem::take(&mut f.details);
    *f = merged;
}
