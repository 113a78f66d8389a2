//! The typed, borrowed view of one document (only the fields the summary
//! needs are read; the rest is skipped unparsed), the kinds of document
//! a card report comes in, and what one document contributes.

use std::borrow::Cow;

use chrono::DateTime;
use serde::Deserialize;

use super::observation::{CardObservation, CertObservation, Observation, RoleKind};
use crate::base::documents::document_since;
use crate::understanding::findings::Verdict;
use crate::understanding::siths::hsa::HsaId;

// What is read of a document: everything else is skipped unparsed into
// values (serde's IgnoredAny), which is most of the bytes.
#[derive(Deserialize)]
pub(super) struct Doc<'a> {
    #[serde(borrow)]
    schema_version: Option<Cow<'a, str>>,
    #[serde(borrow)]
    document: Option<Cow<'a, str>>,
    #[serde(borrow)]
    host: Option<Cow<'a, str>>,
    #[serde(borrow)]
    generated_at: Option<Cow<'a, str>>,
    #[serde(borrow)]
    card_number: Option<Cow<'a, str>>,
    #[serde(borrow)]
    verdict: Option<Cow<'a, str>>,
    #[serde(borrow)]
    certificates: Option<Vec<CertIn<'a>>>,
    #[serde(borrow)]
    findings: Option<Vec<FindingIn<'a>>>,
    policy: Option<PolicyIn>,
    #[serde(borrow)]
    time: Option<Cow<'a, str>>,
    #[serde(borrow)]
    event: Option<Cow<'a, str>>,
    #[serde(borrow)]
    check: Option<WatchCheckIn<'a>>,
}

#[derive(Deserialize)]
struct CertIn<'a> {
    #[serde(borrow)]
    role: Option<Cow<'a, str>>,
    #[serde(borrow)]
    hsa_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    issuer: Option<IssuerIn<'a>>,
    #[serde(borrow)]
    not_before: Option<Cow<'a, str>>,
    #[serde(borrow)]
    not_after: Option<Cow<'a, str>>,
    #[serde(default)]
    is_ca: bool,
    #[serde(borrow)]
    sha256: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct IssuerIn<'a> {
    #[serde(borrow)]
    common_name: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct FindingIn<'a> {
    #[serde(borrow)]
    code: Cow<'a, str>,
    #[serde(borrow)]
    severity: Cow<'a, str>,
}

#[derive(Deserialize)]
struct PolicyIn {
    #[serde(default)]
    passed: bool,
}

#[derive(Deserialize)]
struct WatchCheckIn<'a> {
    #[serde(borrow)]
    verdict: Option<Cow<'a, str>>,
    #[serde(default)]
    passed: bool,
    #[serde(borrow)]
    card_number: Option<Cow<'a, str>>,
    #[serde(borrow)]
    findings: Option<Vec<FindingIn<'a>>>,
    #[serde(borrow)]
    certificates: Option<Vec<CertIn<'a>>>,
}

/// The organisation number in an HSA-ID: `SE` + 10 digits + `-` read at
/// once (nearly every ID), anything else through the full parser.
fn org_number_of(hsa_id: &str) -> Option<String> {
    let b = hsa_id.as_bytes();
    if b.len() > 13
        && b.starts_with(b"SE")
        && b[12] == b'-'
        && b[2..12].iter().all(u8::is_ascii_digit)
    {
        return Some(hsa_id[2..12].to_string());
    }
    HsaId::lenient(hsa_id).org_number
}

fn time_of(text: Option<&str>) -> i64 {
    text.and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.timestamp())
        .unwrap_or(i64::MIN)
}

fn verdict_of(text: Option<&str>) -> Result<Verdict, String> {
    match text {
        Some("pass") => Ok(Verdict::Pass),
        Some("warn") => Ok(Verdict::Warn),
        Some("fail") => Ok(Verdict::Fail),
        other => Err(format!("unknown verdict {other:?}")),
    }
}

/// What one document contributes, or why it is skipped.
pub(super) fn observe(doc: Doc) -> Result<Observation, String> {
    let version = doc
        .schema_version
        .as_deref()
        .ok_or("not a sithsctl report (no schema_version)")?;
    if !version.starts_with("1.") {
        return Err(format!(
            "schema_version {version} is not 1.x (this build reads 1.x)"
        ));
    }
    let document = doc.document.as_deref().unwrap_or_default();
    let host: Box<str> = doc.host.as_deref().unwrap_or("-").into();
    let (verdict, checked, passed, card_number, certs, findings, time) = match document {
        "inspect" | "check" => (
            doc.verdict,
            document == "check",
            doc.policy.as_ref().is_some_and(|p| p.passed),
            doc.card_number,
            doc.certificates.unwrap_or_default(),
            doc.findings.unwrap_or_default(),
            time_of(doc.generated_at.as_deref()),
        ),
        "watch" => {
            if doc.event.as_deref() != Some("card_inserted") {
                return Ok(Observation::Ignored);
            }
            let Some(check) = doc.check else {
                return Ok(Observation::Unreadable);
            };
            (
                check.verdict,
                true,
                check.passed,
                check.card_number,
                check.certificates.unwrap_or_default(),
                check.findings.unwrap_or_default(),
                time_of(doc.time.as_deref().or(doc.generated_at.as_deref())),
            )
        }
        "error" => return Ok(Observation::Unreadable),
        // Every other document sithsctl writes (`order-info` too) is no
        // card report, and no error either.
        other if document_since(other).is_some() => return Ok(Observation::Ignored),
        other => return Err(format!("not a card report (document {other:?})")),
    };
    let verdict = verdict_of(verdict.as_deref())?;
    // Without a card number a card is known by its first certificate.
    let key: Box<str> = match (
        &card_number,
        certs.first().and_then(|c| c.sha256.as_deref()),
    ) {
        (Some(n), _) => n.as_ref().into(),
        (None, Some(sha)) => format!("sha256:{sha}").into(),
        (None, None) => format!("{host}|{time}").into(),
    };
    let certs: Vec<CertObservation> = certs
        .iter()
        .filter(|c| !c.is_ca)
        .map(|c| CertObservation {
            not_before: time_of(c.not_before.as_deref()),
            not_after: time_of(c.not_after.as_deref()),
            role: match c.role.as_deref() {
                Some("identification") => RoleKind::Identification,
                Some("signature") => RoleKind::Signature,
                _ => RoleKind::Other,
            },
            issuer: c
                .issuer
                .as_ref()
                .and_then(|i| i.common_name.as_deref())
                .map(Into::into),
            org: c.hsa_id.as_deref().and_then(org_number_of).map(Into::into),
        })
        .collect();
    Ok(Observation::Card(CardObservation {
        key,
        card_number: card_number.map(|n| n.as_ref().into()),
        host,
        time,
        verdict,
        checked,
        passed,
        certs,
        problems: findings
            .iter()
            .filter(|f| f.severity == "warn" || f.severity == "fail")
            .map(|f| (f.code.as_ref().into(), f.severity == "fail"))
            .collect(),
    }))
}
