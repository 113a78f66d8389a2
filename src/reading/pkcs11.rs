//! Reading certificates through the middleware's PKCS#11 module (Net iD,
//! OpenSC): what the login software itself sees, whatever the card's
//! layout. Certificates are public objects, so this needs no PIN: a
//! read-only session, never `C_Login`, only `C_FindObjects` for
//! certificates and `C_GetAttributeValue` for their value, label and iD.
//! The PINs' state comes from `C_GetTokenInfo`'s flags, per token.

use std::path::{Path, PathBuf};
use std::time::Instant;

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as P11Error, RvError};
use cryptoki::object::{Attribute, AttributeType, CertificateType, ObjectClass};
use cryptoki::slot::{Slot, TokenInfo as P11TokenInfo};

use crate::reading::card::CardError;
use crate::reading::card_read::{CardRead, SourceKind};
use crate::reading::layout::pkcs15::{
    CardCertificate, Directory, Located, Pkcs15Card, TokenInfo, MAX_CERTIFICATES, MAX_CERT_BYTES,
};
use crate::reading::pin::{token_pins, TokenFlags};

/// A middleware module found on this computer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Module {
    pub path: PathBuf,
    /// `Net iD`, `OpenSC`, or `PKCS#11` for one the configuration named.
    pub name: &'static str,
    /// Whether SITHS logins go through it (Net iD): a difference between
    /// it and the card matters more than one with OpenSC.
    pub login_software: bool,
}

/// Where the usual modules live, by platform: Net iD first (the SITHS
/// login software), then OpenSC.
pub fn usual_paths() -> Vec<(PathBuf, &'static str, bool)> {
    let mut out: Vec<(PathBuf, &'static str, bool)> = Vec::new();
    if cfg!(windows) {
        // Only %PROGRAMFILES%: it is the folder of modules a program of
        // ours can load (64-bit ones for a 64-bit build). The 32-bit ones
        // under %PROGRAMFILES(X86)% would fail to load in a 64-bit program
        // and look like a broken middleware.
        if let Some(dir) = std::env::var_os("PROGRAMFILES").map(PathBuf::from) {
            out.push((dir.join("Net iD").join("iidp11.dll"), "Net iD", true));
            out.push((
                dir.join("OpenSC Project")
                    .join("OpenSC")
                    .join("pkcs11")
                    .join("opensc-pkcs11.dll"),
                "OpenSC",
                false,
            ));
        }
    } else if cfg!(target_os = "macos") {
        for p in [
            "/Library/Application Support/Net iD/libiidp11.dylib",
            "/usr/local/lib/libiidp11.dylib",
        ] {
            out.push((p.into(), "Net iD", true));
        }
        for p in [
            "/Library/OpenSC/lib/opensc-pkcs11.so",
            "/usr/local/lib/opensc-pkcs11.so",
            "/opt/homebrew/lib/opensc-pkcs11.so",
        ] {
            out.push((p.into(), "OpenSC", false));
        }
    } else {
        for p in [
            "/usr/lib/libiidp11.so",
            "/usr/local/lib/libiidp11.so",
            "/usr/lib/x86_64-linux-gnu/libiidp11.so",
        ] {
            out.push((p.into(), "Net iD", true));
        }
        for p in [
            "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
            "/usr/lib/x86_64-linux-gnu/pkcs11/opensc-pkcs11.so",
            "/usr/lib64/opensc-pkcs11.so",
            "/usr/lib/opensc-pkcs11.so",
        ] {
            out.push((p.into(), "OpenSC", false));
        }
    }
    out
}

/// The modules that are there: the configuration's first, then the usual
/// places; one entry per file (symbolic links followed).
pub fn find_modules(configured: &[PathBuf]) -> Vec<Module> {
    let mut found: Vec<(Module, PathBuf)> = Vec::new();
    let candidates = configured
        .iter()
        .map(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let (name, login) = if name.contains("iidp11") {
                ("Net iD", true)
            } else if name.contains("opensc") {
                ("OpenSC", false)
            } else {
                ("PKCS#11", true)
            };
            (p.clone(), name, login)
        })
        .chain(usual_paths());
    for (path, name, login_software) in candidates {
        let Ok(real) = std::fs::canonicalize(&path) else {
            continue;
        };
        if found.iter().any(|(_, r)| *r == real) {
            continue;
        }
        found.push((
            Module {
                path,
                name,
                login_software,
            },
            real,
        ));
    }
    found.into_iter().map(|(m, _)| m).collect()
}

fn failure(module: &Path, what: &str, e: P11Error) -> CardError {
    CardError::Middleware {
        module: module.display().to_string(),
        detail: format!("{what}: {e}"),
    }
}

/// Reads the certificates of one token through `module`: the token in
/// the slot whose description contains `reader` (case-insensitive), else
/// the first token that holds certificates.
pub fn read(module: &Path, reader: Option<&str>) -> Result<CardRead, CardError> {
    let started = Instant::now();
    let ctx = Pkcs11::new(module).map_err(|e| failure(module, "cannot load it", e))?;
    match ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
        Ok(()) | Err(P11Error::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => {}
        Err(e) => return Err(failure(module, "C_Initialize failed", e)),
    }
    let slots = ctx
        .get_slots_with_token()
        .map_err(|e| failure(module, "cannot list its slots", e))?;
    let mut candidates = Vec::new();
    for slot in slots {
        let description = ctx
            .get_slot_info(slot)
            .map(|i| i.slot_description().trim().to_string())
            .unwrap_or_default();
        if let Some(query) = reader {
            if !description.to_lowercase().contains(&query.to_lowercase()) {
                continue;
            }
        }
        candidates.push((slot, description));
    }
    if candidates.is_empty() {
        return Err(match reader {
            Some(r) => CardError::NoCard { reader: r.into() },
            None => CardError::NoCardAnywhere,
        });
    }
    let mut first = None;
    for (slot, description) in &candidates {
        let card = read_slot(&ctx, module, *slot)?;
        let read = CardRead {
            source: SourceKind::Pkcs11,
            reader: description.clone(),
            atr: Vec::new(),
            format: "pkcs11",
            card,
            idprime: None,
            pins: card_tokens_pins(&ctx, &candidates, description),
            apdus: 0,
            elapsed_ms: started.elapsed().as_millis() as u64,
        };
        if !read.card.certificates.is_empty() {
            return Ok(read);
        }
        first.get_or_insert(read);
    }
    // Every candidate had a token; `first` is set.
    first.ok_or(CardError::NoCardAnywhere)
}

