//! Judging one card: from the certificates its latest report carries
//! (role, HSA-ID and so organisation, validity dates, issuer class, chain
//! status) and the date printed on the card, as of the time asked for and
//! for the organisation asked for; never from the verdict the report
//! stored, which was made at another time, perhaps for another
//! organisation. One reason per cause.

use chrono::{DateTime, NaiveDate};

use super::fold::{CardState, CertState, Interner};
use super::observation::RoleKind;
use super::summary::FleetReason;
use crate::base::lang::Lang;
use crate::understanding::findings::Verdict;
use crate::understanding::siths::orgs::Org;

pub(super) const DAY: i64 = 86_400;
/// A certificate counts as expiring within this many days of `at`.
pub(super) const EXPIRING_DAYS: i64 = 30;

/// What the judging needs besides the card.
pub(super) struct Court<'a> {
    pub(super) at: i64,
    pub(super) org: Option<&'a Org>,
    /// Days before its printed date at which a card counts as ending.
    pub(super) card_days: i64,
    pub(super) lang: Lang,
    pub(super) names: &'a Interner,
}

/// The outcome for one card.
pub(super) struct Judgement {
    pub(super) verdict: Verdict,
    pub(super) reasons: Vec<FleetReason>,
    /// With an organisation: the certificate a login for it would use
    /// (a valid production identification certificate with its HSA-ID).
    pub(super) org_cert: Option<usize>,
    /// The card is blocked: instead of the organisation's certificate it
    /// holds one that would log in but is revoked. A new card is needed.
    pub(super) blocked: bool,
}

/// Whether `c` can log in to production at `at`: an identification
/// certificate with a (non-test) HSA-ID, valid, of a production or legacy
/// issuer, its signature not found bad, not found revoked. The fleet
/// reading of the rules' "production usable".
pub(super) fn usable(c: &CertState, at: i64) -> bool {
    usable_but_for_revocation(c, at) && !c.revoked
}

fn usable_but_for_revocation(c: &CertState, at: i64) -> bool {
    c.role == RoleKind::Identification
        && c.hsa_id.is_some()
        && !c.test_hsa_id
        && c.class.production()
        && !c.chain_bad
        && current(c, at)
}

fn current(c: &CertState, at: i64) -> bool {
    c.not_before <= at && c.not_after.saturating_sub(at) >= 0
}

pub(super) fn day(t: i64) -> String {
    DateTime::from_timestamp(t, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "?".into())
}

