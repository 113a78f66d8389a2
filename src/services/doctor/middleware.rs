//! Doctor's middleware layer: does the login software (the middleware's
//! PKCS#11 module) see what the card holds? It tells "the card is fine,
//! but the login software does not see it" apart from "the card is
//! unreadable". Only public objects are read: no login, no PIN.

use std::path::PathBuf;
use std::time::Duration;

use super::layer::{Layer, LayerId, Status};
use crate::base::lang::Lang;
use crate::reading::card::CardError;
use crate::reading::card_read::CardRead;
use crate::reading::pin::PinStatus;
use crate::reading::pkcs11::{self, Module};

/// The middleware on a computer, as doctor sees it.
pub trait MiddlewareProbe {
    /// The PKCS#11 modules installed.
    fn modules(&self) -> Vec<Module>;
    /// Reads the certificates through one of them.
    fn read(&self, module: &Module, timeout: Duration) -> Result<CardRead, CardError>;
}

/// The modules in the usual places, plus the configuration's
/// `pkcs11_modules`.
pub struct SystemMiddleware {
    pub configured: Vec<PathBuf>,
    /// The slot to look at: a part of the reader's name.
    pub reader: Option<String>,
}

impl MiddlewareProbe for SystemMiddleware {
    fn modules(&self) -> Vec<Module> {
        pkcs11::find_modules(&self.configured)
    }

    fn read(&self, module: &Module, timeout: Duration) -> Result<CardRead, CardError> {
        let (path, reader) = (module.path.clone(), self.reader.clone());
        crate::reading::read::with_deadline(
            timeout,
            "reading through the PKCS#11 module",
            move || pkcs11::read(&path, reader.as_deref()),
        )
    }
}

/// Most modules one doctor run asks (each loads a library and reads the
/// card again).
const MAX_MODULES: usize = 3;

/// The middleware layer. `direct` is the direct read when it succeeded;
/// `attempted` says whether a direct read was tried at all.
pub fn middleware_layer(
    probe: &dyn MiddlewareProbe,
    direct: Option<&CardRead>,
    timeout: Duration,
    lang: Lang,
) -> Layer {
    middleware_check(probe, direct, timeout, lang).0
}

/// The middleware layer, and the PINs as the first module that reported
/// any sees them (its token flags; no command of ours reaches the card).
pub fn middleware_check(
    probe: &dyn MiddlewareProbe,
    direct: Option<&CardRead>,
    timeout: Duration,
    lang: Lang,
) -> (Layer, Vec<PinStatus>) {
    let mut pins: Vec<PinStatus> = Vec::new();
    let modules = probe.modules();
    let layer = |status, detail: String, advice: Option<(&str, &str)>| Layer {
        name: LayerId::Middleware,
        title: LayerId::Middleware.title(lang).to_string(),
        status,
        detail,
        advice: advice.map(|(sv, en)| lang.pick(sv, en).to_string()),
    };
    if modules.is_empty() {
        let skipped = layer(
            Status::Skipped,
            lang.pick(
                "Ingen PKCS#11-modul hittades (Net iD, OpenSC); ange en med `pkcs11_modules` i konfigurationen.",
                "No PKCS#11 module found (Net iD, OpenSC); name one with `pkcs11_modules` in the configuration.",
            )
            .to_string(),
            None,
        );
        return (skipped, pins);
    }
    // The card's own certificates, as the direct read found them.
    let own: Vec<&[u8]> = direct
        .map(|r| {
            r.card
                .certificates
                .iter()
                .filter(|c| !c.authority)
                .map(|c| c.der.as_slice())
                .collect()
        })
        .unwrap_or_default();
    let mut worst = Status::Ok;
    let mut details = Vec::new();
    let mut advice = None;
    for module in modules.iter().take(MAX_MODULES) {
        let seen = probe.read(module, timeout);
        if let (Ok(mw), true) = (&seen, pins.is_empty()) {
            pins = mw.pins.clone();
        }
        let where_ = format!("{} ({})", module.name, module.path.display());
        let (status, detail) = match (&seen, direct) {
            (Ok(mw), Some(_)) => {
                let missing = own
                    .iter()
                    .filter(|d| !mw.card.certificates.iter().any(|c| c.der == **d))
                    .count();
                if missing == 0 {
                    (
                        Status::Ok,
                        format!(
                            "{where_}: {} {}",
                            lang.pick(
                                "ser samma certifikat som kortet har",
                                "sees the same certificates as the card holds"
                            ),
                            format_args!("({})", mw.card.certificates.len())
                        ),
                    )
                } else {
                    (
                        mismatch(module),
                        format!(
                            "{where_}: {} {missing} {} {}",
                            lang.pick("ser inte", "does not see"),
                            lang.pick("av kortets", "of the card's"),
                            own.len(),
                        ),
                    )
                }
            }
            (Err(e), Some(_)) => (mismatch(module), format!("{where_}: {e}")),
            (Ok(mw), None) if !mw.card.certificates.is_empty() => {
                advice = Some((
                    "Inloggningsprogrammet läser kortet fast sithsctl inte kan: kortets uppläggning kan vara ny för sithsctl. Spara `sithsctl dump` och skicka till supporten.",
                    "The login software reads the card although sithsctl cannot: the card's layout may be new to sithsctl. Save `sithsctl dump` and send it to support.",
                ));
                (
                    Status::Warn,
                    format!(
                        "{where_}: {} {}",
                        mw.card.certificates.len(),
                        lang.pick("certifikat", "certificates")
                    ),
                )
            }
            (Ok(_), None) | (Err(_), None) => (
                Status::Skipped,
                format!(
                    "{where_}: {}",
                    lang.pick("ser inte heller kortet", "does not see the card either")
                ),
            ),
        };
        if matches!(status, Status::Fail | Status::Warn) && direct.is_some() {
            advice = Some(ADVICE_REINSTALL);
        }
        if worse(status, worst) {
            worst = status;
        }
        details.push(detail);
    }
    if direct.is_none() && worst == Status::Ok {
        worst = Status::Skipped;
    }
    (layer(worst, details.join("; "), advice), pins)
}

