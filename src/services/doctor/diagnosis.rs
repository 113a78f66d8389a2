//! What doctor was asked and what it found, as the command layer and the
//! report model see them.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};

use super::layer::{Cause, FailureKind, Layer, LayerId, Status};
use crate::base::lang::Lang;
use crate::reading::card::pcsc::ReaderInfo;
use crate::reading::card_read::CardRead;
use crate::understanding::analysis::AnalysedCert;
use crate::understanding::cert::CaSet;
use crate::understanding::inventory::Inventory;
use crate::understanding::rules;
use crate::understanding::siths::orgs::Org;

/// What doctor found.
#[derive(Clone, Debug)]
pub struct Diagnosis {
    pub layers: Vec<Layer>,
    /// Failures first, then warnings, each in layer order.
    pub causes: Vec<Cause>,
    pub readers: Vec<ReaderInfo>,
    pub read: Option<CardRead>,
    pub analysed: Vec<AnalysedCert>,
    /// With `--wait`: milliseconds from the card's insertion until its
    /// certificates had been read.
    pub ready_after_insertion_ms: Option<u64>,
    /// What the rules made of the certificates, when they were read.
    pub evaluation: Option<rules::Evaluation>,
    /// The revocation answers, by certificate, when asked.
    pub revocation: Option<crate::services::card_revocation::CardRevocation>,
    /// The card's PINs, from the card and the middleware (layer 13).
    pub pins: Vec<crate::reading::pin::PinStatus>,
}

impl Diagnosis {
    pub fn layer(&self, id: LayerId) -> Option<&Layer> {
        self.layers.iter().find(|l| l.name == id)
    }

    /// The worst failure's kind, for the exit code.
    pub fn failure(&self) -> Option<FailureKind> {
        self.causes
            .iter()
            .find(|c| c.status == Status::Fail)
            .map(|c| c.layer.kind())
    }
}

/// What to check for.
#[derive(Clone, Debug)]
pub struct DoctorOptions {
    pub reader: Option<String>,
    pub timeout: Duration,
    pub lang: Lang,
    /// The organisation whose identification certificate the login needs.
    pub org: Option<Org>,
    /// The date printed on the card, when known.
    pub card_expiry: Option<NaiveDate>,
    /// Printed dates by card number.
    pub inventory: Option<Inventory>,
    pub now: DateTime<Utc>,
    pub warn_days: i64,
    pub cas: CaSet,
    /// Wait this long for a card to be inserted.
    pub wait: Option<Duration>,
    /// Whether and how to ask if the login's certificates are revoked
    /// (`None`: not asked; the layer says so).
    pub revocation: Option<crate::services::card_revocation::Plan>,
}
