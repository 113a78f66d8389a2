//! Tallying: the folded cards counted into the summary, with expiry
//! judged at the time asked for, and which cards need action and why.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::fold::{CertState, State, NONE};
use super::observation::RoleKind;
use super::summary::{
    FleetAction, FleetCards, FleetCertificates, FleetInputs, FleetIssuerCount, FleetOrg,
    FleetOrgCount, FleetReason, FleetSummary,
};
use crate::base::documents::rfc3339;
use crate::understanding::findings::Verdict;
use crate::understanding::siths::orgs::{Org, Registry};

/// What the summary is judged against.
#[derive(Clone, Debug)]
pub struct Options {
    /// Expiry is judged at this time.
    pub at: DateTime<Utc>,
    /// With `--org`: count the cards without its identification certificate.
    pub org: Option<Org>,
    /// For organisation names.
    pub registry: Registry,
    /// Parsing threads.
    pub threads: usize,
}

impl State {
    pub(super) fn summary(self, options: &Options, mut inputs: FleetInputs) -> FleetSummary {
        const DAY: i64 = 86_400;
        /// A certificate counts as expiring within this many days.
        const EXPIRING_DAYS: i64 = 30;
        let at = options.at.timestamp();
        inputs.reports = self.reports;
        inputs.ignored = self.ignored;
        inputs.skipped += self.skipped;
        let mut cards = FleetCards {
            unreadable_reads: self.unreadable,
            ..Default::default()
        };
        let mut certs = FleetCertificates::default();
        let mut org_count: HashMap<u32, (u64, u64)> = HashMap::new();
        let mut issuer_count: HashMap<u32, u64> = HashMap::new();
        let mut org_with = 0u64;
        let mut org_missing = 0u64;
        let mut actions = Vec::new();
        let wanted_org = options.org.as_ref().map(|o| o.number.as_str());
        for (key, card) in &self.cards {
            cards.total += 1;
            let pin_blocked = |(code, _): &(u32, bool)| {
                matches!(
                    self.names.name(*code),
                    "pin_blocked" | "pin_blocked_required"
                )
            };
            if card.problems.iter().any(pin_blocked) {
                cards.pin_blocked += 1;
            }
            match card.verdict {
                Verdict::Pass => cards.pass += 1,
                Verdict::Warn => cards.warn += 1,
                Verdict::Fail => cards.fail += 1,
            }
            if card.checked {
                cards.checked += 1;
                if card.passed {
                    cards.passed += 1;
                }
            }
            let mut orgs_here: Vec<u32> = Vec::new();
            let mut has_org_cert = false;
            for c in &card.certs {
                certs.total += 1;
                // An end date that could not be read (`i64::MIN`) counts
                // as ended: saturating, so it cannot wrap round to valid.
                let left = c.not_after.saturating_sub(at);
                if c.not_before > at {
                    certs.not_yet_valid += 1;
                } else if left < 0 {
                    certs.expired += 1;
                } else {
                    if left <= EXPIRING_DAYS * DAY {
                        certs.expiring += 1;
                    } else {
                        certs.valid += 1;
                    }
                    if left <= 30 * DAY {
                        certs.expiring_within_30_days += 1;
                    }
                    if left <= 60 * DAY {
                        certs.expiring_within_60_days += 1;
                    }
                    if left <= 90 * DAY {
                        certs.expiring_within_90_days += 1;
                    }
                }
                if c.issuer != NONE {
                    *issuer_count.entry(c.issuer).or_default() += 1;
                }
                if c.org != NONE {
                    org_count.entry(c.org).or_default().1 += 1;
                    if !orgs_here.contains(&c.org) {
                        orgs_here.push(c.org);
                    }
                    if c.role == RoleKind::Identification
                        && c.not_before <= at
                        && left >= 0
                        && Some(self.names.name(c.org)) == wanted_org
                    {
                        has_org_cert = true;
                    }
                }
            }
            for o in orgs_here {
                org_count.entry(o).or_default().0 += 1;
            }
            let mut reasons: Vec<FleetReason> = Vec::new();
            for &(code, fail) in &card.problems {
                let code = self.names.name(code).to_string();
                if reasons.iter().any(|r| r.code == code) {
                    continue;
                }
                reasons.push(FleetReason {
                    detail: format!(
                        "{} finding in the report (see docs/findings.md)",
                        if fail { "failing" } else { "warning" }
                    ),
                    code,
                });
            }
            // Per role, the certificate that lasts longest decides: an old
            // one beside its renewal needs nothing done.
            for (role, word) in [
                (RoleKind::Identification, "identification"),
                (RoleKind::Signature, "signature"),
            ] {
                let of_role: Vec<&CertState> =
                    card.certs.iter().filter(|c| c.role == role).collect();
                let Some(best) = of_role.iter().map(|c| c.not_after).max() else {
                    continue;
                };
                let left = best.saturating_sub(at);
                if best == i64::MIN {
                    reasons.push(FleetReason {
                        code: "expired".into(),
                        detail: format!(
                            "no valid {word} certificate: the end date in the report could not be read"
                        ),
                    });
                } else if left < 0 {
                    reasons.push(FleetReason {
                        code: "expired".into(),
                        detail: format!(
                            "no valid {word} certificate: the last one ended {}",
                            day(best)
                        ),
                    });
                } else if left <= EXPIRING_DAYS * DAY {
                    reasons.push(FleetReason {
                        code: "expiring".into(),
                        detail: format!(
                            "{word} certificate ends {} (in {} days)",
                            day(best),
                            left / DAY
                        ),
                    });
                }
            }
            if let Some(org) = &options.org {
                if has_org_cert {
                    org_with += 1;
                } else {
                    org_missing += 1;
                    reasons.push(FleetReason {
                        code: "missing_org_certificate".into(),
                        detail: format!(
                            "no valid identification certificate for {} ({})",
                            org.name, org.number
                        ),
                    });
                }
            }
            if !reasons.is_empty() {
                actions.push(FleetAction {
                    card_number: card.card_number.as_deref().unwrap_or(key).to_string(),
                    host: self.names.name(card.host).to_string(),
                    seen_at: timestamp(card.time),
                    verdict: card.verdict,
                    reasons,
                });
            }
        }
        actions.sort_by(|a, b| a.card_number.cmp(&b.card_number));
        let mut organisations: Vec<FleetOrgCount> = org_count
            .into_iter()
            .map(|(id, (cards, certificates))| {
                let number = self.names.name(id).to_string();
                FleetOrgCount {
                    name: options.registry.by_number(&number).map(|o| o.name.clone()),
                    number,
                    cards,
                    certificates,
                }
            })
            .collect();
        organisations.sort_by(|a, b| b.cards.cmp(&a.cards).then(a.number.cmp(&b.number)));
        let mut issuers: Vec<FleetIssuerCount> = issuer_count
            .into_iter()
            .map(|(id, certificates)| FleetIssuerCount {
                common_name: self.names.name(id).to_string(),
                certificates,
            })
            .collect();
        issuers.sort_by(|a, b| {
            b.certificates
                .cmp(&a.certificates)
                .then(a.common_name.cmp(&b.common_name))
        });
        FleetSummary {
            at: rfc3339(options.at),
            inputs,
            cards,
            certificates: certs,
            org: options.org.as_ref().map(|o| FleetOrg {
                number: o.number.clone(),
                name: o.name.clone(),
                cards_with_certificate: org_with,
                cards_missing_certificate: org_missing,
            }),
            organisations,
            issuers,
            needs_action: actions,
        }
    }
}

fn timestamp(t: i64) -> String {
    DateTime::from_timestamp(t, 0)
        .map(rfc3339)
        .unwrap_or_default()
}

fn day(t: i64) -> String {
    DateTime::from_timestamp(t, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}
