//! Is there a certificate for the question at all? For each organisation
//! asked about: the certificate found (a pass, marked ok), or the one
//! finding that says what is missing, naming what the card holds instead.
//! A certificate that is there but expired, untrusted or not yet valid is
//! not "missing": its own finding (in `certificates`) is the cause.

use super::end_entity::Ee;
use super::login::Choice;
use super::types::{LoginState, Options};
use crate::understanding::cert::Role;
use crate::understanding::findings::{Code, Finding, Params};
use crate::understanding::siths::orgs::{Org, OrgSource};

/// "Region Jönköpings län (232100-0057)"; an unlisted organisation is
/// named by its number already.
pub(super) fn org_text(org: &Org) -> String {
    match (org.source, org.number.get(..6), org.number.get(6..)) {
        (OrgSource::Unlisted, _, _) => org.name.clone(),
        (_, Some(a), Some(b)) if !b.is_empty() => format!("{} ({a}-{b})", org.name),
        _ => format!("{} ({})", org.name, org.number),
    }
}

/// The HSA-IDs of every identification certificate on the card, for
/// "found instead"; `None` when there are none.
fn found(ees: &[Ee]) -> Option<String> {
    let mut ids: Vec<&str> = ees
        .iter()
        .filter(|e| e.c.role == Role::Identification)
        .filter_map(|e| e.hsa())
        .collect();
    ids.dedup();
    (!ids.is_empty()).then(|| ids.join(", "))
}

/// The findings of one question.
pub(super) fn question_findings(choice: &Choice, ees: &[Ee], o: &Options) -> Vec<Finding> {
    let mut out = Vec::new();
    let p = &o.policy;
    let Some(ident) = choice.ident else {
        let any_pnr = ees.iter().any(|e| e.c.personal_number.is_some());
        let any_hsa = ees.iter().any(|e| e.c.hsa_id.is_some());
        // A card of personnummer certificates only: that is the cause,
        // whichever organisation was asked about.
        if any_pnr && !any_hsa {
            out.push(Finding::new(Code::PersonalNumberOnly, Params::default()));
            return out;
        }
        match (&choice.org, &p.hsa_id) {
            (_, Some(wanted)) => out.push(Finding::new(
                Code::HsaIdMissing,
                Params {
                    hsa_id: Some(wanted.trim().to_string()),
                    org: choice.org.as_ref().map(org_text),
                    found: found(ees),
                    ..Default::default()
                },
            )),
            (Some(org), None) => out.push(Finding::new(
                Code::OrgIdentificationMissing,
                Params {
                    org: Some(org_text(org)),
                    found: found(ees),
                    ..Default::default()
                },
            )),
            (None, None) if !ees.is_empty() => out.push(Finding::new(
                Code::NoValidHsaIdIdentification,
                Params::default(),
            )),
            (None, None) => {}
        }
        return out;
    };
    let hsa = ident.hsa().map(str::to_string);
    match (choice.state, &choice.org) {
        (Some(LoginState::TestPki), Some(org)) => out.push(Finding::new(
            Code::OrgOnlyTestCertificate,
            Params {
                org: Some(org_text(org)),
                hsa_id: hsa.clone(),
                cert: Some(ident.cert_ref(o)),
                ..Default::default()
            },
        )),
        (Some(LoginState::Usable), _) if p.hsa_id.is_some() => out.push(Finding::new(
            Code::HsaIdFound,
            Params {
                hsa_id: hsa.clone(),
                cert: Some(ident.cert_ref(o)),
                ..Default::default()
            },
        )),
        (Some(LoginState::Usable), Some(org)) if p.org.is_some() => out.push(Finding::new(
            Code::OrgIdentificationFound,
            Params {
                org: Some(org_text(org)),
                hsa_id: hsa.clone(),
                cert: Some(ident.cert_ref(o)),
                ..Default::default()
            },
        )),
        _ => {}
    }
    // The signature certificate: missing altogether (one that is there
    // but expired or untrusted has its own finding).
    if choice.partner.is_none() && choice.state != Some(LoginState::TestPki) {
        let code = if p.require_signature {
            Code::SignatureMissingForHsaId
        } else {
            Code::NoSignatureCertificate
        };
        out.push(Finding::new(
            code,
            Params {
                hsa_id: hsa,
                ..Default::default()
            },
        ));
    }
    out
}
