//! What can go wrong between sithsctl and a card, in the field's words.

use super::status::StatusWord;
use crate::base::lang::Lang;

/// Which exit code and which kind of advice an error calls for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The user asked for something that does not exist (exit 2).
    Usage,
    /// The PC/SC environment: service, access, readers (exit 3).
    Environment,
    /// The card: absent, held, removed, unreadable, not SITHS (exit 4).
    Card,
    /// A file given to us: card image, report, config (exit 5).
    Input,
    /// A bug in sithsctl.
    Internal,
}

/// Errors from the card rooms (transport, simulator, PC/SC, layouts).
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum CardError {
    #[error("the smart card service is not running ({0})")]
    ServiceNotRunning(String),
    /// The service could not be reached for another reason than "not
    /// running": on Windows, `SCardEstablishContext` failing with
    /// `SCARD_F_INTERNAL_ERROR` means the Smart Card subsystem cannot be
    /// used at all. The detail holds the raw code.
    #[error("the smart card service cannot be used ({0})")]
    ServiceUnusable(String),
    #[error("access to the smart card service was denied")]
    AccessDenied,
    #[error("no card reader is connected")]
    NoReaders,
    #[error("no reader matches '{query}' (readers: {})", list(.available))]
    ReaderNotFound {
        query: String,
        available: Vec<String>,
    },
    #[error("'{query}' matches more than one reader: {}", list(.matches))]
    ReaderAmbiguous { query: String, matches: Vec<String> },
    #[error("no card in reader '{reader}'")]
    NoCard { reader: String },
    #[error("no reader holds a card")]
    NoCardAnywhere,
    #[error("the card in '{reader}' is not a SITHS card: it has neither a PKCS#15 application nor an IDPrime applet")]
    NotSiths { reader: String },
    #[error("the card in '{reader}' is in use by another program, which holds it exclusively")]
    CardInUse { reader: String },
    #[error("the card was removed during the read")]
    CardRemoved,
    #[error("the card was reset by another program during the read")]
    CardReset,
    #[error("the card in '{reader}' does not answer (mute or unpowered)")]
    CardMute { reader: String },
    #[error("timed out after {seconds} s while {during}")]
    Timeout { seconds: u64, during: String },
    #[error("the card answered garbage: {0}")]
    Garbage(String),
    #[error("the card answered {sw} to {what}")]
    Status { what: String, sw: StatusWord },
    #[error("the card needed more than {0} commands for one read; stopped")]
    TooManyApdus(usize),
    #[error("{what} claims {size} bytes, more than the {limit} a card can hold")]
    TooLarge {
        what: String,
        size: usize,
        limit: usize,
    },
    #[error("refused to send a command that is not read-only: {0}")]
    Refused(String),
    #[error("PC/SC error while {during}: {code}")]
    Pcsc { during: String, code: String },
    #[error("card image {path}: {detail}")]
    Image { path: String, detail: String },
    #[error("PKCS#11 module {module}: {detail}")]
    Middleware { module: String, detail: String },
}

/// What to do when the smart card service is not running (`unusable`:
/// answers, but cannot be used), on Windows or elsewhere, as (sv, en).
/// Windows runs its Smart Card service (SCardSvr, "Smartkort" in services.msc
/// on a Swedish Windows) only while a reader is connected.
pub fn service_advice(windows: bool, unusable: bool) -> (&'static str, &'static str) {
    match (windows, unusable) {
        (true, false) => (
            "Windows kör tjänsten Smartkort (SCardSvr) bara medan en kortläsare är ansluten: anslut läsaren och försök igen. Hjälper inte det: öppna services.msc, leta upp Smartkort, sätt Starttyp till Automatisk om den är Inaktiverad och starta tjänsten (som administratör: `sc start SCardSvr`).",
            "Windows runs the Smart Card service (SCardSvr) only while a card reader is connected: plug the reader in and try again. If that does not help: open services.msc, find Smart Card, set its Startup type to Automatic if it is Disabled and start it (as administrator: `sc start SCardSvr`).",
        ),
        (true, true) => (
            "Windows smartkortsdel svarar med ett internt fel. Starta om tjänsten Smartkort (SCardSvr) i services.msc (som administratör: `sc stop SCardSvr` och `sc start SCardSvr`), dra ur och sätt i kortläsaren, och starta om datorn om felet finns kvar.",
            "The Smart Card subsystem of Windows answers with an internal error. Restart the Smart Card service (SCardSvr) in services.msc (as administrator: `sc stop SCardSvr` and `sc start SCardSvr`), unplug and plug in the card reader, and restart the computer if the error stays.",
        ),
        (false, false) => (
            "Starta tjänsten för smartkort: `systemctl start pcscd` (eller `pcscd`); på macOS är den en del av systemet.",
            "Start the smart card service: `systemctl start pcscd` (or `pcscd`); on macOS it is part of the system.",
        ),
        (false, true) => (
            "Tjänsten för smartkort svarar men går inte att använda: starta om den (`systemctl restart pcscd`) och anslut kortläsaren igen.",
            "The smart card service answers but cannot be used: restart it (`systemctl restart pcscd`) and plug the card reader in again.",
        ),
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(", ")
    }
}

