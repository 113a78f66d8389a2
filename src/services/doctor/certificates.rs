//! Layers 9-12: what the rules say about the certificates (issuers, the
//! identification certificate, validity, the signature certificate), each
//! finding in the layer it belongs to.

use chrono::{DateTime, Utc};

use super::diagnosis::DoctorOptions;
use super::layer::{Builder, Layer, LayerId, Status};
use crate::base::lang::Lang;
use crate::reading::card_read::CardRead;
use crate::understanding::analysis::AnalysedCert;
use crate::understanding::cert::Certificate;
use crate::understanding::findings::{Code, Finding, Severity};
use crate::understanding::rules;

/// Runs layers 9-12 on the certificates read; returns the rules'
/// evaluation for the report.
pub(super) fn certificate_layers(
    opts: &DoctorOptions,
    b: &mut Builder,
    read: &CardRead,
    analysed: &[AnalysedCert],
) -> rules::Evaluation {
    let lang = opts.lang;
    let persons: Vec<&Certificate> = analysed
        .iter()
        .filter_map(|a| a.analysis.as_ref().ok())
        .filter(|c| !c.is_ca)
        .collect();
    // 9-12: what the rules say about the certificates, layer by layer.
    let options = rules::Options {
        now: opts.now,
        warn_days: opts.warn_days,
        show_personal_numbers: false,
        card_expiry: opts.card_expiry,
        inventory: opts.inventory.as_ref(),
        policy: rules::Policy {
            org: opts.org.clone(),
            ..Default::default()
        },
    };
    let token_serial = read.card.token.as_ref().and_then(|t| t.serial.as_deref());
    let evaluation = rules::evaluate(analysed, token_serial, &options);
    // Layer 10 asks whether the certificate is there, layer 11 whether it
    // is valid: an expired one is a validity failure, not a missing one.
    let org_number = opts.org.as_ref().map(|o| o.number.as_str());
    let present: Vec<&Certificate> = persons
        .iter()
        .copied()
        .filter(|c| c.identifies_for(org_number))
        .collect();
    let consequence = |f: &&Finding| {
        !present.is_empty()
            && matches!(
                f.code,
                Code::NoValidHsaIdIdentification | Code::OrgIdentificationMissing
            )
    };
    for id in [
        LayerId::Issuers,
        LayerId::Identification,
        LayerId::Validity,
        LayerId::Signature,
    ] {
        let mine: Vec<&Finding> = evaluation
            .findings
            .iter()
            .filter(|f| layer_of(f.code) == id && !consequence(f))
            .collect();
        let worst = mine.iter().map(|f| f.severity()).max();
        let status = match worst {
            Some(Severity::Fail) => Status::Fail,
            Some(Severity::Warn) => Status::Warn,
            _ => Status::Ok,
        };
        let shown: Vec<&&Finding> = mine
            .iter()
            .filter(|f| status == Status::Ok || Some(f.severity()) == worst)
            .collect();
        // A layer that is fine says so briefly; its notes are in `inspect`.
        let detail = if status == Status::Ok {
            ok_detail(id, &persons, &present, &evaluation, opts.now, lang)
        } else {
            shown
                .iter()
                .map(|f| f.message(lang))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut advice: Vec<String> = Vec::new();
        if status != Status::Ok {
            for f in &shown {
                let h = f.hint(lang);
                if !advice.contains(&h) {
                    advice.push(h);
                }
            }
        }
        b.layers.push(Layer {
            name: id,
            title: id.title(lang).to_string(),
            status,
            detail,
            advice: (!advice.is_empty()).then(|| advice.join(" ")),
        });
    }

    evaluation
}

/// Which layer a finding of the rules belongs to.
fn layer_of(code: Code) -> LayerId {
    use Code::*;
    match code {
        NoCertificates | CertificateUnreadable => LayerId::Certificates,
        TestPkiCertificate
        | UnknownIssuer
        | LegacyIssuer
        | ChainSignatureInvalid
        | AssuranceLevel2 => LayerId::Issuers,
        NoValidHsaIdIdentification
        | OrgIdentificationMissing
        | OrgOnlyTestCertificate
        | PersonalNumberOnly
        | PersonalNumberCertificatePresent
        | HsaIdMissing
        | HsaIdFound
        | OrgIdentificationFound => LayerId::Identification,
        NoSignatureCertificate | SignatureMissingForHsaId => LayerId::Signature,
        RenewCertificateNotCard
        | CertificateExpired
        | CertificateExpiredReplaced
        | CertificateNotYetValid
        | CertificateExpiring
        | CardExpired
        | CardExpiring
        | CardExpiresBeforeCertificates
        | OtherCardNumber
        | CardNumberInvalid => LayerId::Validity,
        PinBlocked | PinBlockedRequired | PinLastTry | PinCountLow | PukBlocked | PukLastTry => {
            LayerId::Pin
        }
    }
}

/// What a layer with nothing to report says.
fn ok_detail(
    id: LayerId,
    persons: &[&Certificate],
    present: &[&Certificate],
    evaluation: &rules::Evaluation,
    now: DateTime<Utc>,
    lang: Lang,
) -> String {
    match id {
        LayerId::Issuers => {
            let mut names: Vec<String> = persons
                .iter()
                .filter_map(|c| c.issuer.common_name.clone())
                .collect();
            names.sort();
            names.dedup();
            names.join("; ")
        }
        LayerId::Identification => evaluation
            .policy
            .hsa_id
            .clone()
            .or_else(|| {
                present
                    .iter()
                    .find_map(|c| c.hsa_id.as_ref().map(|h| h.value.clone()))
            })
            .unwrap_or_else(|| {
                lang.pick(
                    "Legitimeringscertifikat finns.",
                    "Identification certificate present.",
                )
                .to_string()
            }),
        LayerId::Validity => match present.iter().max_by_key(|c| c.not_after) {
            Some(c) => format!(
                "{} {} ({} {}).",
                lang.pick(
                    "Legitimeringscertifikatet gäller till",
                    "The identification certificate is valid until"
                ),
                c.not_after.format("%Y-%m-%d"),
                c.days_left(now),
                lang.pick("dagar kvar", "days left")
            ),
            None => lang
                .pick("Certifikaten är giltiga.", "The certificates are valid.")
                .to_string(),
        },
        _ => lang
            .pick(
                "Underskriftscertifikat finns.",
                "Signature certificate present.",
            )
            .to_string(),
    }
}
