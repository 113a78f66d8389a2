//! The typed, borrowed view of one document (only the fields the summary
//! needs are read; the rest is skipped unparsed), the kinds of document
//! a card report comes in, and what one document contributes.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate};
use serde::Deserialize;

use super::observation::{
    CardObservation, CertObservation, ClassKind, Observation, RoleKind, Unjudged,
};
use super::walk::SkipReason;
use crate::base::documents::document_since;
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
    certificates: Option<Vec<CertIn<'a>>>,
    #[serde(borrow)]
    card_numbers: Option<Vec<CardNumberIn<'a>>>,
    #[serde(borrow)]
    findings: Option<Vec<FindingIn<'a>>>,
    policy: Option<PolicyIn>,
    #[serde(borrow)]
    time: Option<Cow<'a, str>>,
    #[serde(borrow)]
    event: Option<Cow<'a, str>>,
    #[serde(borrow)]
    check: Option<WatchCheckIn<'a>>,
    #[serde(borrow)]
    order: Option<OrderIn<'a>>,
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
    subject: Option<SubjectIn<'a>>,
    #[serde(borrow)]
    chain: Option<ChainIn<'a>>,
    #[serde(borrow)]
    revocation: Option<RevocationIn<'a>>,
    #[serde(borrow)]
    not_before: Option<Cow<'a, str>>,
    #[serde(borrow)]
    not_after: Option<Cow<'a, str>>,
    #[serde(default)]
    is_ca: bool,
    #[serde(borrow)]
    sha256: Option<Cow<'a, str>>,
}

/// A certificate's revocation answer (since 1.4.0): only whether it was
/// found revoked matters to the summary.
#[derive(Deserialize)]
struct RevocationIn<'a> {
    #[serde(borrow)]
    status: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct IssuerIn<'a> {
    #[serde(borrow)]
    common_name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    class: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct SubjectIn<'a> {
    #[serde(borrow)]
    common_name: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct ChainIn<'a> {
    #[serde(borrow)]
    status: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct CardNumberIn<'a> {
    #[serde(default)]
    is_card: bool,
    #[serde(borrow)]
    printed_expiry: Option<Cow<'a, str>>,
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
    #[serde(default)]
    passed: bool,
    #[serde(borrow)]
    card_number: Option<Cow<'a, str>>,
    #[serde(borrow)]
    findings: Option<Vec<FindingIn<'a>>>,
    #[serde(borrow)]
    certificates: Option<Vec<CertIn<'a>>>,
    #[serde(borrow)]
    card_numbers: Option<Vec<CardNumberIn<'a>>>,
}

#[derive(Deserialize)]
struct OrderIn<'a> {
    #[serde(borrow)]
    card_number: Option<Cow<'a, str>>,
}

/// The organisation number in an HSA-ID and whether it is a test HSA-ID:
/// `SE` + 10 digits + `-` read at once (nearly every ID), anything else
/// through the full parser.
fn org_number_of(hsa_id: &str) -> (Option<String>, bool) {
    let b = hsa_id.as_bytes();
    if b.len() > 13
        && b.starts_with(b"SE")
        && b[12] == b'-'
        && b[2..12].iter().all(u8::is_ascii_digit)
    {
        return (Some(hsa_id[2..12].to_string()), false);
    }
    let h = HsaId::lenient(hsa_id);
    (h.org_number, h.test)
}

fn time_of(text: Option<&str>) -> i64 {
    text.and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.timestamp())
        .unwrap_or(i64::MIN)
}

/// Findings fleet judges again itself, at `--at` and for the organisation
/// it is asked about: a report's findings on validity and on its own
/// policy were made for its time and its organisation, not fleet's.
const JUDGED_AGAIN: &[&str] = &[
    "no_certificates",
    "renew_certificate_not_card",
    "certificate_expired",
    "certificate_expired_replaced",
    "certificate_not_yet_valid",
    "certificate_expiring",
    "card_expired",
    "card_expiring",
    "card_expires_before_certificates",
    "no_valid_hsa_id_identification",
    "org_identification_found",
    "org_identification_missing",
    "org_identification_missing_new_card",
    // Read from the certificates' `revocation` instead, for the
    // organisation asked (the report's severity was for its own).
    "certificate_revoked",
    "certificate_revoked_compromised",
    "org_only_test_certificate",
    "hsa_id_found",
    "hsa_id_missing",
    "signature_missing_for_hsa_id",
];

fn class_of(class: Option<&str>, common_name: Option<&str>) -> ClassKind {
    match class {
        Some("production") => ClassKind::Production,
        Some("legacy") => ClassKind::Legacy,
        Some("test") => ClassKind::Test,
        Some("unknown") => ClassKind::Unknown,
        // A report before 1.3 (watch records) names the issuer only: a
        // test marker in the name is reliable on its own; anything else is
        // not known from the report and is not held against the card.
        _ => {
            let info = crate::understanding::siths::issuers::classify(None, common_name);
            if info.class == crate::understanding::siths::issuers::IssuerClass::Test {
                ClassKind::Test
            } else {
                ClassKind::NotRecorded
            }
        }
    }
}

