//! Revocation for a card: which of its certificates the question needs
//! asked about (the ones a login would use, or with `--all` every person
//! certificate), with which issuer, and what the answers mean as findings.
//! The network side is [`crate::services::revocation`]; this room only
//! decides what to ask and reads the answers the way the rules read
//! everything else, so `inspect`, `check`, `doctor` and `watch` judge
//! revocation alike.
//!
//! A card image (a file, the demo card) asks nothing unless `--online`:
//! an image is often a card seen elsewhere or long ago, and a contact
//! person studying it should not reach the network by surprise.

use crate::base::lang::Lang;
use crate::understanding::analysis::AnalysedCert;
use crate::understanding::cert::{CaSet, Certificate, ChainCheck};
use crate::understanding::findings::{Code as FindingCode, Finding, Params, Severity};
use crate::understanding::rules::{self, Evaluation};

use super::revocation::{self, Code, Options, Query, ReasonCategory, RevocationResult, Status};

/// What to ask, decided by the command layer from the flags, the
/// configuration and the card source.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Time bound, offline, proxy, cache.
    pub options: Options,
    /// Whether asking is allowed at all for this source: `false` for a card
    /// image unless `--online`.
    pub ask: bool,
    /// `--all`: every person certificate, not only the ones a login uses.
    pub all: bool,
}

/// The answers for one card, by certificate.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CardRevocation {
    /// (SHA-256 of the certificate, its answer), in card order.
    pub results: Vec<(String, RevocationResult)>,
}

impl CardRevocation {
    /// The answer for the certificate with this SHA-256, if it was in
    /// question.
    pub fn get(&self, sha256: &str) -> Option<&RevocationResult> {
        self.results
            .iter()
            .find(|(s, _)| s == sha256)
            .map(|(_, r)| r)
    }
}

/// The certificate of the CA that signed `cert` (its chain's issuer), from
/// the card or the known CAs. Only an issuer whose key verified the
/// signature: asking about a certificate under a CA it does not chain to
/// would ask the wrong responder.
fn issuer_der<'a>(
    chain: &ChainCheck,
    analysed: &'a [AnalysedCert],
    cas: &'a CaSet,
) -> Option<&'a [u8]> {
    let sha = match chain {
        ChainCheck::Verified { issuer, .. } | ChainCheck::NotAnchored { issuer } => &issuer.sha256,
        _ => return None,
    };
    analysed
        .iter()
        .filter_map(|a| a.analysis.as_ref().ok())
        .chain(cas.certificates().map(|(c, _)| c))
        .find(|c| &c.sha256 == sha)
        .map(|c| c.der.as_slice())
}

/// The certificates in question: end-entity certificates a login uses, or
/// with `all` every one.
fn in_question<'a>(
    analysed: &'a [AnalysedCert],
    evaluation: &Evaluation,
    all: bool,
) -> Vec<(&'a AnalysedCert, &'a Certificate)> {
    analysed
        .iter()
        .filter_map(|a| a.analysis.as_ref().ok().map(|c| (a, c)))
        .filter(|(_, c)| !c.is_ca && (all || evaluation.used_by_a_login(&c.sha256)))
        .collect()
}

/// Asks about the certificates in question, all at once, within the plan's
/// time bound. Never fails as a whole: each certificate gets its answer.
pub fn check_card(
    analysed: &[AnalysedCert],
    cas: &CaSet,
    evaluation: &Evaluation,
    plan: &Plan,
) -> CardRevocation {
    let wanted = in_question(analysed, evaluation, plan.all);
    let mut results: Vec<Option<RevocationResult>> = vec![None; wanted.len()];
    let mut queries = Vec::new();
    let mut asked = Vec::new();
    for (n, (a, c)) in wanted.iter().enumerate() {
        if !plan.ask {
            results[n] = Some(RevocationResult::not_checked(
                &c.serial,
                Code::Image,
                "the card was read from an image: nothing is asked without --online",
            ));
            continue;
        }
        match issuer_der(&a.chain, analysed, cas) {
            Some(issuer) => {
                queries.push(Query {
                    certificate: c.der.clone(),
                    issuer: issuer.to_vec(),
                });
                asked.push(n);
            }
            None => {
                results[n] = Some(RevocationResult::not_checked(
                    &c.serial,
                    Code::NoIssuer,
                    "the issuing CA is not known or does not verify the certificate",
                ))
            }
        }
    }
    if !queries.is_empty() {
        for (n, r) in asked
            .into_iter()
            .zip(revocation::check(&queries, &plan.options))
        {
            results[n] = Some(r);
        }
    }
    CardRevocation {
        results: wanted
            .iter()
            .zip(results)
            .filter_map(|((_, c), r)| r.map(|r| (c.sha256.clone(), r)))
            .collect(),
    }
}

