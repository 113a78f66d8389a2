//! Steps several commands share: read the card, analyse its certificates.

use super::output::{Context, Spinner};
use super::{Exit, Failure};
use crate::reading::card_read::CardRead;
use crate::reading::layout::pkcs15::Wanted;
use crate::reading::read::read_card;
use crate::understanding::analysis::{analyse_card, AnalysedCert};
use crate::understanding::cert::{self, CaSet, CaSource};

/// Reads the card the flags name and analyses every certificate on it.
pub fn read_and_analyse(
    ctx: &Context,
    wanted: Wanted,
) -> Result<(CardRead, Vec<AnalysedCert>), Failure> {
    read_and_analyse_from(ctx, &ctx.source, wanted).map(|(read, analysed, _)| (read, analysed))
}

/// Reads the card at `source` (not necessarily the flags' one: `watch`
/// names each reader) and analyses every certificate on it; also gives
/// the known CAs, where a revocation check finds a certificate's issuer.
pub fn read_and_analyse_from(
    ctx: &Context,
    source: &crate::reading::read::Source,
    wanted: Wanted,
) -> Result<(CardRead, Vec<AnalysedCert>, CaSet), Failure> {
    let cas = known_cas(ctx)?;
    let spinner = Spinner::start(ctx, ctx.lang.pick("Läser kortet…", "Reading the card…"));
    let read = read_card(source, ctx.timeout, wanted)?;
    drop(spinner);
    let analysed = analyse_card(&read.card.certificates, cas.clone());
    Ok((read, analysed, cas))
}

/// Largest `--ca` file: a PEM bundle of a whole PKI is well under 1 MiB.
pub const MAX_CA_FILE_BYTES: u64 = 1024 * 1024;

/// The bundled SITHS CAs plus the user's `--ca` files (DER or PEM); for
/// the demo card also its made-up PKI's roots.
pub fn known_cas(ctx: &Context) -> Result<CaSet, Failure> {
    let mut cas = match ctx.source {
        crate::reading::read::Source::Demo => CaSet::bundled_with_demo(),
        _ => CaSet::bundled(),
    };
    for path in &ctx.ca_files {
        let bad = |detail: String| Failure::Other {
            exit: Exit::Input,
            code: "bad_ca_file",
            message: format!("CA file {}: {detail}", path.display()),
            hint: Some(
                ctx.lang
                    .pick(
                        "Ange ett CA-certifikat i DER- eller PEM-format.",
                        "Give a CA certificate in DER or PEM form.",
                    )
                    .to_string(),
            ),
        };
        let bytes = crate::base::input::read_capped(path, MAX_CA_FILE_BYTES)
            .map_err(|e| bad(e.to_string()))?;
        let der = cert::pem_to_der(&bytes).unwrap_or(bytes);
        let c = cert::analyse(&der).map_err(|e| bad(e.to_string()))?;
        cas.add(c, CaSource::User);
    }
    Ok(cas)
}

/// Writes a file whole or not at all: a temporary file renamed into place.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Writes a file whole or not at all, never over an existing one unless
/// `force`: the temporary file is linked into place, which fails when the
/// name is taken (`ErrorKind::AlreadyExists`), even against another
/// program writing it at the same moment.
pub fn write_new_atomically(
    path: &std::path::Path,
    bytes: &[u8],
    force: bool,
) -> std::io::Result<()> {
    if force {
        return write_atomically(path, bytes);
    }
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    let dir = if dir.as_os_str().is_empty() {
        std::path::Path::new(".")
    } else {
        dir
    };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{name}.{}.new.tmp", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    linked
}

/// The message for a file that could not be written: an existing one
/// names `--force`.
pub fn write_failure(
    path: &std::path::Path,
    e: &std::io::Error,
    code: &'static str,
    lang: crate::base::lang::Lang,
) -> Failure {
    let exists = e.kind() == std::io::ErrorKind::AlreadyExists;
    Failure::Other {
        exit: if exists { Exit::Usage } else { Exit::Input },
        code,
        message: if exists {
            format!(
                "{} {}",
                path.display(),
                lang.pick(
                    "finns redan och skrivs inte över",
                    "exists already and is not overwritten"
                )
            )
        } else {
            format!(
                "{} {}: {e}",
                lang.pick("kan inte skriva", "cannot write"),
                path.display()
            )
        },
        hint: exists.then(|| {
            lang.pick(
                "Ange ett annat filnamn, eller --force för att skriva över.",
                "Give another file name, or --force to overwrite it.",
            )
            .to_string()
        }),
    }
}
