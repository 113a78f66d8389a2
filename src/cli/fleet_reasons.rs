//! The fleet's reasons in words: what a finding or the judgement says,
//! in a few words of the user's language, for the "what" column of the
//! summary and the CSV. Apart from `fleet.rs` so the summary's layout and
//! its vocabulary each have a room.

use super::render::words::{self, org_number};
use crate::base::lang::Lang;
use crate::report::{FleetReason, FleetSummary};

/// A reason a card needs action, in words: what the finding or the
/// judgement at `at` says, with its date where it has one.
pub fn reason_text(r: &FleetReason, s: &FleetSummary, lang: Lang) -> String {
    let l = |sv: &'static str, en: &'static str| lang.pick(sv, en);
    let role = if r.detail.contains("signature") {
        l("underskriftscertifikat", "signature certificate")
    } else {
        l("legitimeringscertifikat", "identification certificate")
    };
    let date = first_date(&r.detail);
    match (r.code.as_str(), date) {
        ("expired", Some(date)) => match lang {
            Lang::Sv => format!("inget giltigt {role}: det senaste gick ut {date}"),
            Lang::En => format!("no valid {role}: the last one ended {date}"),
        },
        ("expired", None) => match lang {
            Lang::Sv => format!("inget giltigt {role} (slutdatum oläsligt)"),
            Lang::En => format!("no valid {role} (end date unreadable)"),
        },
        ("expiring", Some(date)) => match lang {
            Lang::Sv => format!("{role} går ut {date}"),
            Lang::En => format!("{role} ends {date}"),
        },
        ("missing_org_certificate", _) => {
            let org = s
                .org
                .as_ref()
                .map(|o| {
                    format!(
                        " {} {} ({})",
                        l("för", "for"),
                        o.name,
                        org_number(&o.number)
                    )
                })
                .unwrap_or_default();
            format!(
                "{}{org}",
                l(
                    "legitimeringscertifikat saknas",
                    "no identification certificate"
                )
            )
        }
        (code, _) => finding_title(code, lang)
            .map(str::to_string)
            .unwrap_or_else(|| words::dash_org_numbers(&r.detail)),
    }
}

/// The first `YYYY-MM-DD` in `text`.
fn first_date(text: &str) -> Option<&str> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let d = &b[i..i + 10];
        let digits = |r: std::ops::Range<usize>| d[r].iter().all(u8::is_ascii_digit);
        (digits(0..4) && d[4] == b'-' && digits(5..7) && d[7] == b'-' && digits(8..10))
            .then(|| &text[i..i + 10])
    })
}