/// What one document contributes, or why it is skipped.
pub(super) fn observe(doc: Doc) -> Result<Observation, SkipReason> {
    let version = doc
        .schema_version
        .as_deref()
        .ok_or(SkipReason::NoSchemaVersion)?;
    if !version.starts_with("1.") {
        return Err(SkipReason::OtherMajor(version.to_string()));
    }
    let document = doc.document.as_deref().unwrap_or_default();
    let host: Box<str> = doc.host.as_deref().unwrap_or("-").into();
    let (checked, passed, card_number, certs, card_numbers, findings, time) = match document {
        "inspect" | "check" => (
            document == "check",
            doc.policy.as_ref().is_some_and(|p| p.passed),
            doc.card_number,
            doc.certificates,
            doc.card_numbers,
            doc.findings.unwrap_or_default(),
            time_of(doc.generated_at.as_deref()),
        ),
        "order-info" => (
            false,
            false,
            doc.order.and_then(|o| o.card_number),
            doc.certificates,
            doc.card_numbers,
            Vec::new(),
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
                true,
                check.passed,
                check.card_number,
                check.certificates,
                check.card_numbers,
                check.findings.unwrap_or_default(),
                time_of(doc.time.as_deref().or(doc.generated_at.as_deref())),
            )
        }
        "error" => return Ok(Observation::Unreadable),
        // Every other document sithsctl writes is no card report, and no
        // error either.
        other if document_since(other).is_some() => return Ok(Observation::Ignored),
        other => return Err(SkipReason::NotACardReport(other.to_string())),
    };
    // Without a card number a card is known by its first certificate.
    let key: Box<str> = match (
        &card_number,
        certs
            .as_ref()
            .and_then(|c| c.first())
            .and_then(|c| c.sha256.as_deref()),
    ) {
        (Some(n), _) => n.as_ref().into(),
        (None, Some(sha)) => format!("sha256:{sha}").into(),
        (None, None) => format!("{host}|{time}").into(),
    };
    // A report without its certificates (an `order-info` document before
    // 1.3) cannot be judged: it is counted and named, never guessed.
    let Some(certs) = certs else {
        return Ok(Observation::Unjudged(Unjudged {
            key,
            card_number: card_number.map(|n| n.as_ref().into()),
            document: document.into(),
            origin: String::new(),
            line: 0,
        }));
    };
    let card_end = card_numbers
        .unwrap_or_default()
        .iter()
        .find(|g| g.is_card)
        .and_then(|g| g.printed_expiry.as_deref())
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let certs: Vec<CertObservation> = certs
        .iter()
        .filter(|c| !c.is_ca)
        .map(|c| {
            let (org, test_hsa_id) = c
                .hsa_id
                .as_deref()
                .map(org_number_of)
                .unwrap_or((None, false));
            let issuer_name = c.issuer.as_ref().and_then(|i| i.common_name.as_deref());
            CertObservation {
                not_before: time_of(c.not_before.as_deref()),
                not_after: time_of(c.not_after.as_deref()),
                role: match c.role.as_deref() {
                    Some("identification") => RoleKind::Identification,
                    Some("signature") => RoleKind::Signature,
                    _ => RoleKind::Other,
                },
                issuer: issuer_name.map(Into::into),
                class: class_of(
                    c.issuer.as_ref().and_then(|i| i.class.as_deref()),
                    issuer_name,
                ),
                chain_bad: c
                    .chain
                    .as_ref()
                    .and_then(|ch| ch.status.as_deref())
                    .is_some_and(|s| s == "signature_invalid" || s == "not_anchored"),
                revoked: c
                    .revocation
                    .as_ref()
                    .and_then(|r| r.status.as_deref())
                    .is_some_and(|s| s == "revoked"),
                org: org.map(Into::into),
                hsa_id: c.hsa_id.as_deref().map(Into::into),
                test_hsa_id,
                holder: c
                    .subject
                    .as_ref()
                    .and_then(|s| s.common_name.as_deref())
                    .filter(|n| !n.trim().is_empty())
                    .map(Into::into),
            }
        })
        .collect();
    Ok(Observation::Card(CardObservation {
        key,
        card_number: card_number.map(|n| n.as_ref().into()),
        host,
        time,
        checked,
        passed,
        card_end,
        certs,
        problems: findings
            .iter()
            .filter(|f| f.severity == "warn" || f.severity == "fail")
            .filter(|f| !JUDGED_AGAIN.contains(&f.code.as_ref()))
            .map(|f| (f.code.as_ref().into(), f.severity == "fail"))
            .collect(),
    }))
}
