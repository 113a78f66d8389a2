//! What doctor's answer is made of: the layers in the order a card login
//! depends on them, how each came out, and the causes ranked from them.
//! Every layer group writes through [`Builder`], so a layer's title and
//! language are set in one place.

use serde::Serialize;

use crate::base::lang::Lang;

/// How a layer came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Warn,
    Fail,
    Skipped,
}

/// The layers, in the order a card login depends on them. The `id` is
/// stable (JSON `name`); the order ranks causes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LayerId {
    PcscLibrary,
    Service,
    Access,
    Readers,
    Reader,
    CardAnswers,
    Pkcs15,
    Certificates,
    Issuers,
    Identification,
    Validity,
    /// Is the login's certificate revoked (OCSP, then the CRL;
    /// `revocation.rs`).
    Revocation,
    Signature,
    /// The PINs: blocked, last try, or fine (`pin.rs`).
    Pin,
    /// The login software's PKCS#11 module: added only where doctor can
    /// look for one (a real PC/SC stack), so not in [`LayerId::ALL`].
    Middleware,
}

impl LayerId {
    pub const ALL: [LayerId; 14] = [
        LayerId::PcscLibrary,
        LayerId::Service,
        LayerId::Access,
        LayerId::Readers,
        LayerId::Reader,
        LayerId::CardAnswers,
        LayerId::Pkcs15,
        LayerId::Certificates,
        LayerId::Issuers,
        LayerId::Identification,
        LayerId::Validity,
        LayerId::Revocation,
        LayerId::Signature,
        LayerId::Pin,
    ];

    pub fn title(self, lang: Lang) -> &'static str {
        use LayerId::*;
        match self {
            PcscLibrary => lang.pick("PC/SC-biblioteket", "PC/SC library"),
            Service => lang.pick("Tjänsten för smartkort", "Smart card service"),
            Access => lang.pick("Åtkomst till tjänsten", "Access to the service"),
            Readers => lang.pick("Kortläsare", "Card readers"),
            Reader => lang.pick("Läsarens läge", "Reader state"),
            CardAnswers => lang.pick("Kortet svarar", "Card answers"),
            Pkcs15 => lang.pick(
                "SITHS-applikationen (PKCS#15)",
                "SITHS application (PKCS#15)",
            ),
            Certificates => lang.pick("Certifikaten går att läsa", "Certificates readable"),
            Issuers => lang.pick("Utfärdare", "Issuers"),
            Identification => lang.pick(
                "Legitimeringscertifikat med HSA-ID",
                "Identification certificate with HSA-ID",
            ),
            Validity => lang.pick("Giltighet", "Validity"),
            Revocation => lang.pick("Spärrkontroll", "Revocation"),
            Signature => lang.pick("Underskriftscertifikat", "Signature certificate"),
            Pin => lang.pick("PIN-koder", "PINs"),
            Middleware => lang.pick(
                "Inloggningsprogrammet (PKCS#11)",
                "Login software (PKCS#11)",
            ),
        }
    }

    /// Which exit code a failure here calls for: the environment, the
    /// card, or the check.
    pub fn kind(self) -> FailureKind {
        use LayerId::*;
        match self {
            PcscLibrary | Service | Access | Readers | Middleware => FailureKind::Environment,
            Reader | CardAnswers | Pkcs15 | Certificates => FailureKind::Card,
            Issuers | Identification | Validity | Revocation | Signature | Pin => {
                FailureKind::Check
            }
        }
    }
}

/// What kind of trouble a failed layer means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureKind {
    Environment,
    Card,
    Check,
}

/// One layer's result.
#[derive(Clone, Debug, Serialize)]
pub struct Layer {
    pub name: LayerId,
    pub title: String,
    pub status: Status,
    pub detail: String,
    pub advice: Option<String>,
}

/// A likely cause, with what to do.
#[derive(Clone, Debug, Serialize)]
pub struct Cause {
    pub layer: LayerId,
    pub status: Status,
    pub message: String,
    pub advice: String,
}

impl Cause {
    /// The title of the layer this cause belongs to.
    pub fn layer_title(&self, lang: Lang) -> &'static str {
        self.layer.title(lang)
    }
}

/// Failures before warnings; within each, the lower layer first, since a
/// lower failure explains the ones above it.
pub(super) fn rank(layers: &[Layer]) -> Vec<Cause> {
    let mut causes: Vec<Cause> = layers
        .iter()
        .filter(|l| matches!(l.status, Status::Fail | Status::Warn))
        .map(|l| Cause {
            layer: l.name,
            status: l.status,
            message: l.detail.clone(),
            advice: l.advice.clone().unwrap_or_default(),
        })
        .collect();
    causes.sort_by_key(|c| (c.status != Status::Fail, c.layer));
    causes
}

/// Collects the layers of one doctor run, in the user's language.
pub(super) struct Builder {
    pub(super) lang: Lang,
    pub(super) layers: Vec<Layer>,
}

impl Builder {
    pub(super) fn set(
        &mut self,
        id: LayerId,
        status: Status,
        detail: String,
        advice: Option<(&str, &str)>,
    ) {
        let lang = self.lang;
        self.layers.push(Layer {
            name: id,
            title: id.title(lang).to_string(),
            status,
            detail,
            advice: advice.map(|(sv, en)| lang.pick(sv, en).to_string()),
        });
    }

    pub(super) fn ok(&mut self, id: LayerId, detail: String) {
        self.set(id, Status::Ok, detail, None);
    }

    /// Marks every layer not yet set as skipped, saying which layer it
    /// waited for.
    pub(super) fn skip_rest(&mut self, because: LayerId) {
        let lang = self.lang;
        for id in LayerId::ALL {
            if !self.layers.iter().any(|l| l.name == id) {
                let detail = format!(
                    "{} {}",
                    lang.pick("Hoppades över: kräver", "Skipped: needs"),
                    because.title(lang).to_lowercase()
                );
                self.set(id, Status::Skipped, detail, None);
            }
        }
    }

    pub(super) fn text(&self, sv: &str, en: &str) -> String {
        self.lang.pick(sv, en).to_string()
    }
}