/// A finding in a few words, for the fleet's "what" column (the whole
/// message needs the card it was found on).
fn finding_title(code: &str, lang: Lang) -> Option<&'static str> {
    let (sv, en) = match code {
        "no_certificates" => ("inga certifikat på kortet", "no certificates on the card"),
        "certificate_unreadable" => (
            "ett certifikat går inte att tolka",
            "a certificate cannot be parsed",
        ),
        "renew_certificate_not_card" => (
            "förnya certifikatet, inte kortet",
            "renew the certificate, not the card",
        ),
        "certificate_expired" => ("certifikat utgånget", "certificate expired"),
        "certificate_expired_replaced" => (
            "utgånget certifikat, ersatt",
            "expired certificate, replaced",
        ),
        "certificate_not_yet_valid" => ("certifikat gäller inte än", "certificate not valid yet"),
        "certificate_expiring" => ("certifikat går snart ut", "certificate expiring"),
        "card_expired" => ("kortet har gått ut", "the card has expired"),
        "card_expiring" => ("kortet går snart ut", "the card is expiring"),
        "card_expires_before_certificates" => (
            "kortet går ut före certifikaten",
            "the card expires before its certificates",
        ),
        "other_card_number" => (
            "certifikat med ett annat korts nummer",
            "a certificate with another card's number",
        ),
        "card_number_invalid" => ("felaktigt kortnummer", "malformed card number"),
        "chain_not_anchored" => (
            "kedjan når ingen betrodd rot",
            "the chain reaches no trusted root",
        ),
        "card_ca_untrusted" => (
            "kortets CA-certifikat är inte betrott",
            "the card's CA certificate is not trusted",
        ),
        "unused_certificate_expired" => {
            ("oanvänt certifikat utgånget", "unused certificate expired")
        }
        "pin_blocked" => ("PIN spärrad", "PIN blocked"),
        "pin_blocked_required" => ("PIN som krävs är spärrad", "a required PIN is blocked"),
        "pin_last_try" => ("PIN: ett försök kvar", "PIN: one try left"),
        "pin_count_low" => (
            "PIN: fel försök sedan sist",
            "PIN: wrong tries since last use",
        ),
        "puk_blocked" => ("PUK spärrad: nytt kort", "PUK blocked: a new card"),
        "puk_last_try" => ("PUK: ett försök kvar", "PUK: one try left"),
        "certificate_revoked" => ("certifikat spärrat", "certificate revoked"),
        "certificate_revoked_compromised" => (
            "certifikat spärrat: koder eller kort röjda",
            "certificate revoked: codes or card compromised",
        ),
        "revocation_unknown" => (
            "okänt för spärrtjänsten",
            "unknown to the revocation responder",
        ),
        "revocation_unreachable" => ("spärrkontroll utan svar", "revocation check without answer"),
        "revocation_bad_answer" => (
            "spärrkontrollens svar gick inte att lita på",
            "revocation answer not trusted",
        ),
        "personal_number_only" => (
            "bara personnummercertifikat",
            "personnummer certificates only",
        ),
        "personal_number_certificate_present" => (
            "personnummercertifikat finns också",
            "personnummer certificates too",
        ),
        "no_signature_certificate" => ("underskriftscertifikat saknas", "no signature certificate"),
        "test_pki_certificate" => ("certifikat från test-PKI", "certificate of the test PKI"),
        "assurance_level_2" => (
            "certifikat på tillitsnivå 2",
            "certificate of assurance level 2",
        ),
        "legacy_issuer" => ("certifikat från gammal PKI", "certificate of the old PKI"),
        "chain_signature_invalid" => (
            "certifikatets signatur stämmer inte",
            "certificate signature does not verify",
        ),
        "unknown_issuer" => ("okänd utfärdare", "unknown issuer"),
        "no_valid_hsa_id_identification" => (
            "ingen giltig legitimering med HSA-ID",
            "no valid identification with an HSA-ID",
        ),
        "org_identification_found" => (
            "legitimeringscertifikat för kravets organisation finns",
            "identification certificate for the policy's organisation found",
        ),
        "org_identification_missing_new_card" => (
            "legitimeringscertifikat saknas och kortet går ut: nytt kort",
            "no identification certificate and the card ends: a new card",
        ),
        "org_identification_missing" => (
            "legitimeringscertifikat för kravets organisation saknas",
            "no identification certificate for the policy's organisation",
        ),
        "org_only_test_certificate" => (
            "kravets organisation bara med test-PKI",
            "the policy's organisation on a test certificate only",
        ),
        "hsa_id_found" => ("HSA-ID:t finns", "the HSA-ID found"),
        "hsa_id_missing" => ("HSA-ID:t saknas", "the HSA-ID missing"),
        "signature_missing_for_hsa_id" => (
            "underskrift saknas för HSA-ID:t",
            "no signature certificate for the HSA-ID",
        ),
        _ => return None,
    };
    Some(lang.pick(sv, en))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_finding_has_a_title_in_both_languages() {
        for (_, entry) in crate::understanding::findings::CATALOGUE {
            assert!(
                finding_title(entry.code, Lang::Sv).is_some(),
                "{}",
                entry.code
            );
            assert!(
                finding_title(entry.code, Lang::En).is_some(),
                "{}",
                entry.code
            );
        }
        assert_eq!(finding_title("something_new", Lang::En), None);
    }

    #[test]
    fn dates_are_found_in_details() {
        assert_eq!(
            first_date("no valid signature certificate: the last one ended 2025-05-01"),
            Some("2025-05-01")
        );
        assert_eq!(first_date("ends 2027-01-1"), None);
    }
}
