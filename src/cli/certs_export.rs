//! `certs --export DIR`: each certificate as DER and PEM, to attach to a
//! ticket or open with other tools. Files are named by role and HSA-ID
//! (`identification-SE2321000057-ANAN01.der`), never by a personnummer;
//! personnummer certificates are written only with
//! `--show-personal-numbers`. Nothing is overwritten without `--force`,
//! every file is written whole, and what was written is told.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::common::{write_failure, write_new_atomically};
use super::output::Context;
use super::{Exit, Failure};
use crate::understanding::analysis::AnalysedCert;
use crate::understanding::cert::{der_to_pem, Role};

/// A file name from text: letters, digits, `-`, `_` and `.` kept, the rest `-`.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// The file stem of one certificate (without the personnummer).
fn stem(a: &AnalysedCert) -> String {
    let Ok(c) = &a.analysis else {
        return "unreadable".into();
    };
    let role = match c.role {
        Role::Identification => "identification",
        Role::Signature => "signature",
        Role::Other => "other",
    };
    if c.is_ca {
        return format!(
            "ca-{}",
            clean(c.subject.common_name.as_deref().unwrap_or("unnamed"))
        );
    }
    match (&c.hsa_id, &c.personal_number) {
        (Some(h), _) => format!("{role}-{}", clean(&h.value)),
        (None, Some(_)) => format!("{role}-personal-number"),
        (None, None) => role.to_string(),
    }
}

/// Writes the card's certificates into `dir`.
pub fn export(
    dir: &Path,
    certs: &[AnalysedCert],
    force: bool,
    ctx: &Context,
) -> Result<(), Failure> {
    let lang = ctx.lang;
    let fail = |e: std::io::Error| Failure::Other {
        exit: Exit::Input,
        code: "export_failed",
        message: format!("cannot write to {}: {e}", dir.display()),
        hint: None,
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    let mut left_out = 0usize;
    let mut planned: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut stems: Vec<String> = Vec::new();
    for a in certs {
        let personal = a
            .analysis
            .as_ref()
            .is_ok_and(|c| c.personal_number.is_some());
        if personal && !ctx.view.show_personal_numbers {
            left_out += 1;
            continue;
        }
        let mut s = stem(a);
        // Two certificates of one role and HSA-ID (an old one beside its
        // renewal) are told apart by the start of their hash.
        if stems.contains(&s) {
            let sha = crate::understanding::cert::sha256_hex(&a.on_card.der);
            s = format!("{s}-{}", &sha[..8]);
        }
        stems.push(s.clone());
        planned.push((dir.join(format!("{s}.der")), a.on_card.der.clone()));
        planned.push((
            dir.join(format!("{s}.pem")),
            der_to_pem(&a.on_card.der).into_bytes(),
        ));
    }
    if !force {
        if let Some((taken, _)) = planned.iter().find(|(p, _)| p.exists()) {
            let e = std::io::Error::from(std::io::ErrorKind::AlreadyExists);
            return Err(write_failure(taken, &e, "export_failed", lang));
        }
    }
    let mut err = std::io::stderr().lock();
    for (path, bytes) in &planned {
        write_new_atomically(path, bytes, force)
            .map_err(|e| write_failure(path, &e, "export_failed", lang))?;
        let _ = writeln!(err, "{} {}", lang.pick("skrev", "wrote"), path.display());
    }
    if left_out > 0 {
        let _ = writeln!(
            err,
            "{} {left_out} {}",
            lang.pick("Utelämnade", "Left out"),
            lang.pick(
                "personnummercertifikat (personuppgifter); --show-personal-numbers skriver även dem.",
                "personnummer certificates (personal data); --show-personal-numbers writes them too.",
            )
        );
    }
    Ok(())
}
