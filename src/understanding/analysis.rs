//! A card's certificates, understood together: each one analysed, and its
//! issuer looked for among the bundled CAs, the card's own CA certificates
//! and the ones the user gave.

use crate::reading::layout::pkcs15::CardCertificate;
use crate::understanding::cert::{self, CaSet, CaSource, Certificate, ChainCheck};

/// One certificate from the card with what we made of it.
#[derive(Clone, Debug)]
pub struct AnalysedCert {
    pub on_card: CardCertificate,
    /// The analysis, or why the bytes are not a certificate we can read.
    pub analysis: Result<Certificate, String>,
    pub chain: ChainCheck,
}

/// Analyses every certificate of a card. `cas` holds the CAs known before
/// the card was read (bundled and user-given); the card's own CA
/// certificates are added to them.
pub fn analyse_card(certificates: &[CardCertificate], mut cas: CaSet) -> Vec<AnalysedCert> {
    let parsed: Vec<Result<Certificate, String>> = certificates
        .iter()
        .map(|c| cert::analyse(&c.der).map_err(|e| e.to_string()))
        .collect();
    for c in parsed.iter().flatten() {
        if c.is_ca {
            cas.add(c.clone(), CaSource::Card);
        }
    }
    certificates
        .iter()
        .zip(parsed)
        .map(|(on_card, analysis)| {
            let chain = match &analysis {
                Ok(c) => cas.trust(c),
                Err(_) => ChainCheck::NotChecked {
                    reason: cert::NotCheckedReason::Unparsable,
                },
            };
            AnalysedCert {
                on_card: on_card.clone(),
                analysis,
                chain,
            }
        })
        .collect()
}