impl CardError {
    pub fn kind(&self) -> ErrorKind {
        use CardError::*;
        match self {
            ServiceNotRunning(_) | ServiceUnusable(_) | AccessDenied | NoReaders => {
                ErrorKind::Environment
            }
            ReaderNotFound { .. } | ReaderAmbiguous { .. } => ErrorKind::Usage,
            Image { .. } => ErrorKind::Input,
            Refused(_) => ErrorKind::Internal,
            Pcsc { .. } | Middleware { .. } => ErrorKind::Environment,
            _ => ErrorKind::Card,
        }
    }

    /// The message in the reader's language (English is the `Display`).
    pub fn message(&self, lang: Lang) -> String {
        use CardError::*;
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            ServiceNotRunning(d) => format!("tjänsten för smartkort körs inte ({d})"),
            ServiceUnusable(d) => format!("tjänsten för smartkort går inte att använda ({d})"),
            AccessDenied => "åtkomst till tjänsten för smartkort nekades".into(),
            NoReaders => "ingen kortläsare är ansluten".into(),
            ReaderNotFound { query, available } => {
                format!(
                    "ingen läsare matchar '{query}' (läsare: {})",
                    list(available)
                )
            }
            ReaderAmbiguous { query, matches } => {
                format!("'{query}' matchar flera läsare: {}", list(matches))
            }
            NoCard { reader } => format!("inget kort i läsaren '{reader}'"),
            NoCardAnywhere => "ingen läsare har ett kort".into(),
            NotSiths { reader } => {
                format!("kortet i '{reader}' är inget SITHS-kort: det saknar PKCS#15-applikationen")
            }
            CardInUse { reader } => {
                format!("kortet i '{reader}' används av ett annat program, som håller det ensamt")
            }
            CardRemoved => "kortet togs ut under läsningen".into(),
            CardReset => "kortet återställdes av ett annat program under läsningen".into(),
            CardMute { reader } => format!("kortet i '{reader}' svarar inte"),
            Timeout { seconds, during } => format!("gav upp efter {seconds} s ({during})"),
            Garbage(d) => format!("kortet svarade obegripligt: {d}"),
            Status { what, sw } => format!("kortet svarade {sw} på {what}"),
            TooManyApdus(n) => {
                format!("kortet behövde fler än {n} kommandon för en läsning; avbröt")
            }
            TooLarge { what, size, limit } => {
                format!("{what} anger {size} byte, mer än de {limit} ett kort rymmer")
            }
            Refused(d) => format!("vägrade skicka ett kommando som inte bara läser: {d}"),
            Pcsc { during, code } => format!("PC/SC-fel ({during}): {code}"),
            Image { path, detail } => format!("kortavbilden {path}: {detail}"),
            Middleware { module, detail } => {
                format!("mellanprogrammets PKCS#11-modul {module}: {detail}")
            }
        }
    }

    /// A stable identifier for scripts (`error.code` in JSON).
    pub fn code(&self) -> &'static str {
        use CardError::*;
        match self {
            ServiceNotRunning(_) => "service_not_running",
            ServiceUnusable(_) => "service_unusable",
            AccessDenied => "access_denied",
            NoReaders => "no_readers",
            ReaderNotFound { .. } => "reader_not_found",
            ReaderAmbiguous { .. } => "reader_ambiguous",
            NoCard { .. } => "no_card",
            NoCardAnywhere => "no_card",
            NotSiths { .. } => "not_siths",
            CardInUse { .. } => "card_in_use",
            CardRemoved => "card_removed",
            CardReset => "card_reset",
            CardMute { .. } => "card_mute",
            Timeout { .. } => "timeout",
            Garbage(_) => "card_garbage",
            Status { .. } => "card_status",
            TooManyApdus(_) => "card_too_many_commands",
            TooLarge { .. } => "card_too_large",
            Refused(_) => "refused_command",
            Pcsc { .. } => "pcsc_error",
            Image { .. } => "bad_card_image",
            Middleware { .. } => "middleware_error",
        }
    }

    /// What to do about it, in the reader's language.
    pub fn hint(&self, lang: Lang) -> Option<&'static str> {
        use CardError::*;
        let (sv, en) = match self {
            ServiceNotRunning(_) => service_advice(cfg!(windows), false),
            ServiceUnusable(_) => service_advice(cfg!(windows), true),
            AccessDenied => (
                "pcsc-lite nekar åtkomst (polkit), vanligt över SSH eller i en tjänst. Lägg till en polkit-regel för org.debian.pcsc-lite.access_pcsc och access_card, eller kör lokalt.",
                "pcsc-lite denies access (polkit), common over SSH or in a service. Add a polkit rule for org.debian.pcsc-lite.access_pcsc and access_card, or run at the console.",
            ),
            NoReaders => (
                "Anslut kortläsaren, prova en annan USB-port och kontrollera att läsaren syns i enhetshanteraren.",
                "Plug in the card reader, try another USB port and check that the reader shows up in the device list.",
            ),
            ReaderNotFound { .. } | ReaderAmbiguous { .. } => (
                "Ange läsaren med dess nummer eller en unik del av namnet; `sithsctl readers` visar dem.",
                "Name the reader by its number or a unique part of its name; `sithsctl readers` lists them.",
            ),
            NoCard { .. } | NoCardAnywhere => (
                "Sätt i kortet helt, chipet först och uppåt, och vänta några sekunder.",
                "Insert the card fully, chip first and facing up, and wait a few seconds.",
            ),
            NotSiths { .. } => (
                "Kortet har varken PKCS#15-applikationen eller IDPrime-appleten: det är inget SITHS-kort, eller fel kort. Kontrollera kortet; `sithsctl dump` sparar det som kan läsas.",
                "The card has neither the PKCS#15 application nor the IDPrime applet: it is not a SITHS card, or the wrong card. Check the card; `sithsctl dump` saves what can be read.",
            ),
            CardInUse { .. } => (
                "Ett annat program håller kortet ensamt. Stäng programmet (eller logga ut) och försök igen.",
                "Another program holds the card exclusively. Close that program (or log out) and try again.",
            ),
            CardRemoved => (
                "Kortet togs ut medan det lästes. Sätt i det igen och låt det sitta kvar tills läsningen är klar.",
                "The card was pulled out while it was read. Insert it again and leave it in until the read is done.",
            ),
            CardReset => (
                "Ett annat program återställde kortet. Försök igen.",
                "Another program reset the card. Try again.",
            ),
            CardMute { .. } => (
                "Kortet svarar inte: ta ut det, torka av chipet, sätt i det helt igen. Svarar det fortfarande inte kan kortet vara trasigt.",
                "The card does not answer: take it out, wipe the chip, insert it fully again. If it still does not answer, the card may be broken.",
            ),
            Timeout { .. } => (
                "Läsaren eller kortet svarar för långsamt, eller ett annat program håller kortet. Försök igen, eller höj --timeout.",
                "The reader or card is too slow, or another program holds the card. Try again, or raise --timeout.",
            ),
            Garbage(_) | Status { .. } | TooManyApdus(_) | TooLarge { .. } => (
                "Kortet svarar inte som ett SITHS-kort ska. Prova en annan läsare; spara kortets innehåll med `sithsctl dump` och skicka det till supporten.",
                "The card does not answer as a SITHS card should. Try another reader; save what can be read with `sithsctl dump` and send it to support.",
            ),
            Refused(_) => (
                "Detta är ett fel i sithsctl: rapportera det.",
                "This is a bug in sithsctl: please report it.",
            ),
            Pcsc { .. } => (
                "Starta om tjänsten för smartkort och anslut läsaren igen.",
                "Restart the smart card service and plug the reader in again.",
            ),
            Image { .. } => (
                "Kontrollera filen: den ska vara en kortavbild från `sithsctl dump` (JSON).",
                "Check the file: it should be a card image written by `sithsctl dump` (JSON).",
            ),
            Middleware { .. } => (
                "Inloggningsprogrammets PKCS#11-modul gick inte att använda. Kontrollera sökvägen; installera om eller uppdatera programmet (Net iD).",
                "The login software's PKCS#11 module could not be used. Check the path; reinstall or update the software (Net iD).",
            ),
        };
        Some(lang.pick(sv, en))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of every kind, so a new variant without texts fails here.
    fn every_error() -> Vec<CardError> {
        use CardError::*;
        let r = || "R".to_string();
        vec![
            ServiceNotRunning("x".into()),
            ServiceUnusable("x".into()),
            AccessDenied,
            NoReaders,
            ReaderNotFound {
                query: "q".into(),
                available: vec![r()],
            },
            ReaderAmbiguous {
                query: "q".into(),
                matches: vec![r(), r()],
            },
            NoCard { reader: r() },
            NoCardAnywhere,
            NotSiths { reader: r() },
            CardInUse { reader: r() },
            CardRemoved,
            CardReset,
            CardMute { reader: r() },
            Timeout {
                seconds: 1,
                during: "d".into(),
            },
            Garbage("g".into()),
            Status {
                what: "w".into(),
                sw: StatusWord(0x6A82),
            },
            TooManyApdus(1),
            TooLarge {
                what: "w".into(),
                size: 2,
                limit: 1,
            },
            Refused("r".into()),
            Pcsc {
                during: "d".into(),
                code: "c".into(),
            },
            Image {
                path: "p".into(),
                detail: "d".into(),
            },
            Middleware {
                module: "m".into(),
                detail: "d".into(),
            },
        ]
    }

    #[test]
    fn every_error_speaks_both_languages_and_has_a_code() {
        let mut codes = std::collections::BTreeSet::new();
        for e in every_error() {
            let (sv, en) = (e.message(Lang::Sv), e.message(Lang::En));
            assert!(!sv.is_empty() && sv != en, "{e:?}");
            let (hsv, hen) = (e.hint(Lang::Sv).unwrap(), e.hint(Lang::En).unwrap());
            assert!(!hsv.is_empty() && hsv != hen, "{e:?}");
            codes.insert(e.code());
        }
        // NoCard and NoCardAnywhere share `no_card`.
        assert_eq!(codes.len(), every_error().len() - 1);
    }

    #[test]
    fn service_advice_names_the_windows_service_in_both_languages() {
        for unusable in [false, true] {
            let (sv, en) = service_advice(true, unusable);
            assert!(sv.contains("SCardSvr") && en.contains("SCardSvr"), "{en}");
            assert!(
                sv.contains("services.msc") && sv.contains("Smartkort"),
                "{sv}"
            );
            assert!(
                en.contains("services.msc") && en.contains("Smart Card"),
                "{en}"
            );
            let (sv, en) = service_advice(false, unusable);
            assert!(sv.contains("pcscd") && en.contains("pcscd"), "{en}");
            assert!(!en.contains("SCardSvr"), "{en}");
        }
        // The hint a build gives is its platform's.
        let hint = CardError::ServiceUnusable("x".into())
            .hint(Lang::En)
            .unwrap();
        assert_eq!(hint.contains("SCardSvr"), cfg!(windows), "{hint}");
        assert_eq!(
            CardError::ServiceUnusable("x".into()).kind(),
            ErrorKind::Environment
        );
    }

    #[test]
    fn kinds_choose_the_exit_code_family() {
        assert_eq!(CardError::NoReaders.kind(), ErrorKind::Environment);
        assert_eq!(CardError::CardRemoved.kind(), ErrorKind::Card);
        assert_eq!(
            CardError::Image {
                path: "p".into(),
                detail: "d".into()
            }
            .kind(),
            ErrorKind::Input
        );
        assert_eq!(
            CardError::ReaderAmbiguous {
                query: "q".into(),
                matches: vec![]
            }
            .kind(),
            ErrorKind::Usage
        );
        assert_eq!(CardError::Refused("x".into()).kind(), ErrorKind::Internal);
    }
}
