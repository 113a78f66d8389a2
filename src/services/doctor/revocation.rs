//! The layer after validity: is the certificate the login would use (and
//! its signature partner) revoked? A revoked certificate is a failure the
//! login cannot get past, whatever its dates say ("it worked yesterday":
//! the card was reported lost, then found); no usable answer is a warning,
//! never an ok; nothing asked (offline, a card image, no responder named)
//! is skipped and says why.

use super::diagnosis::DoctorOptions;
use super::layer::{Layer, LayerId, Status};
use crate::base::lang::{capitalised, Lang};
use crate::services::card_revocation::{self, CardRevocation, Plan};
use crate::services::revocation::{RevocationResult, Status as Answer};
use crate::understanding::analysis::AnalysedCert;
use crate::understanding::findings::{Finding, Severity};
use crate::understanding::rules::Evaluation;

/// Asks about the card's login certificates, adds what the answers mean to
/// the evaluation, and gives the layer with the answers (for the report).
pub(super) fn revocation_layer(
    opts: &DoctorOptions,
    plan: &Plan,
    analysed: &[AnalysedCert],
    evaluation: &mut Evaluation,
) -> (Layer, CardRevocation) {
    let answers = card_revocation::check_card(analysed, &opts.cas, evaluation, plan);
    let layer = judge(opts, &answers, analysed, evaluation);
    (layer, answers)
}

/// The layer from the answers: adds what they mean to the evaluation, then
/// speaks of the login's certificates.
pub(super) fn judge(
    opts: &DoctorOptions,
    answers: &CardRevocation,
    analysed: &[AnalysedCert],
    evaluation: &mut Evaluation,
) -> Layer {
    let lang = opts.lang;
    card_revocation::apply(evaluation, answers, analysed, false);
    let login = evaluation.logins.iter().find(|l| {
        l.identification.is_some() && l.identification == evaluation.policy.identification
    });
    let layer = |status: Status, detail: String, advice: Option<String>| Layer {
        name: LayerId::Revocation,
        title: LayerId::Revocation.title(lang).to_string(),
        status,
        detail,
        advice,
    };
    let Some(login) = login else {
        let detail = super::certificates::no_login(opts, lang);
        return layer(Status::Skipped, detail, None);
    };
    let mine: Vec<(&String, &RevocationResult)> = [&login.identification, &login.signature]
        .into_iter()
        .flatten()
        .filter_map(|sha| answers.get(sha).map(|r| (sha, r)))
        .collect();
    // The findings the answers made about these certificates: their texts
    // are the layer's, so the layer and `inspect` say the same thing.
    let about_mine = |f: &&Finding| {
        mine.iter()
            .any(|(sha, _)| f.certificate_sha256() == Some(sha.as_str()))
    };
    let found: Vec<&Finding> = evaluation
        .findings
        .iter()
        .filter(|f| card_revocation::is_revocation_finding(f.code))
        .filter(about_mine)
        .collect();
    let worst = found.iter().map(|f| f.severity()).max();
    let (status, detail, advice) = match worst {
        Some(severity) if severity >= Severity::Warn => {
            let worst_found: Vec<&&Finding> =
                found.iter().filter(|f| f.severity() == severity).collect();
            let detail = worst_found
                .iter()
                .map(|f| f.message(lang))
                .collect::<Vec<_>>()
                .join(" ");
            let mut advice: Vec<String> = Vec::new();
            for f in &worst_found {
                let h = f.hint(lang);
                if !advice.contains(&h) {
                    advice.push(h);
                }
            }
            let status = if severity == Severity::Fail {
                Status::Fail
            } else {
                Status::Warn
            };
            (status, detail, Some(advice.join(" ")))
        }
        _ => quiet(&mine, lang),
    };
    layer(status, detail, advice)
}

