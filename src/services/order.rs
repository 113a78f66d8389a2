//! What the certificate administrator needs to put another organisation's
//! certificate on a card a person already has: who issued the card, the
//! card number, and how long the new certificate may be valid (no longer
//! than the card). Read off the card instead of copied by hand.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::understanding::analysis::AnalysedCert;
use crate::understanding::cert::{Certificate, Role, Validity};
use crate::understanding::rules::Evaluation;
use crate::understanding::siths::issuers::{IssuerClass, IssuerPurpose};
use crate::understanding::siths::orgs::Org;

/// Which kind of card this is, as far as its certificates tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Generation {
    /// A SITHS eID card of the current PKI (2019 onwards).
    SithsEid,
    /// A SITHS eID replacement card (reservkort, assurance level 2).
    Replacement,
    /// An older card with certificates of the old SITHS PKI only.
    Legacy,
    /// A card of the test or pre-production PKI.
    Test,
}

impl Generation {
    pub fn text(self, lang: crate::base::lang::Lang) -> &'static str {
        match self {
            Generation::SithsEid => lang.pick("SITHS eID-kort", "SITHS eID card"),
            Generation::Replacement => {
                lang.pick("SITHS eID-reservkort", "SITHS eID replacement card")
            }
            Generation::Legacy => lang.pick(
                "äldre SITHS-kort (gammal PKI)",
                "older SITHS card (old PKI)",
            ),
            Generation::Test => lang.pick("testkort (test-PKI)", "test card (test PKI)"),
        }
    }
}

/// Where `valid_until` comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValidUntilSource {
    /// The date printed on the card (`--card-expiry` or the inventory).
    PrintedExpiry,
    /// The end of the latest identification certificate: the printed
    /// date must still be checked on the card.
    LatestIdentificationCertificate,
}

/// Why no order can be made (since schema 1.3.0): a certificate cannot
/// outlive the card it sits on, so a card that has ended or is about to
/// needs a new card, not a new certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// The card's printed date has passed.
    CardExpired,
    /// The card ends within the warning days.
    CardExpiring,
    /// No printed date is known and every identification certificate has
    /// ended: there is no date an order could honestly give.
    CardEndUnknown,
}

/// The order data, ready to send (since schema 1.2.0).
#[derive(Clone, Debug, Serialize)]
pub struct OrderInfo {
    pub org_number: String,
    pub org_name: String,
    /// The card already holds a valid identification certificate of the
    /// organisation: nothing to order. Its HSA-ID is the one to register.
    pub nothing_to_order: bool,
    pub hsa_id_to_register: Option<String>,
    /// Issuer (utfärdare): the CA of the card's current identification
    /// certificates.
    pub issuer: Option<String>,
    pub issuer_organization: Option<String>,
    pub card_generation: Option<Generation>,
    /// Card number (kortnummer).
    pub card_number: Option<String>,
    /// Other card numbers found in the card's certificates: they disagree.
    pub other_card_numbers: Vec<String>,
    /// Valid until (giltig till): the latest end date for the new certificate.
    pub valid_until: Option<NaiveDate>,
    pub valid_until_source: Option<ValidUntilSource>,
    /// Why no order is offered (since 1.3.0; left out when one is):
    /// `valid_until` is then empty and a new card is needed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<Refusal>,
    /// The card's own end (the printed date), when known (since 1.3.0;
    /// left out when not known).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_end: Option<NaiveDate>,
}

impl OrderInfo {
    /// Whether this is an order to send (not "nothing to order", not
    /// refused).
    pub fn is_order(&self) -> bool {
        !self.nothing_to_order && self.refused.is_none()
    }
}

impl Generation {
    /// The kind of card an identification certificate's issuer tells.
    pub fn of(class: IssuerClass, purpose: IssuerPurpose, level: Option<u8>) -> Generation {
        match (class, purpose, level) {
            (IssuerClass::Test, _, _) => Generation::Test,
            (IssuerClass::Legacy, _, _) => Generation::Legacy,
            (_, IssuerPurpose::PersonHsaId | IssuerPurpose::PersonId, Some(2)) => {
                Generation::Replacement
            }
            _ => Generation::SithsEid,
        }
    }
}

