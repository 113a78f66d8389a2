//! Layers 9-12: what the rules say about the certificate the login would
//! use (its issuer and chain, its presence, its validity) and about its
//! signature partner. Every layer speaks of that one certificate, chosen
//! by the rules for the organisation in question; without one, the layers
//! that need it are skipped, never ok.

use super::diagnosis::DoctorOptions;
use super::layer::{Builder, Layer, LayerId, Status};
use crate::base::lang::Lang;
use crate::reading::card_read::CardRead;
use crate::understanding::analysis::AnalysedCert;
use crate::understanding::cert::{Certificate, ChainCheck};
use crate::understanding::findings::{Code, Finding, Severity};
use crate::understanding::rules::{self, LoginState};

/// Runs layers 9-12 on the certificates read; returns the rules'
/// evaluation for the report.
pub(super) fn certificate_layers(
    opts: &DoctorOptions,
    b: &mut Builder,
    read: &CardRead,
    analysed: &[AnalysedCert],
) -> rules::Evaluation {
    let lang = opts.lang;
    let options = rules::Options {
        now: opts.now,
        warn_days: opts.warn_days,
        show_personal_numbers: false,
        card_expiry: opts.card_expiry,
        inventory: opts.inventory.as_ref(),
        policy: rules::Policy {
            org: opts.org.clone(),
            // A chain that reaches no trusted root fails the login at the
            // identity provider: a cause, not a remark.
            trusted_chain: true,
            ..Default::default()
        },
    };
    let token_serial = read.card.token.as_ref().and_then(|t| t.serial.as_deref());
    let evaluation = rules::evaluate(analysed, token_serial, &options);
    let cert = |sha: Option<&String>| -> Option<&Certificate> {
        let sha = sha?;
        analysed
            .iter()
            .filter_map(|a| a.analysis.as_ref().ok())
            .find(|c| &c.sha256 == sha)
    };
    let login = evaluation.logins.iter().find(|l| {
        l.identification.is_some() && l.identification == evaluation.policy.identification
    });
    let ident = login.and_then(|l| cert(l.identification.as_ref()));
    let partner = login.and_then(|l| cert(l.signature.as_ref()));
    let ident_chain = ident.and_then(|c| {
        analysed
            .iter()
            .find(|a| a.analysis.as_ref().is_ok_and(|x| x.sha256 == c.sha256))
            .map(|a| &a.chain)
    });
    let about = |f: &Finding, c: Option<&Certificate>| {
        c.is_some_and(|c| f.certificate_sha256() == Some(c.sha256.as_str()))
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
            .filter(|f| layer_of(f, about(f, ident), about(f, partner)) == Some(id))
            .collect();
        let needs_login = id != LayerId::Identification;
        // Information is no check: a layer with nothing but information
        // about other certificates has checked nothing.
        let nothing_wrong = mine.iter().all(|f| f.severity() < Severity::Warn);
        let skip_because = match (ident, id) {
            (None, _) if needs_login && nothing_wrong => Some(no_login(opts, lang)),
            // The signature is moot while the identification certificate
            // itself cannot be used: that cause is told once, above.
            (Some(_), LayerId::Signature)
                if login.and_then(|l| l.state) != Some(LoginState::Usable) =>
            {
                Some(
                    lang.pick(
                        "Hoppades över: legitimeringscertifikatet som inloggningen använder går inte att använda (se ovan).",
                        "Skipped: the identification certificate the login uses cannot be used (see above).",
                    )
                    .to_string(),
                )
            }
            _ => None,
        };
        if let Some(detail) = skip_because {
            b.layers.push(Layer {
                name: id,
                title: id.title(lang).to_string(),
                status: Status::Skipped,
                detail,
                advice: None,
            });
            continue;
        }
        let worst = mine.iter().map(|f| f.severity()).max();
        let status = match worst {
            Some(Severity::Fail) => Status::Fail,
            Some(Severity::Warn) => Status::Warn,
            _ => Status::Ok,
        };
        let detail = if status == Status::Ok {
            ok_detail(id, ident, partner, ident_chain, opts, lang)
        } else {
            mine.iter()
                .filter(|f| Some(f.severity()) == worst)
                .map(|f| with_details(f, lang))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut advice: Vec<String> = Vec::new();
        if status != Status::Ok {
            for f in mine.iter().filter(|f| Some(f.severity()) == worst) {
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

/// A finding's message with the facts that hang under it.
fn with_details(f: &Finding, lang: Lang) -> String {
    let mut text = f.message(lang);
    for d in &f.details {
        text.push_str(" (");
        text.push_str(&d.message(lang));
        text.push(')');
    }
    text
}

/// "Skipped: no identification certificate for ORG".
pub(super) fn no_login(opts: &DoctorOptions, lang: Lang) -> String {
    match &opts.org {
        Some(org) => format!(
            "{} {}",
            lang.pick(
                "Hoppades över: inget legitimeringscertifikat för",
                "Skipped: no identification certificate for"
            ),
            org.name
        ),
        None => lang
            .pick(
                "Hoppades över: inget legitimeringscertifikat med HSA-ID.",
                "Skipped: no identification certificate with an HSA-ID.",
            )
            .to_string(),
    }
}

/// Which layer a finding belongs to: `ident` and `partner` say whether it
/// is about the login's identification certificate or its signature
/// partner. Findings about other certificates belong to no layer (they
/// are information, shown by `inspect`).
fn layer_of(f: &Finding, ident: bool, partner: bool) -> Option<LayerId> {
    use Code::*;
    let id = match f.code {
        NoCertificates | CertificateUnreadable => return None,
        // The PIN layer (`pin.rs`) speaks of these.
        PinBlocked | PinBlockedRequired | PinLastTry | PinCountLow | PukBlocked | PukLastTry => {
            return None
        }
        NoValidHsaIdIdentification
        | OrgIdentificationMissing
        | OrgIdentificationMissingNewCard
        | OrgOnlyTestCertificate
        | PersonalNumberOnly
        | HsaIdMissing
        | HsaIdFound
        | OrgIdentificationFound => LayerId::Identification,
        NoSignatureCertificate | SignatureMissingForHsaId => LayerId::Signature,
        CardExpired | CardExpiring | CardExpiresBeforeCertificates => LayerId::Validity,
        _ if partner => LayerId::Signature,
        _ if !ident => return None,
        TestPkiCertificate
        | UnknownIssuer
        | LegacyIssuer
        | ChainSignatureInvalid
        | ChainNotAnchored
        | CardCaUntrusted
        | AssuranceLevel2 => LayerId::Issuers,
        _ => LayerId::Validity,
    };
    Some(id)
}

/// What a layer whose check passed says.
fn ok_detail(
    id: LayerId,
    ident: Option<&Certificate>,
    partner: Option<&Certificate>,
    chain: Option<&ChainCheck>,
    opts: &DoctorOptions,
    lang: Lang,
) -> String {
    let until = |c: &Certificate| {
        format!(
            "{} ({} {})",
            c.not_after.format("%Y-%m-%d"),
            c.days_left(opts.now),
            lang.pick("dagar kvar", "days left")
        )
    };
    match (id, ident) {
        (LayerId::Issuers, Some(c)) => {
            let issuer = c
                .issuer
                .common_name
                .clone()
                .unwrap_or_else(|| c.issuer.to_string());
            match chain {
                Some(ChainCheck::Verified {
                    anchor: Some(root), ..
                }) => format!(
                    "{issuer}; {} {}",
                    lang.pick("kedjan når", "the chain reaches"),
                    root.subject
                ),
                _ => issuer,
            }
        }
        (LayerId::Identification, Some(c)) => c
            .hsa_id
            .as_ref()
            .map(|h| h.value.clone())
            .unwrap_or_default(),
        (LayerId::Validity, Some(c)) => format!(
            "{} {}.",
            lang.pick(
                "Legitimeringscertifikatet gäller till",
                "The identification certificate is valid until"
            ),
            until(c)
        ),
        (LayerId::Signature, _) => match partner {
            Some(p) => format!(
                "{} {}.",
                lang.pick(
                    "Underskriftscertifikatet gäller till",
                    "The signature certificate is valid until"
                ),
                until(p)
            ),
            None => String::new(),
        },
        _ => String::new(),
    }
}
