//! The `order-info` document: the data to order a certificate for a card.

use serde::Serialize;

use super::certs::CardSummary;
use super::meta::Meta;

/// `sithsctl order-info --json` (since 1.2.0).
#[derive(Debug, Serialize)]
pub struct OrderInfoReport {
    #[serde(flatten)]
    pub meta: Meta,
    pub card: CardSummary,
    pub order: crate::services::order::OrderInfo,
}
