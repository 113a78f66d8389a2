//! The end-entity certificates as the rules see them ([`Ee`]: the parsed
//! certificate, its chain result and label, and the questions every rule
//! asks of it), and the choices made among several: the card's own number
//! and the identification certificate to go by. Apart so the rules in
//! `evaluate` read as rules.

use chrono::{DateTime, Utc};

use super::types::Options;
use crate::understanding::cert::{Certificate, ChainCheck, Validity};
use crate::understanding::findings::CertRef;

/// A parsed end-entity certificate with its chain result.
pub(super) struct Ee<'a> {
    pub(super) c: &'a Certificate,
    pub(super) chain: &'a ChainCheck,
    pub(super) label: Option<&'a str>,
}

impl Ee<'_> {
    pub(super) fn validity(&self, o: &Options) -> Validity {
        self.c.validity(o.now, o.warn_days)
    }

    pub(super) fn cert_ref(&self, o: &Options) -> CertRef {
        cert_ref(self.c, self.label, o.show_personal_numbers)
    }

    pub(super) fn issuer(&self) -> String {
        self.c
            .issuer
            .common_name
            .clone()
            .unwrap_or_else(|| self.c.issuer.to_string())
    }

    pub(super) fn hsa(&self) -> Option<&str> {
        self.c.hsa_id.as_ref().map(|h| h.value.as_str())
    }

    pub(super) fn current(&self, o: &Options) -> bool {
        matches!(self.validity(o), Validity::Valid | Validity::Expiring)
    }

    /// Whom the certificate belongs to: HSA-ID, or personal number.
    pub(super) fn holder_key(&self) -> Option<String> {
        self.hsa().map(str::to_string).or_else(|| {
            self.c
                .personal_number
                .as_ref()
                .map(|p| p.reveal().to_string())
        })
    }
}

/// How findings name a certificate: its label, role and holder (the
/// personnummer masked unless `show_personal_numbers`). Public so the
/// services that add findings of their own (revocation) name certificates
/// as the rules do.
pub fn cert_ref(c: &Certificate, label: Option<&str>, show_personal_numbers: bool) -> CertRef {
    let holder_id = c.hsa_id.as_ref().map(|h| h.value.clone()).or_else(|| {
        c.personal_number.as_ref().map(|p| {
            if show_personal_numbers {
                p.reveal().to_string()
            } else {
                p.mask()
            }
        })
    });
    CertRef {
        sha256: c.sha256.clone(),
        role: c.role,
        label: label.map(str::to_string),
        holder_id,
    }
}

pub(super) fn day(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d").to_string()
}

/// The card's own number: the token serial when a certificate carries it,
/// else the number most certificates carry (the first on a tie).
pub(super) fn card_number_of(ees: &[Ee], token_serial: Option<&str>) -> Option<String> {
    let numbers: Vec<&str> = ees
        .iter()
        .filter_map(|e| e.c.card_number.as_ref().map(|n| n.value.as_str()))
        .collect();
    if let Some(serial) = token_serial.map(str::trim) {
        if numbers.contains(&serial) {
            return Some(serial.to_string());
        }
    }
    let mut best: Option<(&str, usize)> = None;
    for n in &numbers {
        let count = numbers.iter().filter(|m| *m == n).count();
        if best.is_none_or(|(_, c)| count > c) {
            best = Some((n, count));
        }
    }
    best.map(|(n, _)| n.to_string())
}