/// How the card's current identification certificate is chosen among
/// several (the largest wins): a valid one first, one with an HSA-ID (the
/// card's own issuer, not the personnummer CA) next, a production one
/// next, then the one that lasts longest. `order-info` and `fleet` both
/// choose by it.
pub fn current_rank(
    valid: bool,
    has_hsa_id: bool,
    class: IssuerClass,
    not_after: DateTime<Utc>,
) -> (bool, bool, bool, DateTime<Utc>) {
    (
        valid,
        has_hsa_id,
        class == IssuerClass::Production,
        not_after,
    )
}

/// The latest date a new certificate may be valid to (giltig till), and
/// where it comes from: the date printed on the card when it is known,
/// else the end of the card's latest identification certificate (the
/// printed date must then still be read off the card).
pub fn valid_until(
    printed: Option<NaiveDate>,
    identification_ends: impl Iterator<Item = DateTime<Utc>>,
) -> (Option<NaiveDate>, Option<ValidUntilSource>) {
    match printed {
        Some(d) => (Some(d), Some(ValidUntilSource::PrintedExpiry)),
        None => match identification_ends.max() {
            Some(t) => (
                Some(t.date_naive()),
                Some(ValidUntilSource::LatestIdentificationCertificate),
            ),
            None => (None, None),
        },
    }
}

/// Why no order can honestly be made for a card whose printed date is
/// `printed` and whose order would be dated `valid_until`, at `now`: the
/// card has ended, ends within `warn_days`, or (no printed date) the only
/// date to go by has passed.
pub fn refusal(
    printed: Option<NaiveDate>,
    valid_until: Option<NaiveDate>,
    now: DateTime<Utc>,
    warn_days: i64,
) -> Option<Refusal> {
    let today = now.date_naive();
    match (printed, valid_until) {
        (Some(end), _) if end < today => Some(Refusal::CardExpired),
        (Some(_), _) if card_ends_too_soon(printed, now, warn_days) => Some(Refusal::CardExpiring),
        (None, Some(until)) if until < today => Some(Refusal::CardEndUnknown),
        _ => None,
    }
}

/// Whether the card itself ends too soon for a certificate to be ordered
/// for it: its printed date has passed, or comes within `days` of `at`
/// (the days a certificate counts as expiring). Then a new card is needed.
pub fn card_ends_too_soon(card_end: Option<NaiveDate>, at: DateTime<Utc>, days: i64) -> bool {
    card_end.is_some_and(|end| (end - at.date_naive()).num_days() <= days)
}

