//! `sithsctl dump`: the card's public files as a card image, so support can
//! reproduce a user's card with `--image` anywhere. Only what a card gives
//! anyone without a PIN: never a PIN, never a private key.

use super::args::DumpArgs;
use super::common::{write_failure, write_new_atomically};
use super::output::{write_stdout, Context, Spinner};
use super::{Exit, Failure};
use crate::reading::layout::pkcs15::Wanted;
use crate::reading::read::{image_of_read, read_card};
use crate::report::rfc3339;

pub fn run(args: &DumpArgs, ctx: &Context) -> Result<Exit, Failure> {
    let spinner = Spinner::start(ctx, ctx.lang.pick("Läser kortet…", "Reading the card…"));
    let read = read_card(&ctx.source, ctx.timeout, Wanted::EVERYTHING)?;
    drop(spinner);
    // Personnummer certificates are personal data: left out unless asked.
    let personal: Vec<usize> = read
        .card
        .certificates
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            crate::understanding::cert::analyse(&c.der)
                .is_ok_and(|a| !a.is_ca && a.personal_number.is_some())
        })
        .map(|(i, _)| i)
        .collect();
    let mut description = format!(
        "dumped by sithsctl {} from {} at {}",
        env!("CARGO_PKG_VERSION"),
        read.reader,
        rfc3339(ctx.now)
    );
    let image = if args.include_personal_numbers || personal.is_empty() {
        if !personal.is_empty() {
            eprintln_text(&format!(
                "{}: {} {}\n",
                ctx.lang.pick("Varning", "Warning"),
                personal.len(),
                ctx.lang.pick(
                    "personnummercertifikat finns med i avbilden: den innehåller personuppgifter, hantera den därefter.",
                    "personnummer certificates are in the image: it holds personal data, handle it accordingly."
                )
            ));
        }
        image_of_read(&read, &description)
    } else {
        description.push_str(&format!(
            "; {} personnummer certificate(s) left out (personal data; --include-personal-numbers keeps them)",
            personal.len()
        ));
        crate::reading::leave_out::image_without(&read, &description, &personal)
    };
    let json = image.to_json();
    if args.output.as_os_str() == "-" {
        write_stdout(&json);
    } else {
        write_new_atomically(&args.output, json.as_bytes(), args.force)
            .map_err(|e| write_failure(&args.output, &e, "dump_failed", ctx.lang))?;
        if !ctx.json {
            let left_out = if args.include_personal_numbers {
                0
            } else {
                personal.len()
            };
            let mut text = format!(
                "{} {} ({} {})\n",
                ctx.lang
                    .pick("Kortavbilden sparad i", "Card image written to"),
                args.output.display(),
                read.card.certificates.len() - left_out,
                ctx.lang.pick("certifikat", "certificates"),
            );
            if left_out > 0 {
                text.push_str(&format!(
                    "{} {left_out} {}\n",
                    ctx.lang.pick("Utelämnade", "Left out"),
                    ctx.lang.pick(
                        "personnummercertifikat (personuppgifter); --include-personal-numbers tar med dem.",
                        "personnummer certificates (personal data); --include-personal-numbers keeps them.",
                    )
                ));
            }
            eprintln_text(&text);
        }
    }
    Ok(Exit::Ok)
}

fn eprintln_text(text: &str) {
    use std::io::Write;
    let _ = std::io::stderr().write_all(text.as_bytes());
}