impl Court<'_> {
    fn of_org(&self, c: &CertState) -> bool {
        self.org
            .is_some_and(|o| c.org != super::fold::NONE && self.names.name(c.org) == o.number)
    }

    /// The organisation's certificate a login would use: one with a
    /// usable signature partner first, then the one that lasts longest.
    fn org_cert(&self, card: &CardState) -> Option<usize> {
        let has_partner = |c: &CertState| {
            card.certs.iter().any(|s| {
                s.role == RoleKind::Signature
                    && s.hsa_id == c.hsa_id
                    && !s.chain_bad
                    && !s.revoked
                    && s.class.production()
                    && current(s, self.at)
            })
        };
        card.certs
            .iter()
            .enumerate()
            .filter(|(_, c)| usable(c, self.at) && self.of_org(c))
            .max_by_key(|(_, c)| (has_partner(c), c.not_after))
            .map(|(i, _)| i)
    }

    pub(super) fn judge(&self, card: &CardState, card_end: Option<NaiveDate>) -> Judgement {
        let l = |sv: &str, en: &str| self.lang.pick(sv, en).to_string();
        let at = self.at;
        let mut reasons: Vec<FleetReason> = Vec::new();
        let push = |reasons: &mut Vec<FleetReason>, code: &str, fail: bool, detail: String| {
            if !reasons.iter().any(|r| r.code == code) {
                reasons.push(FleetReason {
                    code: code.into(),
                    detail,
                    fail,
                });
            }
        };
        for &(code, fail) in &card.problems {
            let detail = if fail {
                l(
                    "underkännande resultat i rapporten (se docs/findings.md)",
                    "failing finding in the report (see docs/findings.md)",
                )
            } else {
                l(
                    "varning i rapporten (se docs/findings.md)",
                    "warning finding in the report (see docs/findings.md)",
                )
            };
            push(&mut reasons, self.names.name(code), fail, detail);
        }
        let org_cert = self.org.and_then(|_| self.org_cert(card));
        // A revoked identification certificate that would otherwise log
        // in: the card is blocked, one cause (not also "missing").
        let revoked = card.certs.iter().find(|c| {
            c.revoked && usable_but_for_revocation(c, at) && (self.org.is_none() || self.of_org(c))
        });
        if let (Some(c), None) = (revoked, org_cert) {
            let detail = format!(
                "{} {} {}: {}",
                l(
                    "legitimeringscertifikatet",
                    "the identification certificate"
                ),
                c.hsa_id.as_deref().unwrap_or_default(),
                l("är spärrat", "is revoked"),
                l(
                    "ett spärrat kort kan inte låsas upp, ett nytt kort behövs",
                    "a blocked card cannot be unblocked, a new card is needed"
                )
            );
            push(&mut reasons, "certificate_revoked", true, detail);
        }
        match (self.org, org_cert) {
            (Some(_), None) if revoked.is_some() => {}
            (Some(org), None) => {
                let detail = self.why_missing(card, org);
                push(&mut reasons, "missing_org_certificate", true, detail);
            }
            (Some(org), Some(i)) => {
                let c = &card.certs[i];
                let left = c.not_after.saturating_sub(at);
                if left <= EXPIRING_DAYS * DAY {
                    let detail = format!(
                        "{} {} ({}) {} {} ({} {})",
                        l(
                            "legitimeringscertifikatet för",
                            "the identification certificate for"
                        ),
                        org.name,
                        org.number,
                        l("går ut", "ends"),
                        day(c.not_after),
                        left / DAY,
                        l("dagar kvar", "days left")
                    );
                    push(&mut reasons, "expiring", false, detail);
                }
            }
            (None, _) => self.role_reasons(card, RoleKind::Identification, &mut reasons),
        }
        self.role_reasons(card, RoleKind::Signature, &mut reasons);
        if self.org.is_none()
            && !card.certs.iter().any(|c| usable(c, at))
            && !reasons.iter().any(|r| r.fail)
        {
            push(
                &mut reasons,
                "no_valid_identification",
                true,
                l(
                    "inget giltigt legitimeringscertifikat med HSA-ID för inloggning",
                    "no valid identification certificate with an HSA-ID to log in with",
                ),
            );
        }
        if let Some(end) = card_end {
            let days = (end
                - DateTime::from_timestamp(at, 0)
                    .unwrap_or_default()
                    .date_naive())
            .num_days();
            if days < 0 {
                let detail = format!(
                    "{} {end}: {}",
                    l("kortet självt gick ut", "the card itself ended"),
                    l("ett nytt kort behövs", "a new card is needed")
                );
                push(&mut reasons, "card_expired", true, detail);
            } else if days <= self.card_days {
                let detail = format!(
                    "{} {end} ({days} {}): {}",
                    l("kortet självt går ut", "the card itself ends"),
                    l("dagar kvar", "days left"),
                    l("ett nytt kort behövs", "a new card is needed")
                );
                push(&mut reasons, "card_expiring", false, detail);
            }
        }
        let verdict = if reasons.iter().any(|r| r.fail) {
            Verdict::Fail
        } else if reasons.is_empty() {
            Verdict::Pass
        } else {
            Verdict::Warn
        };
        Judgement {
            verdict,
            reasons,
            org_cert,
            blocked: revoked.is_some() && org_cert.is_none(),
        }
    }

    /// Per role, the certificate that lasts longest decides: an old one
    /// beside its renewal needs nothing done.
    fn role_reasons(&self, card: &CardState, role: RoleKind, reasons: &mut Vec<FleetReason>) {
        let l = |sv: &str, en: &str| self.lang.pick(sv, en).to_string();
        let word = match role {
            RoleKind::Identification => l("legitimerings", "identification"),
            _ => l("underskrifts", "signature"),
        };
        let Some(best) = card
            .certs
            .iter()
            .filter(|c| c.role == role)
            .map(|c| c.not_after)
            .max()
        else {
            return;
        };
        let left = best.saturating_sub(self.at);
        let (code, fail, detail) = if best == i64::MIN {
            (
                "expired",
                true,
                format!(
                    "{} {word}{}: {}",
                    l("inget giltigt", "no valid"),
                    l("certifikat", " certificate"),
                    l(
                        "slutdatumet i rapporten gick inte att läsa",
                        "the end date in the report could not be read"
                    )
                ),
            )
        } else if left < 0 {
            (
                "expired",
                true,
                format!(
                    "{} {word}{}: {} {}",
                    l("inget giltigt", "no valid"),
                    l("certifikat", " certificate"),
                    l("det senaste gick ut", "the last one ended"),
                    day(best)
                ),
            )
        } else if left <= EXPIRING_DAYS * DAY {
            (
                "expiring",
                false,
                format!(
                    "{word}{} {} {} ({} {})",
                    l("certifikatet", " certificate"),
                    l("går ut", "ends"),
                    day(best),
                    left / DAY,
                    l("dagar kvar", "days left")
                ),
            )
        } else {
            return;
        };
        if !reasons.iter().any(|r| r.code == code) {
            reasons.push(FleetReason {
                code: code.into(),
                detail,
                fail,
            });
        }
    }

    /// Why the card has no usable identification certificate of `org`,
    /// in one sentence.
    fn why_missing(&self, card: &CardState, org: &Org) -> String {
        let l = |sv: &str, en: &str| self.lang.pick(sv, en).to_string();
        let at = self.at;
        let who = format!("{} ({})", org.name, org.number);
        let own: Vec<&CertState> = card
            .certs
            .iter()
            .filter(|c| c.role == RoleKind::Identification && self.of_org(c))
            .collect();
        let base = format!(
            "{} {who}",
            l(
                "inget giltigt legitimeringscertifikat för",
                "no valid identification certificate for"
            )
        );
        if let Some(latest) = own.iter().max_by_key(|c| c.not_after) {
            if own.iter().all(|c| c.test_hsa_id || !c.class.production()) {
                return format!(
                    "{base}: {}",
                    l(
                        "bara ett testcertifikat (test-PKI)",
                        "only a test certificate (test PKI)"
                    )
                );
            }
            if own.iter().all(|c| c.chain_bad) {
                return format!(
                    "{base}: {}",
                    l(
                        "utfärdarens signatur stämmer inte",
                        "the issuer's signature does not verify"
                    )
                );
            }
            if latest.not_after.saturating_sub(at) < 0 {
                return format!(
                    "{base}: {} {}",
                    l("det gick ut", "it ended"),
                    day(latest.not_after)
                );
            }
            if latest.not_before > at {
                return format!(
                    "{base}: {} {}",
                    l("det gäller först från", "it is valid only from"),
                    day(latest.not_before)
                );
            }
        }
        let hsa = card.certs.iter().any(|c| c.hsa_id.is_some());
        if !hsa && !card.certs.is_empty() {
            return format!(
                "{base}: {}",
                l(
                    "kortet har bara personnummercertifikat",
                    "the card holds only personnummer certificates"
                )
            );
        }
        base
    }
}