/// Works out the order data for `org` from a card's certificates and the
/// rules' evaluation (card numbers, printed expiry, policy outcome), which
/// must have been made with `org` as its policy's organisation.
///
/// The valid-until date is never in the past, never after the card's own
/// end and never before `now`; a card that has ended, or ends within
/// `warn_days`, gets no order but a [`Refusal`].
pub fn order_info(
    analysed: &[AnalysedCert],
    evaluation: &Evaluation,
    org: &Org,
    now: chrono::DateTime<chrono::Utc>,
    warn_days: i64,
) -> OrderInfo {
    let persons: Vec<&Certificate> = analysed
        .iter()
        .filter_map(|a| a.analysis.as_ref().ok())
        .filter(|c| !c.is_ca)
        .collect();
    let identification: Vec<&Certificate> = persons
        .iter()
        .copied()
        .filter(|c| c.role == Role::Identification)
        .collect();
    // The card's current identification certificate: a valid one first,
    // one with an HSA-ID (the card's own issuer, not the personnummer
    // CA) next, then the one that lasts longest.
    let current = identification.iter().copied().max_by_key(|c| {
        current_rank(
            c.validity(now, 0) != Validity::Expired,
            c.hsa_id.is_some(),
            c.issuer_info.class,
            c.not_after,
        )
    });

    // The rules already looked for a valid production identification
    // certificate of `org` (the evaluation's policy names it).
    let hsa_id_to_register = evaluation.policy.hsa_id.clone();

    let generation = current.map(|c| {
        Generation::of(
            c.issuer_info.class,
            c.issuer_info.purpose,
            c.issuer_info.assurance_level,
        )
    });

    let card_number = evaluation.card_number.clone();
    let other_card_numbers: Vec<String> = evaluation
        .groups
        .iter()
        .filter_map(|g| g.card_number.clone())
        .filter(|n| Some(n) != card_number.as_ref())
        .collect();
    let printed = evaluation
        .groups
        .iter()
        .find(|g| g.is_card)
        .and_then(|g| g.printed_expiry);
    let (mut valid_until, mut valid_until_source) =
        valid_until(printed, identification.iter().map(|c| c.not_after));
    let nothing_to_order = hsa_id_to_register.is_some();
    let refused = match nothing_to_order {
        true => None,
        false => refusal(printed, valid_until, now, warn_days),
    };
    if refused.is_some() {
        valid_until = None;
        valid_until_source = None;
    }

    OrderInfo {
        org_number: org.number.clone(),
        org_name: org.name.clone(),
        nothing_to_order,
        refused,
        card_end: printed,
        hsa_id_to_register,
        issuer: current.and_then(|c| c.issuer.common_name.clone()),
        issuer_organization: current.and_then(|c| c.issuer.organization.clone()),
        card_generation: generation,
        card_number,
        other_card_numbers,
        valid_until,
        valid_until_source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reading::layout::pkcs15::{CardCertificate, Directory};
    use crate::understanding::analysis::analyse_card;
    use crate::understanding::cert::CaSet;
    use crate::understanding::rules::{evaluate, Options, Policy};
    use crate::understanding::siths::orgs::{resolve, Registry};

    fn info(files: &[&str], org: &str, card_expiry: Option<NaiveDate>) -> OrderInfo {
        let certs: Vec<CardCertificate> = files
            .iter()
            .map(|f| CardCertificate {
                label: None,
                id: String::new(),
                authority: false,
                directory: Directory::Certificates,
                path: (*f).to_string(),
                der: std::fs::read(format!(
                    "{}/tests/data/pki/{f}.der",
                    env!("CARGO_MANIFEST_DIR")
                ))
                .unwrap(),
            })
            .collect();
        let analysed = analyse_card(&certs, CaSet::bundled_with_demo());
        let registry = Registry::builtin();
        let org = resolve(org, &registry).unwrap();
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-24T00:00:00Z")
            .unwrap()
            .to_utc();
        let options = Options {
            now,
            warn_days: 30,
            show_personal_numbers: false,
            card_expiry,
            inventory: None,
            policy: Policy {
                org: Some(org.clone()),
                ..Default::default()
            },
        };
        let eval = evaluate(&analysed, None, &options);
        order_info(&analysed, &eval, &org, now, 30)
    }

    #[test]
    fn replacement_card_is_named_and_dated_by_its_certificate() {
        let i = info(
            &["card-h-reserv-hsa-ident", "card-h-reserv-hsa-sign"],
            "gbg",
            None,
        );
        assert!(!i.nothing_to_order);
        assert_eq!(i.card_generation, Some(Generation::Replacement));
        assert_eq!(
            i.issuer.as_deref(),
            Some("SITHS e-id Person HSA-id 2 CA v1")
        );
        assert_eq!(i.valid_until, NaiveDate::from_ymd_opt(2029, 1, 15));
        assert_eq!(
            i.valid_until_source,
            Some(ValidUntilSource::LatestIdentificationCertificate)
        );
    }

    #[test]
    fn printed_date_wins_and_disagreeing_card_numbers_are_told() {
        let i = info(
            &["card-g-hsa-ident", "card-g-hsa-sign-other-card"],
            "gbg",
            NaiveDate::from_ymd_opt(2030, 6, 1),
        );
        assert_eq!(i.valid_until, NaiveDate::from_ymd_opt(2030, 6, 1));
        assert_eq!(i.valid_until_source, Some(ValidUntilSource::PrintedExpiry));
        assert_eq!(i.other_card_numbers.len(), 1, "{i:?}");
    }

    #[test]
    fn test_and_expired_certificates_never_count_as_having_it() {
        let test = info(&["card-f-test-hsa-ident"], "jonkoping", None);
        assert!(!test.nothing_to_order);
        assert_eq!(test.card_generation, Some(Generation::Test));
        let expired = info(&["card-b-hsa-ident-expired"], "jonkoping", None);
        assert!(!expired.nothing_to_order);
        let has = info(&["card-c-gbg-ident", "card-c-rjl-ident"], "gbg", None);
        assert!(has.nothing_to_order);
        assert_eq!(
            has.hsa_id_to_register.as_deref(),
            Some("SE2120001355-GBG777")
        );
    }
}
