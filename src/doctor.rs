//! `doctor`: why does the user's name not come up ("namnet kommer inte
//! upp")? Every layer from the PC/SC library to the certificate the login
//! needs is checked on its own, so one failure never hides another, and
//! the causes come out ranked, most likely first, each with what to do.
//!
//! The layers talk to the world only through [`Environment`], so what
//! cannot be staged end to end (no readers at all, a polkit denial) is
//! tested with a fake environment.

use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::analysis::{analyse_card, AnalysedCert};
use crate::card::pcsc::{Pcsc, ReaderInfo, SlotState};
use crate::card::CardError;
use crate::cert::{CaSet, Certificate};
use crate::findings::{Code, Finding, Severity};
use crate::inventory::Inventory;
use crate::lang::Lang;
use crate::layout::pkcs15::Wanted;
use crate::read::{self, read_card, with_deadline, CardRead, Source};
use crate::rules;
use crate::siths::orgs::Org;

/// What doctor needs from the world.
pub trait Environment {
    /// Whether a PC/SC stack is behind this (false for card images).
    fn is_pcsc(&self) -> bool;
    /// Connects to the service and lists the readers with their states.
    fn readers(&self) -> Result<Vec<ReaderInfo>, CardError>;
    /// Reads the card in `reader`.
    fn read(&self, reader: &str, timeout: Duration) -> Result<CardRead, CardError>;
    /// Waits up to `timeout` for a card to be inserted (into the reader
    /// `reader` names, as `--reader` does, or any); returns the reader it
    /// went into.
    fn wait_for_card(
        &self,
        reader: Option<&str>,
        timeout: Duration,
    ) -> Result<Option<String>, CardError>;
    /// The middleware (PKCS#11 modules) to compare with the direct read;
    /// `None`: no middleware layer.
    fn middleware(&self) -> Option<Box<dyn middleware::MiddlewareProbe>> {
        None
    }
}

/// The real PC/SC stack.
pub struct PcscEnvironment {
    pub timeout: Duration,
}

impl Environment for PcscEnvironment {
    fn is_pcsc(&self) -> bool {
        true
    }

    fn readers(&self) -> Result<Vec<ReaderInfo>, CardError> {
        with_deadline(self.timeout, "listing readers", || {
            Pcsc::establish()?.readers()
        })
    }

    fn read(&self, reader: &str, timeout: Duration) -> Result<CardRead, CardError> {
        let reader = reader.to_string();
        with_deadline(timeout, "reading the card", move || {
            read::read_one(&Pcsc::establish()?, &reader, timeout, Wanted::EVERYTHING)
        })
    }

    fn wait_for_card(
        &self,
        reader: Option<&str>,
        timeout: Duration,
    ) -> Result<Option<String>, CardError> {
        let until = Instant::now() + timeout;
        let pcsc = Pcsc::establish()?;
        loop {
            let readers = pcsc.readers()?;
            if let Some(r) = card_in(&readers, reader) {
                return Ok(Some(r.name.clone()));
            }
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(None);
            }
            // Sleeps in pcscd until a reader or card changes.
            pcsc.wait_for_change(&readers, left.min(Duration::from_secs(1)))?;
        }
    }

    fn middleware(&self) -> Option<Box<dyn middleware::MiddlewareProbe>> {
        // The configuration's extra modules (`pkcs11_modules`), if any.
        let configured = crate::config::path(std::env::var_os("SITHSCTL_CONFIG").map(Into::into))
            .and_then(|p| crate::config::Config::load(&p).ok())
            .map(|c| c.pkcs11_modules)
            .unwrap_or_default();
        Some(Box::new(middleware::SystemMiddleware {
            configured,
            reader: None,
        }))
    }
}

/// A card image or the demo card, seen as one reader holding the card.
pub struct ImageEnvironment {
    pub source: Source,
}

impl Environment for ImageEnvironment {
    fn is_pcsc(&self) -> bool {
        false
    }

