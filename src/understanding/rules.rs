//! The SITHS rules: from a card's analysed certificates and what the user
//! told us (printed card date, organisation, HSA-ID), the findings and a
//! verdict. Pure functions: no I/O, no clock (the time comes in).

use chrono::{DateTime, NaiveDate, Utc};

use crate::understanding::analysis::AnalysedCert;
use crate::understanding::cert::{Certificate, ChainCheck, Role, Validity};
use crate::understanding::findings::{CertRef, Code, Finding, Params, Verdict};
use crate::understanding::inventory::Inventory;
use crate::understanding::siths::issuers::IssuerClass;
use crate::understanding::siths::orgs::Org;

/// What a check requires beyond a usable card.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    /// A valid identification certificate with an HSA-ID of this organisation.
    pub org: Option<Org>,
    /// A valid identification certificate with exactly this HSA-ID.
    pub hsa_id: Option<String>,
    /// Also the signature certificate with the same HSA-ID.
    pub require_signature: bool,
}

impl Policy {
    /// Whether anything beyond the baseline is required.
    pub fn is_empty(&self) -> bool {
        self.org.is_none() && self.hsa_id.is_none() && !self.require_signature
    }
}

/// Everything the rules take besides the certificates.
#[derive(Clone, Debug)]
pub struct Options<'a> {
    pub now: DateTime<Utc>,
    /// Days before an expiry at which to warn.
    pub warn_days: i64,
    /// Show personal numbers in full in finding texts.
    pub show_personal_numbers: bool,
    /// The date printed on the card (`--card-expiry`): applies to the card
    /// itself, i.e. the card number the card is taken to have.
    pub card_expiry: Option<NaiveDate>,
    /// Printed dates by card number (`--inventory`).
    pub inventory: Option<&'a Inventory>,
    pub policy: Policy,
}

/// Where a card's printed expiry came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpirySource {
    /// `--card-expiry`.
    Flag,
    /// The inventory file.
    Inventory,
}

/// Certificates sharing one card number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardGroup {
    /// `None` for certificates without the card-number extension.
    pub card_number: Option<String>,
    /// Whether the number is well formed with a right Luhn digit.
    pub card_number_valid: Option<bool>,
    /// Whether this is the card's own number.
    pub is_card: bool,
    pub printed_expiry: Option<NaiveDate>,
    pub expiry_source: Option<ExpirySource>,
    /// The note from the inventory.
    pub note: Option<String>,
    /// SHA-256 of each certificate in the group.
    pub certificates: Vec<String>,
}

/// What the policy came to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PolicyOutcome {
    /// No policy finding failed.
    pub satisfied: bool,
    /// The HSA-ID to register in the record system, when one satisfied it.
    pub hsa_id: Option<String>,
    /// SHA-256 of the identification certificate that satisfied it.
    pub identification: Option<String>,
    /// SHA-256 of the matching signature certificate, if found.
    pub signature: Option<String>,
}

/// The outcome of the rules.
#[derive(Clone, Debug)]
pub struct Evaluation {
    /// The card's own card number, as far as it can be told.
    pub card_number: Option<String>,
    pub groups: Vec<CardGroup>,
    pub findings: Vec<Finding>,
    pub verdict: Verdict,
    pub policy: PolicyOutcome,
}

/// A parsed end-entity certificate with its chain result.
struct Ee<'a> {
    c: &'a Certificate,
    chain: &'a ChainCheck,
    label: Option<&'a str>,
}

impl Ee<'_> {
    fn validity(&self, o: &Options) -> Validity {
        self.c.validity(o.now, o.warn_days)
    }

    fn cert_ref(&self, o: &Options) -> CertRef {
        let holder_id = self.c.hsa_id.as_ref().map(|h| h.value.clone()).or_else(|| {
            self.c.personal_number.as_ref().map(|p| {
                if o.show_personal_numbers {
                    p.reveal().to_string()
                } else {
                    p.mask()
                }
            })
        });
        CertRef {
            sha256: self.c.sha256.clone(),
            role: self.c.role,
            label: self.label.map(str::to_string),
            holder_id,
        }
    }

    fn issuer(&self) -> String {
        self.c
            .issuer
            .common_name
            .clone()
            .unwrap_or_else(|| self.c.issuer.to_string())
    }

    fn hsa(&self) -> Option<&str> {
        self.c.hsa_id.as_ref().map(|h| h.value.as_str())
    }

    fn current(&self, o: &Options) -> bool {
        matches!(self.validity(o), Validity::Valid | Validity::Expiring)
    }

    /// Good for a production login: current, not test PKI, not an unknown
    /// issuer, signature not found bad.
    fn production_usable(&self, o: &Options) -> bool {
        self.current(o)
            && matches!(
                self.c.issuer_info.class,
                IssuerClass::Production | IssuerClass::Legacy
            )
            && !self.c.hsa_id.as_ref().is_some_and(|h| h.test)
            && !matches!(self.chain, ChainCheck::SignatureInvalid { .. })
    }

    /// Whom the certificate belongs to: HSA-ID, or personal number.
    fn holder_key(&self) -> Option<String> {
        self.hsa().map(str::to_string).or_else(|| {
            self.c
                .personal_number
                .as_ref()
                .map(|p| p.reveal().to_string())
        })
    }
}

fn day(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d").to_string()
}

/// The card's own number: the token serial when a certificate carries it,
/// else the number most certificates carry (the first on a tie).
fn card_number_of(ees: &[Ee], token_serial: Option<&str>) -> Option<String> {
    let numbers: Vec<&str> = ees
        .iter()
        .filter_map(|e| e.c.card_number.as_ref().map(|n| n.value.as_str()))
        .collect();
    if let Some(serial) = token_serial.map(str::trim) {
        if numbers.contains(&serial) {
            return Some(serial.to_string());
        }
    }
    let mut best: Option<(&str, usize)> = None;
    for n in &numbers {
        let count = numbers.iter().filter(|m| *m == n).count();
        if best.is_none_or(|(_, c)| count > c) {
            best = Some((n, count));
        }
    }
    best.map(|(n, _)| n.to_string())
}

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

/// The identification certificate to go by: the first with a signature
/// partner, else the first.
fn pick<'a, 'b>(list: &[&'b Ee<'a>], has_signature: impl Fn(&Ee) -> bool) -> Option<&'b Ee<'a>> {
    list.iter()
        .copied()
        .find(|e| has_signature(e))
        .or_else(|| list.first().copied())
}

#[cfg(test)]
mod tests;
