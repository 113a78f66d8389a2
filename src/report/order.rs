//! The `order-info` document: the data to order a certificate for a card.

use serde::Serialize;

use super::certs::{CardSummary, CertEntry};
use super::inspect::CardNumberOut;
use super::meta::Meta;

/// `sithsctl order-info --json` (since 1.2.0).
#[derive(Debug, Serialize)]
pub struct OrderInfoReport {
    #[serde(flatten)]
    pub meta: Meta,
    pub card: CardSummary,
    pub order: crate::services::order::OrderInfo,
    /// The card's certificates, as in `certs`, so `fleet` can judge the
    /// card for any organisation (since 1.3.0).
    pub certificates: Vec<CertEntry>,
    /// As in `inspect` (since 1.3.0).
    pub card_numbers: Vec<CardNumberOut>,
}
