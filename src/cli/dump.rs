//! `sithsctl dump`: the card's public files as a card image, so support can
//! reproduce a user's card with `--image` anywhere. Only what a card gives
//! anyone without a PIN: never a PIN, never a private key.

use super::args::DumpArgs;
use super::common::write_atomically;
use super::output::{write_stdout, Context, Spinner};
use super::{Exit, Failure};
use crate::reading::layout::pkcs15::Wanted;
use crate::reading::read::{image_of_read, read_card};
use crate::report::rfc3339;

pub fn run(args: &DumpArgs, ctx: &Context) -> Result<Exit, Failure> {
    let spinner = Spinner::start(ctx, ctx.lang.pick("Läser kortet…", "Reading the card…"));
    let read = read_card(&ctx.source, ctx.timeout, Wanted::EVERYTHING)?;
    drop(spinner);
    let description = format!(
        "dumped by sithsctl {} from {} at {}",
        env!("CARGO_PKG_VERSION"),
        read.reader,
        rfc3339(ctx.now)
    );
    let json = image_of_read(&read, &description).to_json();
    if args.output.as_os_str() == "-" {
        write_stdout(&json);
    } else {
        write_atomically(&args.output, json.as_bytes()).map_err(|e| Failure::Other {
            exit: Exit::Input,
            code: "dump_failed",
            message: format!("cannot write {}: {e}", args.output.display()),
            hint: None,
        })?;
        if !ctx.json {
            eprintln_text(&format!(
                "{} {} ({} {})\n",
                ctx.lang
                    .pick("Kortavbilden sparad i", "Card image written to"),
                args.output.display(),
                read.card.certificates.len(),
                ctx.lang.pick("certifikat", "certificates"),
            ));
        }
    }
    Ok(Exit::Ok)
}

fn eprintln_text(text: &str) {
    use std::io::Write;
    let _ = std::io::stderr().write_all(text.as_bytes());
}