const ADVICE_REINSTALL: (&str, &str) = (
    "Kortet läses bra, men inloggningsprogrammet ser det inte: installera om eller uppdatera det (Net iD), och starta om datorn.",
    "The card reads fine, but the login software does not see it: reinstall or update it (Net iD), and restart the computer.",
);

/// A difference with the SITHS login software (Net iD, or a module the
/// configuration names) fails the layer; one with OpenSC only warns, as
/// SITHS logins do not go through it.
fn mismatch(module: &Module) -> Status {
    if module.login_software {
        Status::Fail
    } else {
        Status::Warn
    }
}

fn worse(a: Status, b: Status) -> bool {
    let rank = |s| match s {
        Status::Fail => 3,
        Status::Warn => 2,
        Status::Ok => 1,
        Status::Skipped => 0,
    };
    rank(a) > rank(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reading::card_read::SourceKind;
    use crate::reading::layout::pkcs15::{CardCertificate, Directory, Located, Pkcs15Card};

    fn read(ders: &[&[u8]]) -> CardRead {
        CardRead {
            source: SourceKind::Pcsc,
            reader: "r".into(),
            atr: vec![],
            format: "pkcs15",
            card: Pkcs15Card {
                app_path: None,
                located: Located::Aid,
                token: None,
                certificates: ders
                    .iter()
                    .map(|d| CardCertificate {
                        label: None,
                        id: String::new(),
                        authority: false,
                        directory: Directory::Certificates,
                        path: String::new(),
                        der: d.to_vec(),
                    })
                    .collect(),
                files: vec![],
                pins: vec![],
            },
            idprime: None,
            pins: vec![],
            apdus: 0,
            elapsed_ms: 0,
        }
    }

    struct Fake {
        modules: Vec<Module>,
        sees: Result<Vec<&'static [u8]>, CardError>,
    }

    impl MiddlewareProbe for Fake {
        fn modules(&self) -> Vec<Module> {
            self.modules.clone()
        }
        fn read(&self, _m: &Module, _t: Duration) -> Result<CardRead, CardError> {
            self.sees.clone().map(|d| read(&d))
        }
    }

    fn netid() -> Module {
        Module {
            path: "/usr/lib/libiidp11.so".into(),
            name: "Net iD",
            login_software: true,
        }
    }

    fn opensc() -> Module {
        Module {
            path: "/usr/lib/opensc-pkcs11.so".into(),
            name: "OpenSC",
            login_software: false,
        }
    }

    const T: Duration = Duration::from_secs(1);

    #[test]
    fn without_a_module_the_layer_is_skipped() {
        let probe = Fake {
            modules: vec![],
            sees: Ok(vec![]),
        };
        let l = middleware_layer(&probe, Some(&read(&[b"a"])), T, Lang::En);
        assert_eq!(l.status, Status::Skipped);
        assert!(l.detail.contains("No PKCS#11 module"), "{}", l.detail);
    }

    #[test]
    fn the_same_certificates_are_ok() {
        let probe = Fake {
            modules: vec![netid()],
            sees: Ok(vec![b"a", b"b"]),
        };
        let l = middleware_layer(&probe, Some(&read(&[b"a", b"b"])), T, Lang::En);
        assert_eq!(l.status, Status::Ok, "{}", l.detail);
        assert!(l.detail.contains("Net iD"));
    }

    #[test]
    fn login_software_that_does_not_see_the_card_fails_with_advice() {
        let probe = Fake {
            modules: vec![netid()],
            sees: Err(CardError::NoCardAnywhere),
        };
        let l = middleware_layer(&probe, Some(&read(&[b"a"])), T, Lang::Sv);
        assert_eq!(l.status, Status::Fail);
        assert!(l.advice.unwrap().contains("installera om eller uppdatera"));
        let probe = Fake {
            modules: vec![netid()],
            sees: Ok(vec![b"a"]),
        };
        let l = middleware_layer(&probe, Some(&read(&[b"a", b"b"])), T, Lang::En);
        assert_eq!(l.status, Status::Fail);
        assert!(
            l.detail.contains("does not see 1 of the card's 2"),
            "{}",
            l.detail
        );
        assert!(l.advice.unwrap().contains("reinstall or update"));
    }

    #[test]
    fn opensc_only_warns() {
        let probe = Fake {
            modules: vec![opensc()],
            sees: Ok(vec![]),
        };
        let l = middleware_layer(&probe, Some(&read(&[b"a"])), T, Lang::En);
        assert_eq!(l.status, Status::Warn);
    }

    #[test]
    fn middleware_that_reads_what_we_cannot_asks_for_a_dump() {
        let probe = Fake {
            modules: vec![netid()],
            sees: Ok(vec![b"a"]),
        };
        let l = middleware_layer(&probe, None, T, Lang::En);
        assert_eq!(l.status, Status::Warn);
        assert!(l.advice.unwrap().contains("sithsctl dump"));
    }

    struct Env(bool);

    impl crate::services::doctor::Environment for Env {
        fn is_pcsc(&self) -> bool {
            true
        }
        fn readers(&self) -> Result<Vec<crate::reading::card::pcsc::ReaderInfo>, CardError> {
            Ok(vec![crate::reading::card::pcsc::ReaderInfo {
                index: 0,
                name: "r".into(),
                state: crate::reading::card::pcsc::SlotState::Present,
                atr: Some(vec![0x3B, 0x00]),
            }])
        }
        fn read(&self, _reader: &str, _t: Duration) -> Result<CardRead, CardError> {
            Ok(read(&[b"a"]))
        }
        fn wait_for_card(
            &self,
            _reader: Option<&str>,
            _t: Duration,
        ) -> Result<Option<String>, CardError> {
            Ok(None)
        }
        fn middleware(&self) -> Option<Box<dyn MiddlewareProbe>> {
            self.0.then(|| {
                Box::new(Fake {
                    modules: vec![netid()],
                    sees: Err(CardError::NoCardAnywhere),
                }) as Box<dyn MiddlewareProbe>
            })
        }
    }

    #[test]
    fn diagnose_adds_the_layer_only_with_middleware() {
        let opts = crate::services::doctor::DoctorOptions {
            reader: None,
            timeout: T,
            lang: Lang::En,
            org: None,
            card_expiry: None,
            inventory: None,
            now: chrono::Utc::now(),
            warn_days: 30,
            cas: crate::understanding::cert::CaSet::bundled_with_demo(),
            wait: None,
            revocation: None,
        };
        let without = crate::services::doctor::diagnose(&Env(false), &opts);
        assert!(without.layer(LayerId::Middleware).is_none());
        let with = crate::services::doctor::diagnose(&Env(true), &opts);
        let layer = with.layer(LayerId::Middleware).expect("a middleware layer");
        assert_eq!(layer.status, Status::Fail);
        assert!(with.causes.iter().any(|c| c.layer == LayerId::Middleware));
    }
}