/// The PINs of the card in the reader `description` names: the flags of
/// every token in a slot of that reader (the middleware shows a card as
/// one token per PIN). A token whose info cannot be read says nothing.
fn card_tokens_pins(
    ctx: &Pkcs11,
    slots: &[(Slot, String)],
    description: &str,
) -> Vec<crate::reading::pin::PinStatus> {
    let infos: Vec<P11TokenInfo> = slots
        .iter()
        .filter(|(_, d)| d == description)
        .filter_map(|(slot, _)| ctx.get_token_info(*slot).ok())
        .collect();
    let flags: Vec<&dyn TokenFlags> = infos.iter().map(|i| i as &dyn TokenFlags).collect();
    token_pins(&flags)
}

impl TokenFlags for P11TokenInfo {
    fn token_label(&self) -> String {
        self.label().to_string()
    }
    fn login_required(&self) -> bool {
        P11TokenInfo::login_required(self)
    }
    fn user_pin_count_low(&self) -> bool {
        P11TokenInfo::user_pin_count_low(self)
    }
    fn user_pin_final_try(&self) -> bool {
        P11TokenInfo::user_pin_final_try(self)
    }
    fn user_pin_locked(&self) -> bool {
        P11TokenInfo::user_pin_locked(self)
    }
    fn so_pin_count_low(&self) -> bool {
        P11TokenInfo::so_pin_count_low(self)
    }
    fn so_pin_final_try(&self) -> bool {
        P11TokenInfo::so_pin_final_try(self)
    }
    fn so_pin_locked(&self) -> bool {
        P11TokenInfo::so_pin_locked(self)
    }
}

fn text(bytes: &str) -> Option<String> {
    let t = bytes.trim().trim_end_matches('\0').trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The token's public certificates, through a read-only session.
fn read_slot(ctx: &Pkcs11, module: &Path, slot: Slot) -> Result<Pkcs15Card, CardError> {
    let token = ctx.get_token_info(slot).ok().map(|t| TokenInfo {
        serial: text(t.serial_number()),
        manufacturer: text(t.manufacturer_id()),
        label: text(t.label()),
    });
    let session = ctx
        .open_ro_session(slot)
        .map_err(|e| failure(module, "cannot open a read-only session", e))?;
    let handles = session
        .find_objects(&[
            Attribute::Class(ObjectClass::CERTIFICATE),
            Attribute::CertificateType(CertificateType::X_509),
        ])
        .map_err(|e| failure(module, "cannot list certificates", e))?;
    let mut certificates: Vec<CardCertificate> = Vec::new();
    for handle in handles {
        if certificates.len() >= MAX_CERTIFICATES {
            return Err(CardError::TooLarge {
                what: "the middleware's certificate list".into(),
                size: certificates.len() + 1,
                limit: MAX_CERTIFICATES,
            });
        }
        let attributes = session
            .get_attributes(
                handle,
                &[
                    AttributeType::Value,
                    AttributeType::Label,
                    AttributeType::Id,
                ],
            )
            .map_err(|e| failure(module, "cannot read a certificate", e))?;
        let (mut der, mut label, mut id) = (None, None, Vec::new());
        for a in attributes {
            match a {
                Attribute::Value(v) => der = Some(v),
                Attribute::Label(l) => label = text(&String::from_utf8_lossy(&l)),
                Attribute::Id(i) => id = i,
                _ => {}
            }
        }
        let Some(der) = der else { continue };
        if der.len() > MAX_CERT_BYTES {
            return Err(CardError::TooLarge {
                what: "a certificate from the middleware".into(),
                size: der.len(),
                limit: MAX_CERT_BYTES,
            });
        }
        if certificates.iter().any(|c| c.der == der) {
            continue;
        }
        certificates.push(CardCertificate {
            label,
            id: hex::encode_upper(&id),
            authority: false,
            directory: Directory::Certificates,
            path: format!("pkcs11:slot={}", slot.id()),
            der,
        });
    }
    Ok(Pkcs15Card {
        app_path: None,
        located: Located::Pkcs11,
        token,
        certificates,
        files: Vec::new(),
        pins: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_that_is_not_there_is_a_middleware_error() {
        let err = read(Path::new("/nonexistent/libiidp11.so"), None).unwrap_err();
        assert!(matches!(err, CardError::Middleware { .. }), "{err:?}");
        assert_eq!(err.kind(), crate::reading::card::ErrorKind::Environment);
    }

    #[test]
    fn configured_modules_come_first_and_missing_ones_are_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let netid = dir.path().join("libiidp11.so");
        std::fs::write(&netid, b"").unwrap();
        let found = find_modules(&[netid.clone(), dir.path().join("missing.so")]);
        assert_eq!(found[0].path, netid);
        assert_eq!(found[0].name, "Net iD");
        assert!(found[0].login_software);
        assert!(found.iter().all(|m| m.path.exists()));
    }
}