    fn readers(&self) -> Result<Vec<ReaderInfo>, CardError> {
        let (name, atr) = match &self.source {
            Source::Image(path) => (
                format!("image: {}", path.display()),
                crate::card::image::CardImage::load(path)?.atr,
            ),
            _ => (read::DEMO_NAME.to_string(), read::demo_image()?.atr),
        };
        Ok(vec![ReaderInfo {
            index: 0,
            name,
            state: SlotState::Present,
            atr: Some(atr),
        }])
    }

    fn read(&self, _reader: &str, timeout: Duration) -> Result<CardRead, CardError> {
        read_card(&self.source, timeout, Wanted::EVERYTHING)
    }

    fn wait_for_card(
        &self,
        _reader: Option<&str>,
        _timeout: Duration,
    ) -> Result<Option<String>, CardError> {
        Ok(self.readers()?.first().map(|r| r.name.clone()))
    }
}

/// The reader holding a card that `--wait` waits for: the one `query`
/// names (as `--reader` picks it), or any.
fn card_in<'r>(readers: &'r [ReaderInfo], query: Option<&str>) -> Option<&'r ReaderInfo> {
    match query {
        Some(q) => read::select_reader(readers, q)
            .ok()
            .filter(|r| r.state.has_card()),
        None => readers.iter().find(|r| r.state.has_card()),
    }
}

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
    Signature,
    /// The login software's PKCS#11 module: added only where doctor can
    /// look for one (a real PC/SC stack), so not in [`LayerId::ALL`].
    Middleware,
}

impl LayerId {
    pub const ALL: [LayerId; 12] = [
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
        LayerId::Signature,
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
            Signature => lang.pick("Underskriftscertifikat", "Signature certificate"),
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
            Issuers | Identification | Validity | Signature => FailureKind::Check,
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
}

struct Builder {
    lang: Lang,
    layers: Vec<Layer>,
}

impl Builder {
    fn set(&mut self, id: LayerId, status: Status, detail: String, advice: Option<(&str, &str)>) {
        let lang = self.lang;
        self.layers.push(Layer {
            name: id,
            title: id.title(lang).to_string(),
            status,
            detail,
            advice: advice.map(|(sv, en)| lang.pick(sv, en).to_string()),
        });
    }

    fn ok(&mut self, id: LayerId, detail: String) {
        self.set(id, Status::Ok, detail, None);
    }