/// The finding an answer calls for, if any: revoked, unknown, or no usable
/// answer. Good and not_checked give none (not_checked is shown where the
/// certificate is, never as fine).
fn finding_code(r: &RevocationResult) -> Option<FindingCode> {
    match r.status {
        Status::Revoked => Some(match r.reason.map(|x| x.category) {
            Some(ReasonCategory::CodesOrCardCompromised) => {
                FindingCode::CertificateRevokedCompromised
            }
            _ => FindingCode::CertificateRevoked,
        }),
        Status::Unknown => Some(FindingCode::RevocationUnknown),
        Status::Unavailable => Some(match r.code {
            Some(
                Code::Timeout
                | Code::ConnectFailed
                | Code::ProxyUnreachable
                | Code::ProxyRefused
                | Code::BadUrl,
            ) => FindingCode::RevocationUnreachable,
            _ => FindingCode::RevocationBadAnswer,
        }),
        Status::Good | Status::NotChecked => None,
    }
}

/// Whether a finding is one this room makes (revoked, unknown, no usable
/// answer).
pub fn is_revocation_finding(code: FindingCode) -> bool {
    matches!(
        code,
        FindingCode::CertificateRevoked
            | FindingCode::CertificateRevokedCompromised
            | FindingCode::RevocationUnknown
            | FindingCode::RevocationUnreachable
            | FindingCode::RevocationBadAnswer
    )
}

/// The findings for a card's answers: one per cause (the second revoked
/// certificate hangs under the first as a detail). A revoked certificate a
/// login uses fails; one the login does not use is a warning.
pub fn findings(
    revocation: &CardRevocation,
    analysed: &[AnalysedCert],
    evaluation: &Evaluation,
    show_personal_numbers: bool,
) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    for (sha, r) in &revocation.results {
        let Some(code) = finding_code(r) else {
            continue;
        };
        let Some(a) = analysed
            .iter()
            .find(|a| a.analysis.as_ref().is_ok_and(|c| &c.sha256 == sha))
        else {
            continue;
        };
        let Ok(c) = &a.analysis else { continue };
        let mut finding = Finding::new(
            code,
            Params {
                cert: Some(rules::cert_ref(
                    c,
                    a.on_card.label.as_deref(),
                    show_personal_numbers,
                )),
                date: r.revoked_at.map(day),
                url: r.responder_url.clone(),
                ..Default::default()
            },
        );
        if code.entry().severity == Severity::Fail && !evaluation.used_by_a_login(sha) {
            finding = finding.with_severity(Severity::Warn);
        }
        match out.iter_mut().find(|f| f.code == code) {
            Some(first) => {
                if finding.severity > first.severity {
                    std::mem::swap(first, &mut finding);
                    first.details.append(&mut finding.details);
                }
                first.details.push(finding);
            }
            None => out.push(finding),
        }
    }
    out
}

/// Adds the answers' findings to the evaluation: a revoked certificate a
/// login uses fails the verdict and the policy.
pub fn apply(
    evaluation: &mut Evaluation,
    revocation: &CardRevocation,
    analysed: &[AnalysedCert],
    show_personal_numbers: bool,
) {
    let found = findings(revocation, analysed, evaluation, show_personal_numbers);
    let blocks = found.iter().any(|f| f.severity == Severity::Fail);
    rules::apply_findings(evaluation, found, blocks);
}

fn day(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%d").to_string()
}