/// The layer when no answer called for a finding: ok only when every
/// certificate asked about was vouched for; otherwise skipped with why.
fn quiet(mine: &[(&String, &RevocationResult)], lang: Lang) -> (Status, String, Option<String>) {
    if mine.is_empty() {
        return (
            Status::Skipped,
            lang.pick(
                "Hoppades över: inget certifikat att fråga om.",
                "Skipped: no certificate to ask about.",
            )
            .to_string(),
            None,
        );
    }
    if let Some((_, r)) = mine.iter().find(|(_, r)| r.status != Answer::Good) {
        return (
            Status::Skipped,
            format!(
                "{}{}.",
                capitalised(&card_revocation::describe(r, lang)),
                match &r.responder_url {
                    Some(url) => format!(" ({url})"),
                    None => String::new(),
                }
            ),
            None,
        );
    }
    let (_, first) = mine[0];
    let detail = format!(
        "{}{}.",
        capitalised(&card_revocation::describe(first, lang)),
        match &first.responder_url {
            Some(url) => format!(" {} {url}", lang.pick("enligt", "from")),
            None => String::new(),
        }
    );
    (Status::Ok, detail, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::card_revocation::tests::{at, card, evaluation, revoked, sha};
    use crate::services::revocation::{Code, ReasonCode};
    use crate::understanding::cert::CaSet;
    use crate::understanding::findings::Verdict;
    use crate::understanding::siths::orgs::{resolve, Registry};

    fn options(org: &str) -> DoctorOptions {
        DoctorOptions {
            reader: None,
            timeout: std::time::Duration::from_secs(5),
            lang: Lang::En,
            org: Some(resolve(org, &Registry::builtin()).unwrap().clone()),
            card_expiry: None,
            inventory: None,
            now: at(),
            warn_days: 30,
            cas: CaSet::for_test_pki(),
            wait: None,
            revocation: None,
        }
    }

    fn answers(analysed: &[AnalysedCert], pairs: &[(&str, RevocationResult)]) -> CardRevocation {
        CardRevocation {
            results: pairs
                .iter()
                .map(|(label, r)| (sha(analysed, label), r.clone()))
                .collect(),
        }
    }

    #[test]
    fn a_revoked_login_certificate_fails_the_layer_with_the_new_card_advice() {
        let analysed = card(CaSet::for_test_pki());
        let mut e = evaluation(&analysed, "rjl");
        let a = answers(
            &analysed,
            &[(
                "card-c-rjl-ident",
                revoked("01", ReasonCode::CessationOfOperation),
            )],
        );
        let layer = judge(&options("rjl"), &a, &analysed, &mut e);
        assert_eq!(layer.status, Status::Fail);
        assert!(
            layer.detail.contains("revoked since 2026-11-20"),
            "{}",
            layer.detail
        );
        assert!(layer.advice.unwrap().contains("order a new card"));
        assert_eq!(e.verdict, Verdict::Fail);
    }

    #[test]
    fn a_revoked_certificate_of_another_organisation_leaves_this_login_alone() {
        let analysed = card(CaSet::for_test_pki());
        let mut e = evaluation(&analysed, "rjl");
        let mut good = RevocationResult::bare("01", Answer::Good);
        good.source = Some(crate::services::revocation::Source::Ocsp);
        good.responder_url = Some("http://127.0.0.1:1/".into());
        let a = answers(
            &analysed,
            &[
                ("card-c-rjl-ident", good.clone()),
                ("card-c-rjl-sign", good),
                ("card-c-gbg-ident", revoked("03", ReasonCode::KeyCompromise)),
            ],
        );
        let layer = judge(&options("rjl"), &a, &analysed, &mut e);
        assert_eq!(layer.status, Status::Ok, "{layer:?}");
        assert_eq!(layer.detail, "Not revoked (OCSP) from http://127.0.0.1:1/.");
        // The other one is told, as a warning, in the findings.
        assert_eq!(e.verdict, Verdict::Warn);
    }

    #[test]
    fn not_asked_is_skipped_and_no_answer_warns() {
        let analysed = card(CaSet::for_test_pki());
        let mut e = evaluation(&analysed, "rjl");
        let image = RevocationResult::not_checked("01", Code::Image, "image");
        let a = answers(&analysed, &[("card-c-rjl-ident", image)]);
        let layer = judge(&options("rjl"), &a, &analysed, &mut e);
        assert_eq!(layer.status, Status::Skipped);
        assert_eq!(
            layer.detail,
            "Not checked: a card image: asked only with --online."
        );

        let mut e = evaluation(&analysed, "rjl");
        let mut timeout = RevocationResult::bare("01", Answer::Unavailable);
        timeout.code = Some(Code::Timeout);
        timeout.responder_url = Some("http://ocsp1.siths.se".into());
        let a = answers(&analysed, &[("card-c-rjl-ident", timeout)]);
        let layer = judge(&options("rjl"), &a, &analysed, &mut e);
        assert_eq!(layer.status, Status::Warn);
        assert!(layer
            .detail
            .contains("no answer from http://ocsp1.siths.se"));
    }

    #[test]
    fn without_the_organisations_certificate_the_layer_is_skipped() {
        let analysed = card(CaSet::for_test_pki());
        let mut e = evaluation(&analysed, "stockholm");
        let layer = judge(
            &options("stockholm"),
            &CardRevocation::default(),
            &analysed,
            &mut e,
        );
        assert_eq!(layer.status, Status::Skipped);
        assert!(layer
            .detail
            .starts_with("Skipped: no identification certificate for"));
    }
}