    /// Marks every layer not yet set as skipped, saying which layer it
    /// waited for.
    fn skip_rest(&mut self, because: LayerId) {
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

    fn text(&self, sv: &str, en: &str) -> String {
        self.lang.pick(sv, en).to_string()
    }
}

const ADVICE_INSERT: (&str, &str) = (
    "Sätt i kortet helt, chipet först och uppåt. Prova en annan USB-port om läsaren inte reagerar.",
    "Insert the card fully, chip first and facing up. Try another USB port if the reader does not react.",
);
const ADVICE_WAIT: (&str, &str) = (
    "Vänta några sekunder efter att kortet satts i innan du loggar in: kortet måste hinna läsas.",
    "Wait a few seconds after inserting the card before logging in: the card has to be read first.",
);

/// Runs every layer. Never stops at the first failure, never hangs: each
/// call into the environment has its own time bound.
pub fn diagnose(env: &dyn Environment, opts: &DoctorOptions) -> Diagnosis {
    let lang = opts.lang;
    let mut b = Builder {
        lang,
        layers: Vec::new(),
    };
    let mut diagnosis = Diagnosis {
        layers: Vec::new(),
        causes: Vec::new(),
        readers: Vec::new(),
        read: None,
        analysed: Vec::new(),
        ready_after_insertion_ms: None,
        evaluation: None,
    };
    let finish = |mut b: Builder, mut d: Diagnosis| {
        // The middleware layer, once a direct read was tried.
        let tried = b.layers.iter().any(|l| {
            matches!(l.name, LayerId::Pkcs15 | LayerId::Certificates) && l.status != Status::Skipped
        }) || d.read.is_some();
        if let (true, Some(probe)) = (tried, env.middleware()) {
            b.layers.push(middleware::middleware_layer(
                probe.as_ref(),
                d.read.as_ref(),
                opts.timeout,
                lang,
            ));
        }
        d.layers = b.layers;
        d.layers.sort_by_key(|l| l.name);
        d.causes = rank(&d.layers);
        d
    };

    // 1-3: library, service, access.
    if env.is_pcsc() {
        b.ok(
            LayerId::PcscLibrary,
            b.text(
                "PC/SC-biblioteket är laddat.",
                "The PC/SC library is loaded.",
            ),
        );
    } else {
        b.set(
            LayerId::PcscLibrary,
            Status::Skipped,
            b.text(
                "Läser en kortavbild, inte en läsare.",
                "Reading a card image, not a reader.",
            ),
            None,
        );
        b.set(LayerId::Service, Status::Skipped, String::new(), None);
        b.set(LayerId::Access, Status::Skipped, String::new(), None);
    }
    let mut readers = match env.readers() {
        Ok(readers) => readers,
        Err(CardError::AccessDenied) => {
            b.ok(
                LayerId::Service,
                b.text("Tjänsten svarar.", "The service answers."),
            );
            b.set(
                LayerId::Access,
                Status::Fail,
                b.text("Tjänsten nekar åtkomst (polkit).", "The service denies access (polkit)."),
                Some((
                    "Vanligt över SSH eller i en tjänst: lägg till en polkit-regel för org.debian.pcsc-lite.access_pcsc och access_card, eller kör vid datorn.",
                    "Common over SSH or in a service: add a polkit rule for org.debian.pcsc-lite.access_pcsc and access_card, or run at the console.",
                )),
            );
            b.skip_rest(LayerId::Access);
            return finish(b, diagnosis);
        }
        Err(e) => {
            let advice = e.hint(lang).unwrap_or_default();
            b.layers.push(Layer {
                name: LayerId::Service,
                title: LayerId::Service.title(lang).to_string(),
                status: Status::Fail,
                detail: e.message(lang),
                advice: Some(advice.to_string()),
            });
            b.skip_rest(LayerId::Service);
            return finish(b, diagnosis);
        }
    };
    if env.is_pcsc() {
        b.ok(
            LayerId::Service,
            b.text("Tjänsten svarar.", "The service answers."),
        );
        b.ok(
            LayerId::Access,
            b.text("Åtkomst tillåten.", "Access allowed."),
        );
    }

    // 4: readers.
    if readers.is_empty() {
        b.set(
            LayerId::Readers,
            Status::Fail,
            b.text("Ingen kortläsare är ansluten.", "No card reader is connected."),
            Some((
                "Anslut kortläsaren, prova en annan USB-port och kontrollera att den syns i enhetslistan.",
                "Plug in the card reader, try another USB port and check that it appears in the device list.",
            )),
        );
        b.skip_rest(LayerId::Readers);
        return finish(b, diagnosis);
    }
    b.ok(
        LayerId::Readers,
        readers
            .iter()
            .map(|r| r.name.clone())
            .collect::<Vec<_>>()
            .join("; "),
    );

    // --wait: until a card is in.
    let mut inserted_at = None;
    if let Some(wait) = opts.wait {
        let reader = opts.reader.as_deref();
        if card_in(&readers, reader).is_none() {
            if let Ok(Some(_)) = env.wait_for_card(reader, wait) {
                inserted_at = Some(Instant::now());
                readers = env.readers().unwrap_or(readers);
            }
        }
    }
    diagnosis.readers = readers.clone();

    // 5: the reader to look at.
    let chosen = match &opts.reader {
        Some(query) => match read::select_reader(&readers, query) {
            Ok(r) => Some(r.clone()),
            Err(e) => {
                b.set(
                    LayerId::Reader,
                    Status::Fail,
                    e.to_string(),
                    e.hint(lang).map(|h| (h, h)),
                );
                b.skip_rest(LayerId::Reader);
                return finish(b, diagnosis);
            }
        },
        None => readers
            .iter()
            .find(|r| matches!(r.state, SlotState::Present | SlotState::InUse))
            .or_else(|| readers.iter().find(|r| r.state.has_card()))
            .cloned(),
    };
    let states = readers
        .iter()
        .map(|r| format!("{}: {}", r.name, r.state.text(lang)))
        .collect::<Vec<_>>()
        .join("; ");
    let Some(reader) = chosen.filter(|r| r.state.has_card()) else {
        b.set(
            LayerId::Reader,
            Status::Fail,
            format!(
                "{} ({states})",
                b.text("Inget kort i läsaren", "No card in the reader")
            ),
            Some(ADVICE_INSERT),
        );
        b.skip_rest(LayerId::Reader);
        return finish(b, diagnosis);
    };
    match reader.state {
        SlotState::Exclusive => {
            b.set(
                LayerId::Reader,
                Status::Fail,
                format!("{}: {}", reader.name, reader.state.text(lang)),
                Some((
                    "Ett annat program håller kortet ensamt. Stäng det programmet (eller logga ut) och försök igen.",
                    "Another program holds the card exclusively. Close that program (or log out) and try again.",
                )),
            );
        }
        SlotState::Mute | SlotState::Unpowered => {
            b.ok(LayerId::Reader, states.clone());
            b.set(
                LayerId::CardAnswers,
                Status::Fail,
                format!("{}: {}", reader.name, reader.state.text(lang)),
                Some((
                    "Kortet svarar inte: ta ut det, torka av chipet och sätt i det helt igen, chipet först och uppåt. Svarar det ändå inte kan kortet vara trasigt.",
                    "The card does not answer: take it out, wipe the chip and insert it fully again, chip first and facing up. If it still does not answer, the card may be broken.",
                )),
            );
            b.skip_rest(LayerId::CardAnswers);
            return finish(b, diagnosis);
        }
        _ => b.ok(LayerId::Reader, states.clone()),
    }

    // 6: the card answers.
    if let Some(atr) = &reader.atr {
        let name = crate::siths::atr::name(atr)
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        b.ok(
            LayerId::CardAnswers,
            format!("ATR {}{name}", hex::encode_upper(atr)),
        );
    }

    // 7-8: read it.
    let started = Instant::now();
    let read = env.read(&reader.name, opts.timeout);
    let read = match read {
        Ok(read) => read,
        Err(e) => {
            let (layer, advice): (LayerId, (&str, &str)) = match &e {
                CardError::NotSiths { .. } => (
                    LayerId::Pkcs15,
                    (
                        "Kortet saknar SITHS-applikationen: det är inget SITHS-kort, eller fel kort. Kontrollera kortet.",
                        "The card lacks the SITHS application: it is not a SITHS card, or the wrong card. Check the card.",
                    ),
                ),
                CardError::CardInUse { .. } => (
                    LayerId::Reader,
                    (
                        "Ett annat program håller kortet ensamt. Stäng det programmet (eller logga ut) och försök igen.",
                        "Another program holds the card exclusively. Close that program (or log out) and try again.",
                    ),
                ),
                CardError::CardRemoved | CardError::CardReset => (
                    LayerId::Certificates,
                    (
                        "Kortet togs ut eller återställdes under läsningen. Låt kortet sitta kvar, vänta några sekunder och försök igen.",
                        "The card was removed or reset during the read. Leave the card in, wait a few seconds and try again.",
                    ),
                ),
                CardError::CardMute { .. } => (
                    LayerId::CardAnswers,
                    (
                        "Kortet svarar inte: ta ut det och sätt i det helt igen.",
                        "The card does not answer: take it out and insert it fully again.",
                    ),
                ),
                _ => (
                    LayerId::Certificates,
                    (
                        "Kortet kunde inte läsas. Prova en annan läsare; spara det som går att läsa med `sithsctl dump` och skicka till supporten.",
                        "The card could not be read. Try another reader; save what can be read with `sithsctl dump` and send it to support.",
                    ),
                ),
            };
            // A failure found while reading replaces the optimistic result
            // of an earlier layer.
            b.layers.retain(|l| l.name != layer);
            b.set(layer, Status::Fail, e.to_string(), Some(advice));
            b.skip_rest(layer);
            return finish(b, diagnosis);
        }
    };
    b.ok(
        LayerId::Pkcs15,
        format!(
            "{} ({:?})",
            b.text("Applikationen hittad", "Application found"),
            read.card.located
        )
        .replace("(Aid)", "(AID)")
        .replace("(EfDir)", "(EF.DIR)")
        .replace("(DefaultPath)", "(3F00 5015)"),
    );
    let ms = started.elapsed().as_millis() as u64;
    diagnosis.ready_after_insertion_ms = inserted_at.map(|t| t.elapsed().as_millis() as u64);
    let analysed = analyse_card(&read.card.certificates, opts.cas.clone());
    let certs: Vec<&Certificate> = analysed
        .iter()
        .filter_map(|a| a.analysis.as_ref().ok())
        .collect();
    let persons: Vec<&Certificate> = certs.iter().copied().filter(|c| !c.is_ca).collect();
    if persons.is_empty() {
        b.set(
            LayerId::Certificates,
            Status::Fail,
            b.text("Kortet har inga personcertifikat.", "The card holds no personal certificates."),
            Some((
                "Kortet saknar certifikat: beställ certifikat till kortet hos ID-administratören.",
                "The card holds no certificates: order certificates for the card from the ID administrator.",
            )),
        );
        b.skip_rest(LayerId::Certificates);
        diagnosis.read = Some(read);
        diagnosis.analysed = analysed;
        return finish(b, diagnosis);
    }
    let mut detail = format!(
        "{} {} {} {ms} ms ({} {})",
        certs.len(),
        b.text("certifikat lästa på", "certificates read in"),
        "",
        read.apdus,
        b.text("kommandon", "commands"),
    )
    .replace("  ", " ");
    if let Some(after) = diagnosis.ready_after_insertion_ms {
        detail.push_str(&format!(
            "; {} {after} ms {}",
            b.text("klara", "ready"),
            b.text("efter att kortet satts i", "after the card was inserted")
        ));
    }
    let slow = diagnosis
        .ready_after_insertion_ms
        .is_some_and(|ms| ms > 2000)
        || ms > 2000;
    b.set(
        LayerId::Certificates,
        if slow { Status::Warn } else { Status::Ok },
        detail,
        slow.then_some(ADVICE_WAIT),
    );

    // 9-12: what the rules say about the certificates, layer by layer.
    let options = rules::Options {
        now: opts.now,
        warn_days: opts.warn_days,
        show_personal_numbers: false,
        card_expiry: opts.card_expiry,
        inventory: opts.inventory.as_ref(),
        policy: rules::Policy {
            org: opts.org.clone(),
            ..Default::default()
        },
    };
    let token_serial = read.card.token.as_ref().and_then(|t| t.serial.as_deref());
    let evaluation = rules::evaluate(&analysed, token_serial, &options);
    // Layer 10 asks whether the certificate is there, layer 11 whether it
    // is valid: an expired one is a validity failure, not a missing one.
    let org_number = opts.org.as_ref().map(|o| o.number.as_str());
    let present: Vec<&Certificate> = persons
        .iter()
        .copied()
        .filter(|c| c.identifies_for(org_number))
        .collect();
    let consequence = |f: &&Finding| {
        !present.is_empty()
            && matches!(
                f.code,
                Code::NoValidHsaIdIdentification | Code::OrgIdentificationMissing
            )
    };
    for id in [
        LayerId::Issuers,
        LayerId::Identification,
        LayerId::Validity,
        LayerId::Signature,
    ] {
        let mine: Vec<&Finding> = evaluation
            .findings
            .iter()
            .filter(|f| layer_of(f.code) == id && !consequence(f))
            .collect();
        let worst = mine.iter().map(|f| f.severity()).max();
        let status = match worst {
            Some(Severity::Fail) => Status::Fail,
            Some(Severity::Warn) => Status::Warn,
            _ => Status::Ok,
        };
        let shown: Vec<&&Finding> = mine
            .iter()
            .filter(|f| status == Status::Ok || Some(f.severity()) == worst)
            .collect();
        // A layer that is fine says so briefly; its notes are in `inspect`.
        let detail = if status == Status::Ok {
            ok_detail(id, &persons, &present, &evaluation, opts.now, lang)
        } else {
            shown
                .iter()
                .map(|f| f.message(lang))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut advice: Vec<String> = Vec::new();
        if status != Status::Ok {
            for f in &shown {
                let h = f.hint(lang);
                if !advice.contains(&h) {
                    advice.push(h);
                }
            }
        }
        b.layers.push(Layer {
            name: id,
            title: id.title(lang).to_string(),
            status,
            detail,
            advice: (!advice.is_empty()).then(|| advice.join(" ")),
        });
    }

    diagnosis.read = Some(read);
    diagnosis.analysed = analysed;
    diagnosis.evaluation = Some(evaluation);
    finish(b, diagnosis)
}

/// Which layer a finding of the rules belongs to.
fn layer_of(code: Code) -> LayerId {
    use Code::*;
    match code {
        NoCertificates | CertificateUnreadable => LayerId::Certificates,
        TestPkiCertificate
        | UnknownIssuer
        | LegacyIssuer
        | ChainSignatureInvalid
        | AssuranceLevel2 => LayerId::Issuers,
        NoValidHsaIdIdentification
        | OrgIdentificationMissing
        | OrgOnlyTestCertificate
        | PersonalNumberOnly
        | PersonalNumberCertificatePresent
        | HsaIdMissing
        | HsaIdFound
        | OrgIdentificationFound => LayerId::Identification,
        NoSignatureCertificate | SignatureMissingForHsaId => LayerId::Signature,
        RenewCertificateNotCard
        | CertificateExpired
        | CertificateExpiredReplaced
        | CertificateNotYetValid
        | CertificateExpiring
        | CardExpired
        | CardExpiring
        | CardExpiresBeforeCertificates
        | OtherCardNumber
        | CardNumberInvalid => LayerId::Validity,
    }
}

/// What a layer with nothing to report says.
fn ok_detail(
    id: LayerId,
    persons: &[&Certificate],
    present: &[&Certificate],
    evaluation: &rules::Evaluation,
    now: DateTime<Utc>,
    lang: Lang,
) -> String {
    match id {
        LayerId::Issuers => {
            let mut names: Vec<String> = persons
                .iter()
                .filter_map(|c| c.issuer.common_name.clone())
                .collect();
            names.sort();
            names.dedup();
            names.join("; ")
        }
        LayerId::Identification => evaluation
            .policy
            .hsa_id
            .clone()
            .or_else(|| {
                present
                    .iter()
                    .find_map(|c| c.hsa_id.as_ref().map(|h| h.value.clone()))
            })
            .unwrap_or_else(|| {
                lang.pick(
                    "Legitimeringscertifikat finns.",
                    "Identification certificate present.",
                )
                .to_string()
            }),
        LayerId::Validity => match present.iter().max_by_key(|c| c.not_after) {
            Some(c) => format!(
                "{} {} ({} {}).",
                lang.pick(
                    "Legitimeringscertifikatet gäller till",
                    "The identification certificate is valid until"
                ),
                c.not_after.format("%Y-%m-%d"),
                c.days_left(now),
                lang.pick("dagar kvar", "days left")
            ),
            None => lang
                .pick("Certifikaten är giltiga.", "The certificates are valid.")
                .to_string(),
        },
        _ => lang
            .pick(
                "Underskriftscertifikat finns.",
                "Signature certificate present.",
            )
            .to_string(),
    }
}

impl Cause {
    /// The title of the layer this cause belongs to.
    pub fn layer_title(&self, lang: Lang) -> &'static str {
        self.layer.title(lang)
    }
}

/// Failures before warnings; within each, the lower layer first, since a
/// lower failure explains the ones above it.
fn rank(layers: &[Layer]) -> Vec<Cause> {
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

pub mod middleware;

#[cfg(test)]
mod tests;