/// One answer in a few words: "not revoked (OCSP)", "revoked since
/// 2026-11-30: replaced or blocked", "not checked: offline (--offline)".
pub fn describe(r: &RevocationResult, lang: Lang) -> String {
    let source = match r.source {
        Some(revocation::Source::Ocsp) => "OCSP",
        Some(revocation::Source::Crl) => lang.pick("spärrlista", "CRL"),
        None => "",
    };
    let cached = if r.from_cache {
        lang.pick(", sparat svar", ", cached")
    } else {
        ""
    };
    match r.status {
        Status::Good => format!(
            "{} ({source}{cached})",
            lang.pick("inte spärrat", "not revoked")
        ),
        Status::Revoked => {
            let since = r.revoked_at.map(day).unwrap_or_else(|| "?".into());
            let why = match r.reason.map(|x| x.category) {
                Some(ReasonCategory::ReplacedOrBlocked) => {
                    lang.pick("utbytt eller spärrat", "replaced or blocked")
                }
                Some(ReasonCategory::CodesOrCardCompromised) => lang.pick(
                    "spärrat: koderna eller kortet röjda",
                    "blocked: codes or card compromised",
                ),
                Some(ReasonCategory::CaCompromised) => {
                    lang.pick("utfärdaren röjd", "the CA was compromised")
                }
                Some(ReasonCategory::AffiliationChanged) => {
                    lang.pick("anknytningen har ändrats", "affiliation changed")
                }
                Some(ReasonCategory::OnHold) => lang.pick("tillfälligt spärrat", "on hold"),
                Some(ReasonCategory::PrivilegeWithdrawn) => {
                    lang.pick("behörigheten återkallad", "privilege withdrawn")
                }
                Some(ReasonCategory::Unspecified) | None => {
                    lang.pick("ingen orsak angiven", "no reason given")
                }
            };
            format!(
                "{} {since}: {why} ({source}{cached})",
                lang.pick("spärrat sedan", "revoked since")
            )
        }
        Status::Unknown => format!(
            "{} ({source})",
            lang.pick("okänt för spärrtjänsten", "unknown to the responder")
        ),
        Status::Unavailable => format!(
            "{}: {}",
            lang.pick("gick inte att kontrollera", "could not be checked"),
            r.code.map(|c| code_words(c, lang)).unwrap_or("?")
        ),
        Status::NotChecked => format!(
            "{}: {}",
            lang.pick("inte kontrollerat", "not checked"),
            r.code.map(|c| code_words(c, lang)).unwrap_or("?")
        ),
    }
}

/// Why a check gave no answer, in a few words.
pub fn code_words(code: Code, lang: Lang) -> &'static str {
    match code {
        Code::Offline => lang.pick("frågar inte nätet (offline)", "offline"),
        Code::NoResponder => lang.pick(
            "certifikatet anger ingen spärrtjänst",
            "the certificate names no responder",
        ),
        Code::UnsupportedScheme => {
            lang.pick("bara https-adresser angivna", "only https locations named")
        }
        Code::BadUrl => lang.pick(
            "felaktig adress till spärrtjänsten",
            "a bad responder address",
        ),
        Code::BadInput => lang.pick(
            "certifikatet gick inte att läsa",
            "the certificate could not be read",
        ),
        Code::Timeout => lang.pick("inget svar inom tidsgränsen", "no answer in time"),
        Code::ConnectFailed => lang.pick(
            "ingen förbindelse med spärrtjänsten",
            "no connection to the responder",
        ),
        Code::ProxyUnreachable => {
            lang.pick("ingen förbindelse med proxyn", "no connection to the proxy")
        }
        Code::ProxyRefused => lang.pick("proxyn nekade frågan", "the proxy refused the request"),
        Code::HttpStatus => lang.pick(
            "servern svarade med ett fel",
            "the server answered with an error",
        ),
        Code::TooLarge => lang.pick("svaret var för stort", "the answer was too large"),
        Code::BadResponse => lang.pick("svaret gick inte att läsa", "not a readable answer"),
        Code::ResponderError => lang.pick(
            "spärrtjänsten svarade med ett fel",
            "the responder reported an error",
        ),
        Code::BadSignature => lang.pick(
            "svarets signatur stämmer inte",
            "the answer's signature does not verify",
        ),
        Code::NonceMismatch => lang.pick(
            "svaret gällde en annan fråga",
            "the answer was for another request",
        ),
        Code::Stale => lang.pick("svaret är för gammalt", "the answer is out of date"),
        Code::NotYetValid => lang.pick(
            "svaret är daterat i framtiden",
            "the answer is dated in the future",
        ),
        Code::NoEntry => lang.pick(
            "svaret gällde inte certifikatet",
            "the answer did not cover the certificate",
        ),
        Code::Image => lang.pick(
            "kortavbildning: frågas bara med --online",
            "a card image: asked only with --online",
        ),
        Code::NoIssuer => lang.pick(
            "utfärdaren är okänd eller inte verifierad",
            "the issuer is not known or not verified",
        ),
    }
}

/// Also the fixtures of the tests of the doctor's revocation layer.
#[cfg(test)]
pub(crate) mod tests;
